package compiler

import (
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/definition/yamldec"
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

// parseDirector decodes a director setting as a definition writes it, so
// that its Meta knows which fields were given.
func parseDirector(t *testing.T, src string) *definition.Director {
	t.Helper()
	var d definition.Director
	if diags := yamldec.Decode("director.yaml", []byte(src), &d); diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	return &d
}
