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

func TestWithin(t *testing.T) {
	tests := []struct {
		a, b string
		n    int
		want bool
	}{
		{"levle", "level", 2, true},    // a swap is one edit
		{"dryrun", "dry-run", 2, true}, // one insertion
		{"lvl", "level", 2, true},      // two insertions
		{"lv", "level", 2, false},      // three
		{"output", "output", 0, true},
		{"quiet", "root", 2, false},
	}
	for _, tt := range tests {
		if got := Within(tt.a, tt.b, tt.n); got != tt.want {
			t.Errorf("Within(%q, %q, %d) = %v, want %v", tt.a, tt.b, tt.n, got, tt.want)
		}
	}
}
