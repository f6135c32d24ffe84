package definition

import (
	"slices"
	"testing"
)

func TestSiteNames(t *testing.T) {
	site := &Site{
		Levels:   []Level{{Name: "production"}, {Name: "staging"}},
		Services: []*Service{{Name: "www"}, {Name: "talk", Maintenance: &Maintenance{}}},
	}
	if got, want := site.ServiceNames(), []string{"www", "talk"}; !slices.Equal(got, want) {
		t.Errorf("ServiceNames = %v, want %v", got, want)
	}
	if got, want := site.LevelNames(), []string{"production", "staging"}; !slices.Equal(got, want) {
		t.Errorf("LevelNames = %v, want %v", got, want)
	}
	if got, want := site.WithMaintenance(), []string{"talk"}; !slices.Equal(got, want) {
		t.Errorf("WithMaintenance = %v, want %v", got, want)
	}
	if got := (&Site{}).ServiceNames(); len(got) != 0 {
		t.Errorf("no services: %v", got)
	}
}
