package pipeline

import (
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
)

// TestServices: one row per service and selected level, by service name,
// with the level's Fastly ID and domains.
func TestServices(t *testing.T) {
	site, diags := definition.Load(realRoot)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	rows := Services(site, []string{"staging"})
	if len(rows) != len(site.Services) || !slices.IsSortedFunc(rows, func(a, b ServiceRow) int { return strings.Compare(a.Service, b.Service) }) {
		t.Fatalf("rows: %+v", rows)
	}
	blog := rows[0]
	if blog.Service != "blog" || blog.Level != "staging" || blog.ServiceID != "lKawy8RMxsVVEfBGDILphN" || !slices.Equal(blog.Domains, []string{"blog.webplatformstaging.org"}) {
		t.Errorf("blog at staging: %+v", blog)
	}
	if all := Services(site, nil); len(all) != len(site.Services)*len(site.Levels) {
		t.Errorf("%d rows for every level", len(all))
	}
	var b strings.Builder
	WriteServices(&b, rows[:1])
	if want := "blog     staging     lKawy8RMxsVVEfBGDILphN blog.webplatformstaging.org\n"; b.String() != want {
		t.Errorf("text %q, want %q", b.String(), want)
	}
}
