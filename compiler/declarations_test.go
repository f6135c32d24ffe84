package compiler

import (
	"testing"

	"github.com/webplatform/edgectl/definition"
)

// TestDirectorTypes: every director type a definition may name has the
// Fastly API number Fastly documents (1 random, 3 hash, 4 client: the
// director object's type field,
// https://www.fastly.com/documentation/reference/api/load-balancing/directors/director/).
func TestDirectorTypes(t *testing.T) {
	want := map[string]int{"random": 1, "hash": 3, "client": 4}
	if len(definition.DirectorTypes) != len(want) {
		t.Fatalf("definition.DirectorTypes = %v, want the %d types of %v", definition.DirectorTypes, len(want), want)
	}
	for _, name := range definition.DirectorTypes {
		api, known := want[name]
		if !known {
			t.Errorf("definition accepts director type %q, which Fastly does not have", name)
			continue
		}
		if got := directorTypeAPI(name); got != api {
			t.Errorf("directorTypeAPI(%q) = %d, want %d", name, got, api)
		}
	}
}
