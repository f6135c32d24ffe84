package errorpage

import (
	"bytes"
	"strings"
	"testing"
)

// TestList: every page is listed once, in the set's order, and the table
// has a header and one line per page.
func TestList(t *testing.T) {
	set := loadReal(t)
	pages := set.List()
	if len(pages) != len(set.Pages) || pages[0].Cause != set.Pages[0].Cause || pages[0].File != set.Pages[0].File {
		t.Fatalf("list: %+v", pages)
	}
	var b bytes.Buffer
	if err := WriteList(&b, pages); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(pages)+1 || !strings.HasPrefix(lines[0], "CAUSE") || !strings.HasPrefix(lines[1], pages[0].Cause+" ") {
		t.Errorf("table:\n%s", b.String())
	}
}

// TestExportChecked: a page over budget stops the export with a
// diagnostic naming its file; within budget the files come back.
func TestExportChecked(t *testing.T) {
	set := loadReal(t)
	files, diags, err := set.ExportChecked("https://status.example/")
	if err != nil || diags.HasErrors() || files["apache-errors.conf"] == nil {
		t.Fatalf("export: %v %v, %d files", err, diags, len(files))
	}
	set.Pages[0].Body += strings.Repeat("A long line of text. ", MaxBytes/20)
	set.rendered = nil // render again
	files, diags, err = set.ExportChecked("https://status.example/")
	if err != nil || !diags.HasErrors() || files != nil || !strings.Contains(diags[0].Pos.File, set.Pages[0].File) {
		t.Errorf("over budget: %v, %v, %d files", err, diags, len(files))
	}
}
