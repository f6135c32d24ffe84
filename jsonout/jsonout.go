// Package jsonout writes the JSON documents edgectl prints for tools, all
// in one shape: indented by two spaces, without HTML escaping (so that "<"
// in a message stays readable), one document with a final newline.
package jsonout

import (
	"encoding/json"
	"io"
)

// Write writes v to w as one indented document.
func Write(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
