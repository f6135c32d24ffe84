package jsonout

import (
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, map[string]any{"msg": "a < b & c", "n": []int{1}}); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"msg\": \"a < b & c\",\n  \"n\": [\n    1\n  ]\n}\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}
