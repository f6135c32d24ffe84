package pipeline

import (
	"encoding/json"
	"testing"

	"github.com/webplatform/edgectl/compiler"
)

func TestVersion(t *testing.T) {
	v := Version{Edgectl: "v1.2.3", Format: "7", Falco: "v1.13.0"}
	if got, want := v.String(), "edgectl v1.2.3 (7), falco v1.13.0"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	data, _ := json.Marshal(v)
	if got, want := string(data), `{"edgectl":"v1.2.3","format":"7","falco":"v1.13.0"}`; got != want {
		t.Errorf("JSON %s, want %s", got, want)
	}
	if got := Versions(); got.Format != compiler.Version || got.Edgectl == "" || got.Falco == "" {
		t.Errorf("Versions() = %+v", got)
	}
}
