package fleet

import (
	"bytes"
	"errors"
	"testing"

	"github.com/webplatform/edgectl/internal/testtool"
)

// TestPlanEscapesCloudText: server names, faults and statuses come from
// OpenStack; the plan, a refused project and apply's progress print them
// with control characters escaped (a "\r" in a name would let the rest of
// the line overwrite the action in front of it).
func TestPlanEscapesCloudText(t *testing.T) {
	f := loadReal(t)
	l := f.Level("workbench")
	servers := activeServers(t, "workbench")
	servers[0].Status, servers[0].Fault = StatusError, "No valid host\r   keep\x1b[K"
	servers = append(servers, Server{ID: "hand-made", Name: "my-box\r  keep  ", Status: StatusActive, Level: "workbench"})
	p, err := MakePlan(f, l, servers)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	p.Write(&b)
	testtool.ExpectEscaped(t, "the plan", b.String(), `my-box\x0d  keep`, `No valid host\x0d   keep\x1b[K`)

	foreign := append(activeServers(t, "workbench"), Server{ID: "x", Name: "app9\x1b[2J", Status: StatusActive, Level: "production\r"})
	_, err = MakePlan(f, l, foreign)
	var fe *ForeignError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a ForeignError", err)
	}
	testtool.ExpectEscaped(t, "the refusal", err.Error(), `app9\x1b[2J`)
}
