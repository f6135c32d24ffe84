package diag

import "testing"

func TestClosest(t *testing.T) {
	levels := []string{"production", "staging", "workbench"}
	tests := []struct{ key, want string }{
		{"Staging", "staging"},    // case
		{"stagign", "staging"},    // swapped letters
		{"workbnch", "workbench"}, // a letter missing
		{"prod", "production"},    // abbreviation
		{"qa", ""},                // nothing close
		{"pr", ""},                // too short to abbreviate
	}
	for _, tt := range tests {
		if got := Closest(tt.key, levels); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
	if got := Closest("work", []string{"workbench", "workshop"}); got != "" {
		t.Errorf("an ambiguous abbreviation gave %q", got)
	}
}
