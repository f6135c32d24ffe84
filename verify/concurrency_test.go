package verify

import (
	"slices"
	"sync"
	"testing"
	"time"
)

// TestLintConcurrent lints from many goroutines at once. falco numbers AST
// nodes with a process-wide counter (ast.New), so unserialised runs race:
// run with -race (as .ci/run does) to see it. Every run must also give the
// findings of a run alone.
func TestLintConcurrent(t *testing.T) {
	files := loadFiles(t, "undeclared_backend")
	alone, err := Lint(files, "local")
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	got := make([][]Finding, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = Lint(files, "local")
		}()
	}
	wg.Wait()
	for i, g := range got {
		if !slices.Equal(g, alone) {
			t.Errorf("run %d:\n%s\nalone:\n%s", i, join(g), join(alone))
		}
	}
}

// TestLintWaitsForExclusive checks that Lint does not run while another
// user of falco (vcltest, through Exclusive) holds the process-wide lock.
func TestLintWaitsForExclusive(t *testing.T) {
	files := loadFiles(t, "clean")
	done := make(chan struct{})
	Exclusive(func() {
		go func() {
			_, _ = Lint(files, "local")
			close(done)
		}()
		select {
		case <-done:
			t.Error("Lint ran while Exclusive held falco")
		case <-time.After(200 * time.Millisecond):
		}
	})
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Lint did not run after Exclusive returned")
	}
}
