package fastlyapi

import (
	"encoding/json"
	"testing"
)

func TestFlexScalars(t *testing.T) {
	for _, c := range []struct {
		in   string
		i    int
		b    bool
		s    string
		ierr bool
		berr bool
	}{
		{in: `200`, i: 200, s: "200", berr: true},
		{in: `"200"`, i: 200, s: "200", berr: true},
		{in: `" 15000 "`, i: 15000, s: " 15000 ", berr: true},
		{in: `1`, i: 1, b: true, s: "1"},
		{in: `"1"`, i: 1, b: true, s: "1"},
		{in: `"0"`, i: 0, b: false, s: "0"},
		{in: `true`, i: 1, b: true, s: "true"},
		{in: `"true"`, b: true, s: "true", ierr: true},
		{in: `false`, i: 0, b: false, s: "false"},
		{in: `null`, i: 0, b: false, s: ""},
		{in: `""`, i: 0, b: false, s: ""},
		{in: `1e3`, i: 1000, s: "1e3", berr: true},
		{in: `1.5`, s: "1.5", ierr: true, berr: true},
		{in: `"HEAD"`, s: "HEAD", ierr: true, berr: true},
		{in: `[1]`, ierr: true, berr: true},
	} {
		var i flexInt
		err := json.Unmarshal([]byte(c.in), &i)
		if (err != nil) != c.ierr || (err == nil && int(i) != c.i) {
			t.Errorf("flexInt(%s) = %d, %v; want %d, error %v", c.in, i, err, c.i, c.ierr)
		}
		var b flexBool
		err = json.Unmarshal([]byte(c.in), &b)
		if (err != nil) != c.berr || (err == nil && bool(b) != c.b) {
			t.Errorf("flexBool(%s) = %v, %v; want %v, error %v", c.in, b, err, c.b, c.berr)
		}
		var s flexString
		if err := json.Unmarshal([]byte(c.in), &s); err == nil && string(s) != c.s {
			t.Errorf("flexString(%s) = %q, want %q", c.in, s, c.s)
		}
	}
}
