package errorpage

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// The golden file of the exported pages is an archive in the layout of
// txtar (golang.org/x/tools/txtar, which this module does not depend on):
// an optional comment, then each file as a marker line "-- NAME --"
// followed by its content, up to the next marker. One file pins all the
// pages, so that a change to their shared template rewrites one golden file
// and its diff shows each page's change once.
//
// So that reading gives back exactly what was written, formatArchive
// refuses a file that does not end in a newline or holds a marker line.

// formatArchive writes files, sorted by name, after comment.
func formatArchive(comment string, files map[string][]byte) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(comment)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		content := files[name]
		if len(content) > 0 && content[len(content)-1] != '\n' {
			return nil, fmt.Errorf("%s does not end in a newline: the archive could not give it back as it is", name)
		}
		for _, l := range strings.SplitAfter(string(content), "\n") {
			if _, ok := markerName(l); ok {
				return nil, fmt.Errorf("%s holds the line %q, which the archive would read as a new file", name, l)
			}
		}
		fmt.Fprintf(&b, "-- %s --\n", name)
		b.Write(content)
	}
	return b.Bytes(), nil
}

// parseArchive reads the files of an archive; the comment is skipped.
func parseArchive(data []byte) (map[string]string, error) {
	files := map[string]string{}
	var name string
	var content strings.Builder
	flush := func() {
		if name != "" {
			files[name] = content.String()
		}
		content.Reset()
	}
	for i, l := range strings.SplitAfter(string(data), "\n") {
		n, ok := markerName(l)
		if !ok {
			content.WriteString(l)
			continue
		}
		flush()
		if _, dup := files[n]; dup {
			return nil, fmt.Errorf("line %d: a second file %s", i+1, n)
		}
		name = n
	}
	flush()
	return files, nil
}

// markerName is the file name of a marker line "-- NAME --\n".
func markerName(line string) (string, bool) {
	rest, ok := strings.CutPrefix(line, "-- ")
	if !ok {
		return "", false
	}
	name, ok := strings.CutSuffix(rest, " --\n")
	name = strings.TrimSpace(name)
	return name, ok && name != ""
}

// TestArchive reads an archive written by hand, and refuses to write what
// it could not read back.
func TestArchive(t *testing.T) {
	const archive = "the comment\n-- a.html --\n<p>a</p>\n\n-- b.conf --\n-- not a marker\nx --\n-- empty --\n"
	got, err := parseArchive([]byte(archive))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a.html": "<p>a</p>\n\n", "b.conf": "-- not a marker\nx --\n", "empty": ""}
	if len(got) != len(want) {
		t.Errorf("parseArchive = %q, want %q", got, want)
	}
	for name, content := range want {
		if got[name] != content {
			t.Errorf("%s = %q, want %q", name, got[name], content)
		}
	}
	written, err := formatArchive("the comment\n", map[string][]byte{"b.conf": []byte(want["b.conf"]), "a.html": []byte(want["a.html"]), "empty": nil})
	if err != nil || string(written) != archive {
		t.Errorf("formatArchive = %q, %v; want %q", written, err, archive)
	}
	if _, err := parseArchive([]byte("-- x --\n1\n-- x --\n2\n")); err == nil {
		t.Error("parseArchive accepts a name twice")
	}
	for _, bad := range []string{"no newline", "a\n-- inner --\nb\n"} {
		if _, err := formatArchive("", map[string][]byte{"f": []byte(bad)}); err == nil {
			t.Errorf("formatArchive accepts %q, which it could not read back", bad)
		}
	}
}
