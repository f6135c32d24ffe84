package sync

import (
	"errors"
	"strings"
	"testing"
)

func TestRollbackTarget(t *testing.T) {
	versions := []Version{{Number: 1, Locked: true}, {Number: 2, Locked: true}, {Number: 3}, {Number: 4, Locked: true, Active: true}, {Number: 5}}
	r := &Remote{ServiceID: "x", ActiveVersion: 4, Versions: versions}
	for _, c := range []struct {
		remote  *Remote
		to      int
		want    int
		wantErr string
	}{
		{r, 0, 2, ""}, // 3 was never activated
		{r, 1, 1, ""},
		{r, 5, 5, ""},
		{r, 4, 0, "already active"},
		{r, 9, 0, "no version 9 (versions 1 to 5)"},
		{&Remote{ServiceID: "x", Versions: versions[:1]}, 0, 0, "no active version"},
		{&Remote{ServiceID: "x", ActiveVersion: 1, Versions: []Version{{Number: 1, Locked: true, Active: true}}}, 0, 0, "name one with --to"},
	} {
		got, err := RollbackTarget(c.remote, c.to)
		if got != c.want || (err == nil) != (c.wantErr == "") || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
			t.Errorf("RollbackTarget(active %d, --to %d) = %d, %v; want %d, %q", c.remote.ActiveVersion, c.to, got, err, c.want, c.wantErr)
		}
	}
}

func TestRollback(t *testing.T) {
	sb, c := newSandbox(t)
	before, err := c.Details(demoID, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, target := demo(t, true)
	if _, err := publish(c, target, 1, nil); err != nil {
		t.Fatal(err)
	}
	cur, _ := c.Details(demoID, 0)
	to, err := RollbackTarget(cur, 0)
	if err != nil || to != 1 {
		t.Fatalf("target %d, %v", to, err)
	}
	// The active version is not what the operator was shown.
	sb.ResetRequests()
	if err := Rollback(c, demoID, to, RollbackOptions{Base: 3}); !errors.Is(err, ErrActiveChanged) {
		t.Errorf("rollback from a stale base: %v", err)
	}
	if w := writes(sb); len(w) != 0 {
		t.Errorf("aborted rollback wrote %q", w)
	}
	if err := Rollback(c, demoID, to, RollbackOptions{Base: 2}); err != nil {
		t.Fatal(err)
	}
	if w := writes(sb); len(w) != 1 || w[0] != "PUT /activate" {
		t.Errorf("rollback wrote %q, want one activation", w)
	}
	mustHold(t, c, before.Config)
	after, _ := c.Details(demoID, 0)
	if after.ActiveVersion != 1 || len(after.Versions) != 2 {
		t.Errorf("active %d, %d versions", after.ActiveVersion, len(after.Versions))
	}
}
