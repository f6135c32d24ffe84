package testtool

import (
	"testing"
	"time"
)

// Within returns what f returns, or fails t when f has not returned after
// d: for code that must refuse an input rather than hang on it (a FIFO
// opened for reading waits for a writer forever). The guard is for a hang,
// not a speed target, so d stays far above what a loaded machine needs. f
// runs on a goroutine of its own, which a hang leaves behind; it must not
// call t.FailNow.
func Within[T any](t testing.TB, d time.Duration, what string, f func() T) T {
	t.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(d):
		t.Fatalf("%s did not finish in %v", what, d)
		var zero T
		return zero
	}
}
