// Package jsonout writes the JSON documents edgectl prints for tools, all
// in one shape: indented by two spaces, without HTML escaping (so that "<"
// in a message stays readable), one document with a final newline. The
// files edgectl writes as JSON (service.json, the definition schemas) have
// that shape too, through Marshal.
package jsonout

import (
	"bytes"
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

// Marshal returns v as one document, the bytes Write would write: for a
// file rather than a stream.
func Marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := Write(&b, v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
