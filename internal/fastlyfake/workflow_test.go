package fastlyfake

import (
	"slices"
	"strings"
	"testing"

	"github.com/fastly/go-fastly/v9/fastly"
)

// TestPublishWorkflow walks the publish cycle with go-fastly, the client
// edgectl uses: read the active version, clone, edit the draft, validate,
// activate, and checks Fastly's rules on the way.
func TestPublishWorkflow(t *testing.T) {
	_, u := NewTest(t, Options{}, testSeed)
	c := newClient(t, u)
	sid := testSeed.ID

	d := details(t, u, sid)
	active, ok := d["active_version"].(map[string]any)
	if !ok {
		t.Fatalf("seeded service has no active version: %v", d["active_version"])
	}
	if active["number"] != 1.0 || active["locked"] != true {
		t.Errorf("active version %v locked %v, want 1 locked", active["number"], active["locked"])
	}
	for plural, want := range map[string][]string{"backends": {"origin"}, "domains": {"www.example.org"}, "vcls": {"main"}, "dictionaries": {"edgectl_settings"}} {
		if got := names(active, plural); !slices.Equal(got, want) {
			t.Errorf("seeded %s = %v, want %v", plural, got, want)
		}
	}

	// The active version is locked: edits are refused with a 400.
	_, err := c.CreateBackend(&fastly.CreateBackendInput{ServiceID: sid, ServiceVersion: 1, Name: fastly.ToPointer("b2"), Address: fastly.ToPointer("192.0.2.2")})
	if he := httpError(t, err); he.StatusCode != 400 || len(he.Errors) == 0 || !strings.Contains(he.Errors[0].Detail, "locked") {
		t.Errorf("edit of the active version: %v", err)
	}

	v2, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1})
	if err != nil {
		t.Fatal(err)
	}
	if *v2.Number != 2 || *v2.Locked || *v2.Active {
		t.Errorf("clone: number %d locked %v active %v, want 2, unlocked, inactive", *v2.Number, *v2.Locked, *v2.Active)
	}
	// The clone holds every object of its source.
	dv2 := details(t, u, sid)
	if v := dv2["version"].(map[string]any); v["number"] != 1.0 {
		t.Errorf("details version %v, want the active version 1", v["number"])
	}
	r := do(t, u, "GET", "/service/"+sid+"/details?version=2", nil).obj(t)["version"].(map[string]any)
	for _, plural := range []string{"backends", "domains", "vcls", "dictionaries"} {
		if got, want := names(r, plural), names(active, plural); !slices.Equal(got, want) {
			t.Errorf("clone %s = %v, want %v", plural, got, want)
		}
	}

	if _, err := c.CreateBackend(&fastly.CreateBackendInput{ServiceID: sid, ServiceVersion: 2, Name: fastly.ToPointer("b2"), Address: fastly.ToPointer("192.0.2.2"), Port: fastly.ToPointer(8080)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UpdateVersion(&fastly.UpdateVersionInput{ServiceID: sid, ServiceVersion: 2, Comment: fastly.ToPointer("edgectl test")}); err != nil {
		t.Fatal(err)
	}
	ok, msg, err := c.ValidateVersion(&fastly.ValidateVersionInput{ServiceID: sid, ServiceVersion: 2})
	if err != nil || !ok {
		t.Fatalf("validate: %v %q %v", ok, msg, err)
	}
	if _, err := c.ActivateVersion(&fastly.ActivateVersionInput{ServiceID: sid, ServiceVersion: 2}); err != nil {
		t.Fatal(err)
	}
	versions, err := c.ListVersions(&fastly.ListVersionsInput{ServiceID: sid})
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, v := range versions {
		states = append(states, strings.Join([]string{map[bool]string{true: "active", false: "inactive"}[*v.Active], map[bool]string{true: "locked", false: "unlocked"}[*v.Locked]}, "+"))
	}
	if want := []string{"inactive+locked", "active+locked"}; !slices.Equal(states, want) {
		t.Errorf("after activating 2: %v, want %v", states, want)
	}
	if err := c.DeleteBackend(&fastly.DeleteBackendInput{ServiceID: sid, ServiceVersion: 2, Name: "b2"}); err == nil {
		t.Error("edit of the activated version was accepted")
	}

	// Rollback: activate 1 again.
	if _, err := c.ActivateVersion(&fastly.ActivateVersionInput{ServiceID: sid, ServiceVersion: 1}); err != nil {
		t.Fatal(err)
	}
	if a := details(t, u, sid)["active_version"].(map[string]any); a["number"] != 1.0 || len(names(a, "backends")) != 1 {
		t.Errorf("after rollback: active %v with backends %v", a["number"], names(a, "backends"))
	}
}
