package verify

import "testing"

func TestProbeCycle(t *testing.T) {
	fs, err := Lint(Files{"local": "include \"main\";\n", "main": "include \"local\";\n"}, "local")
	t.Log(fs, err)
}
