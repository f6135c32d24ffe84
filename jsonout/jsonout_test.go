package jsonout

import (
	"strings"
	"testing"
)

// TestShape: Write and Marshal give the same bytes: indented by two
// spaces, "<" and "&" as they are, a final newline.
func TestShape(t *testing.T) {
	v := map[string]any{"msg": "a < b & c", "n": []int{1}}
	const want = "{\n  \"msg\": \"a < b & c\",\n  \"n\": [\n    1\n  ]\n}\n"
	var b strings.Builder
	if err := Write(&b, v); err != nil {
		t.Fatal(err)
	}
	data, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]string{"Write": b.String(), "Marshal": string(data)} {
		if got != want {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
	if _, err := Marshal(func() {}); err == nil {
		t.Error("Marshal of a func: no error")
	}
}
