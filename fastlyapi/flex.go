package fastlyapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// The Fastly API answers some object kinds with numbers and booleans as
// strings ("1", "0", "200"), others with JSON numbers and booleans, and
// leaves unset fields null. These types accept every form so that the
// remote state compares equal to the desired state when the values are equal.
// They are hand-written: go-fastly normalises with mapstructure only inside
// its own typed calls, which /details does not go through.

// flexInt is an integer sent as a number, a numeric string, a boolean or null.
type flexInt int

func (n *flexInt) UnmarshalJSON(b []byte) error {
	s, quoted, err := scalar(b)
	if err != nil {
		return err
	}
	s = strings.TrimSpace(s)
	switch s {
	case "", "null":
		*n = 0
		return nil
	case "true":
		if !quoted {
			*n = 1
			return nil
		}
	case "false":
		if !quoted {
			*n = 0
			return nil
		}
	}
	if v, err := strconv.Atoi(s); err == nil {
		*n = flexInt(v)
		return nil
	}
	// 1.0 and 1e3 are still whole numbers.
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int(f)) {
		return fmt.Errorf("expected an integer, got %s", b)
	}
	*n = flexInt(int(f))
	return nil
}

// flexBool is a boolean sent as true/false, "1"/"0", "true"/"false", 1/0 or null.
type flexBool bool

func (v *flexBool) UnmarshalJSON(b []byte) error {
	s, _, err := scalar(b)
	if err != nil {
		return err
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "t", "yes", "on":
		*v = true
	case "false", "0", "f", "no", "off", "", "null":
		*v = false
	default:
		return fmt.Errorf("expected a boolean, got %s", b)
	}
	return nil
}

// flexString is a string that may be sent as null, a number or a boolean.
type flexString string

func (v *flexString) UnmarshalJSON(b []byte) error {
	s, quoted, err := scalar(b)
	if err != nil {
		return err
	}
	if !quoted && s == "null" {
		s = ""
	}
	*v = flexString(s)
	return nil
}

// scalar returns the text of a JSON scalar and whether it was a string.
func scalar(b []byte) (string, bool, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return "", false, fmt.Errorf("empty value")
	}
	switch b[0] {
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", false, err
		}
		return s, true, nil
	case '{', '[':
		return "", false, fmt.Errorf("expected a scalar, got %.40s", b)
	}
	return string(b), false, nil
}
