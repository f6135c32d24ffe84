package usertest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWatch: Watch runs at once, again after a change in vcl/, not after
// a change outside the watched directories, and returns when its context
// ends.
func TestWatch(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"vcl", "build"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	runs := make(chan int, 10)
	n := 0
	done := make(chan error)
	go func() {
		done <- Watch(ctx, root, 5*time.Millisecond, func() { n++; runs <- n })
	}()
	wait := func(want int) {
		t.Helper()
		select {
		case got := <-runs:
			if got != want {
				t.Fatalf("run %d, want %d", got, want)
			}
		case <-ctx.Done():
			t.Fatalf("run %d did not come", want)
		}
	}
	wait(1)
	// Outside the watched directories: no run.
	os.WriteFile(filepath.Join(root, "build", "out.vcl"), []byte("x"), 0o644)
	select {
	case got := <-runs:
		t.Fatalf("run %d after a change in build/", got)
	case <-time.After(50 * time.Millisecond):
	}
	os.WriteFile(filepath.Join(root, "vcl", "www.test.vcl"), []byte("x"), 0o644)
	wait(2)
	os.Remove(filepath.Join(root, "vcl", "www.test.vcl"))
	wait(3)
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Watch = %v, want nil on cancel", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not return after its context ended")
	}
}
