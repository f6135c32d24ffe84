package definition

import (
	"strings"
	"testing"
)

func TestServiceAt(t *testing.T) {
	site := &Site{
		Levels:   []Level{{Name: "production"}, {Name: "staging"}},
		Services: []*Service{{Name: "www", ServiceIDs: map[string]string{"production": "P1", "staging": "S1"}}},
	}
	tests := []struct {
		name, service, level, wantID, wantErr string
	}{
		{"known", "www", "staging", "S1", ""},
		{"unknown service", "wwww", "staging", "", `unknown service "wwww"; did you mean "www"? services: www`},
		{"unknown level", "www", "stagign", "", `unknown level "stagign"; did you mean "staging"? levels: production, staging`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, id, err := site.ServiceAt(tt.service, tt.level)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || svc.Name != tt.service || id != tt.wantID {
				t.Fatalf("got %v, %q, %v", svc, id, err)
			}
		})
	}
}

func TestMaintenanceSwitchAt(t *testing.T) {
	site := &Site{
		Levels: []Level{{Name: "production"}},
		Services: []*Service{
			{Name: "www", File: "services/www.yaml", ServiceIDs: map[string]string{"production": "P1"}, Maintenance: &Maintenance{}},
			{Name: "docs", File: "services/docs.yaml", ServiceIDs: map[string]string{"production": "P2"}},
		},
	}
	if id, err := site.MaintenanceSwitchAt("www", "production"); err != nil || id != "P1" {
		t.Errorf("www: got %q, %v; want P1", id, err)
	}
	want := "docs has no maintenance switch: add a maintenance section to services/docs.yaml and publish"
	if _, err := site.MaintenanceSwitchAt("docs", "production"); err == nil || err.Error() != want {
		t.Errorf("docs: error %v, want %q", err, want)
	}
	if _, err := site.MaintenanceSwitchAt("nope", "production"); err == nil || !strings.HasPrefix(err.Error(), `unknown service "nope"`) {
		t.Errorf("unknown service: error %v", err)
	}
	if got := site.WithMaintenance(); len(got) != 1 || got[0] != "www" {
		t.Errorf("WithMaintenance() = %v, want [www]", got)
	}
}
