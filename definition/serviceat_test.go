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
