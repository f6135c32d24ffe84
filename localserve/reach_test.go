package localserve

import (
	"net"
	"testing"
	"time"
)

func TestUnreachable(t *testing.T) {
	up, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	gone, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gone.Close() // nothing listens there now
	targets := []Target{{Backend: "b_up", Address: up.Addr().String()}, {Backend: "a_gone", Address: gone.Addr().String()}, {Backend: "c_bad", Address: "no-port"}}
	down := Unreachable(targets, time.Second)
	if len(down) != 2 || down[0].Backend != "a_gone" || down[1].Backend != "c_bad" {
		t.Errorf("Unreachable = %v, want a_gone and c_bad", down)
	}
}

func TestVariantTargets(t *testing.T) {
	u := www(t)
	v, err := NewVariant(UnitFiles(u), u.MaxBackends, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"app": "203.0.113.11:80", "F_objects": "objects.dreamhost.com:443", "maintenance": "203.0.113.10:80"}
	if len(v.Targets) != len(want) {
		t.Fatalf("targets %v, want %v", v.Targets, want)
	}
	for _, tg := range v.Targets {
		if want[tg.Backend] != tg.Address {
			t.Errorf("target %v, want %s", tg, want[tg.Backend])
		}
	}
}
