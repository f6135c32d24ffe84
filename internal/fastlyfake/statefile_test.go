package fastlyfake

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// deterministic returns options that make two sandboxes fed the same
// requests hold the same state: a pinned clock and counted IDs.
func deterministic(file string) Options {
	clock := &fixedClock{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	n := 0
	return Options{StateFile: file, Now: clock.now, NewID: func() string { n++; return fmt.Sprintf("ID%020d", n) }}
}

// flushedState flushes s and returns its state file.
func flushedState(t *testing.T, s *Server, file string) []byte {
	t.Helper()
	s.Flush()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// exercise makes changes of every kind through the API.
func exercise(t *testing.T, u string) {
	sid := testSeed.ID
	for _, s := range []struct{ method, path, form string }{
		{"PUT", "/version/1/clone", ""},
		{"POST", "/version/2/backend", "name=b2&address=192.0.2.2&port=8080"},
		{"POST", "/version/2/healthcheck", "name=hc&path=/"},
		{"POST", "/version/2/director", "name=pool"},
		{"POST", "/version/2/director/pool/backend/b2", ""},
		{"POST", "/version/2/dictionary", "name=other"},
		{"PUT", "/version/2/settings", "general.default_ttl=60"},
		{"PUT", "/version/2/activate", ""},
	} {
		var form url.Values
		if s.form != "" {
			form, _ = url.ParseQuery(s.form)
		}
		if r := do(t, u, s.method, "/service/"+sid+s.path, form); r.status != 200 {
			t.Fatalf("%s %s: %d %s", s.method, s.path, r.status, r.body)
		}
	}
}

// TestStateFile checks that the state file follows every change (once
// flushed), reloads
// into the same state, and is byte-stable.
func TestStateFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	second := ServiceSeed{ID: "AAAfirstByID0000000000", Name: "second"}
	s, u := NewTest(t, deterministic(file), testSeed, second)
	exercise(t, u)
	data := flushedState(t, s, file)
	if string(data) != stateBytes(t, s) {
		t.Error("the state file lags behind the state")
	}
	if i, j := strings.Index(string(data), `"id": "AAAfirstByID`), strings.Index(string(data), `"id": "`+testSeed.ID); i < 0 || j < 0 || i > j {
		t.Error("services are not sorted by ID in the state file")
	}

	// Reloaded: the same state; seeding again adds nothing.
	s2, err := New(deterministic(file))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s2.Seed(testSeed, second); err != nil || n != 0 {
		t.Errorf("reseeding added %d (%v), want 0", n, err)
	}
	if got := stateBytes(t, s2); got != string(data) {
		t.Errorf("reloaded state differs:\n%s\nwant\n%s", got, data)
	}

	// Another sandbox fed the same requests writes the same bytes.
	other := filepath.Join(dir, "other.json")
	s3, u3 := NewTest(t, deterministic(other), second, testSeed)
	exercise(t, u3)
	data3 := flushedState(t, s3, other)
	if string(data3) != string(data) {
		t.Error("equal states gave different state files")
	}
	// No temporary file is left beside it.
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("%d files in the state directory, want 2", len(entries))
	}
}

// TestStateFileInvalid: a broken state file is an error, never a panic or
// a silently empty sandbox.
func TestStateFileInvalid(t *testing.T) {
	files, _ := filepath.Glob("testdata/state/*.json")
	if len(files) == 0 {
		t.Fatal("no testdata/state files")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if _, err := New(Options{StateFile: f}); err == nil || !strings.Contains(err.Error(), "state file") {
				t.Errorf("New: %v, want an error naming the state file", err)
			}
		})
	}
}

// TestStateFileMode: the state file holds uploaded VCL, the private include
// too: it is 0600 even when it was wider before, and a failed write leaves
// no temporary file.
func TestStateFileMode(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	if err := os.WriteFile(file, []byte(`{"services": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(file, 0o644); err != nil {
		t.Fatal(err)
	}
	s, _ := NewTest(t, Options{StateFile: file}, testSeed)
	s.Flush()
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v (%v), want 0600", fi.Mode().Perm(), err)
	}
	// The rename cannot replace a non-empty directory: the write fails.
	blocked := filepath.Join(dir, "blocked")
	if err := os.MkdirAll(filepath.Join(blocked, "x"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := writeState(blocked, s.st); err == nil {
		t.Fatal("writing over a directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files after a failed write: %q, want state.json and blocked", names)
	}
}

// TestStateFileDebounced: many changes in a burst write the state file a
// few times, not once per change, and Flush writes what is pending.
func TestStateFileDebounced(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	s, u := NewTest(t, Options{StateFile: file}, testSeed)
	s.Flush()
	before := s.stateWrites()
	const changes = 50
	for i := range changes {
		form := url.Values{"name": {fmt.Sprintf("b%d", i)}, "address": {"192.0.2.2"}}
		if i == 0 {
			do(t, u, "PUT", "/service/"+testSeed.ID+"/version/1/clone", nil)
		}
		if r := do(t, u, "POST", "/service/"+testSeed.ID+"/version/2/backend", form); r.status != 200 {
			t.Fatalf("%d %s", r.status, r.body)
		}
	}
	s.Flush()
	if n := s.stateWrites() - before; n < 1 || n > changes/5 {
		t.Errorf("%d state file writes for %d changes, want a few", n, changes)
	}
	data, err := os.ReadFile(file)
	if err != nil || string(data) != stateBytes(t, s) {
		t.Errorf("after Flush the state file lags behind the state (%v)", err)
	}
}
