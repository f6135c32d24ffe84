package compiler

import (
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
)

type desiredBackend = desired.Backend

func definitionHost(s string) definition.Hostname { return definition.Hostname(s) }

func mustDuration(t *testing.T, s string) definition.Duration {
	t.Helper()
	d, err := definition.ParseDuration(s)
	if err != nil {
		t.Fatal(err)
	}
	return definition.Duration(d)
}
