package planreport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "diff.json")
	if err := os.WriteFile(good, []byte(`{"changes": 0, "services": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	notDiff := filepath.Join(dir, "other.json")
	if err := os.WriteFile(notDiff, []byte(`{"a": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		names   []string
		want    int
		wantErr string
	}{
		{[]string{good, good}, 2, ""},
		{[]string{good, filepath.Join(dir, "missing.json")}, 0, "cannot read " + filepath.Join(dir, "missing.json")},
		{[]string{notDiff}, 0, notDiff + `: not the JSON of edgectl diff --output json: it lacks "changes" or "services"`},
		{[]string{dir}, 0, "cannot read " + dir},
	}
	for _, tt := range tests {
		docs, err := ReadFiles(tt.names)
		if len(docs) != tt.want || (tt.wantErr == "") != (err == nil) || (err != nil && !strings.HasPrefix(err.Error(), tt.wantErr)) {
			t.Errorf("%v: %d documents, error %v; want %d, %q", tt.names, len(docs), err, tt.want, tt.wantErr)
		}
	}
}
