package fastlyfake

import (
	"strings"
	"testing"
)

// TestSeedErrors: bad seeds are errors.
func TestSeedErrors(t *testing.T) {
	tests := []struct {
		name string
		seed ServiceSeed
	}{
		{"no ID", ServiceSeed{Name: "x"}},
		{"bad dictionary name", ServiceSeed{ID: "A", Config: &SeedConfig{Dictionaries: []SeedDictionary{{Name: "1bad"}}}}},
		{"item key too long", ServiceSeed{ID: "B", Config: &SeedConfig{Dictionaries: []SeedDictionary{{Name: "d", Items: map[string]string{strings.Repeat("k", 300): "v"}}}}}},
	}
	for _, tt := range tests {
		s, err := New(Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Seed(tt.seed); err == nil {
			t.Errorf("%s: accepted", tt.name)
		}
	}
}
