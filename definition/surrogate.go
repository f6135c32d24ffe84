package definition

import (
	"fmt"
	"regexp/syntax"
	"strings"
)

// checkSurrogateKeys checks each rule's key template against its path: a
// key holds no space (Surrogate-Key separates keys with spaces), quote or
// control character, and refers only to groups the path has.
func (c *checker) checkSurrogateKeys() {
	for _, r := range c.svc.SurrogateKeys {
		if r.Key == "" || r.Path.IsZero() {
			continue // the decoder reported the missing field
		}
		at := r.Meta.At("key")
		if strings.ContainsFunc(r.Key, func(ch rune) bool { return ch <= ' ' || ch == '"' || ch == 0x7f }) {
			c.errf(at, "write the key without spaces: give a rule per key", "surrogate key %q contains a space, a quote or a control character", shorten(r.Key))
			continue
		}
		groups := 0
		if re, err := syntax.Parse(r.Path.Source, syntax.Perl); err == nil {
			groups = re.MaxCap()
		}
		for _, ref := range SurrogateKeyParts(r.Key) {
			switch {
			case ref.Group < 0:
				c.errf(at, `write \1 to \9 for a group of the path; other backslashes cannot be in a key`, "surrogate key %q has a backslash that is not \\1 to \\9", shorten(r.Key))
			case ref.Group > groups:
				c.errf(at, fmt.Sprintf("refer to a group the path captures (it has %d), or add the group to the path", groups), "surrogate key %q refers to group %d, but the path has %d", shorten(r.Key), ref.Group, groups)
			default:
				continue
			}
			break
		}
	}
}

// KeyPart is a piece of a surrogate key template: text, or a group of the
// path's match (Group 1 to 9; -1 for a backslash that names none).
type KeyPart struct {
	Text  string
	Group int
}

// SurrogateKeyParts splits a key template into text and group references:
// 'wiki-\1' is "wiki-" then group 1.
func SurrogateKeyParts(key string) []KeyPart {
	var parts []KeyPart
	for {
		i := strings.IndexByte(key, '\\')
		if i < 0 {
			break
		}
		if i > 0 {
			parts = append(parts, KeyPart{Text: key[:i]})
		}
		if i+1 < len(key) && key[i+1] >= '1' && key[i+1] <= '9' {
			parts = append(parts, KeyPart{Group: int(key[i+1] - '0')})
			key = key[i+2:]
			continue
		}
		parts = append(parts, KeyPart{Group: -1})
		key = key[i+1:]
	}
	if key != "" {
		parts = append(parts, KeyPart{Text: key})
	}
	return parts
}
