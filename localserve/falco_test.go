package localserve

import (
	"net/http/httptest"
	"testing"
)

// Stacks as runtime/debug.Stack prints them at serve's recover, trimmed.
const (
	recoverFrames = "goroutine 7 [running]:\nruntime/debug.Stack()\n\t/go/src/runtime/debug/stack.go:26 +0x5e\ngithub.com/webplatform/edgectl/localserve.(*simulator).serve.func2()\n\t/x/localserve/falco.go:104 +0x46\n"
	clonePanic    = "panic({0xb94900?, 0x1287b00?})\n\t/go/src/runtime/panic.go:860 +0x13a\ngithub.com/ysugimoto/falco/interpreter.(*Interpreter).cloneResponse(0x0?, 0x0)\n\t/falco/interpreter/transport.go:220 +0x3b\ngithub.com/ysugimoto/falco/interpreter.(*Interpreter).ProcessFetch.func1()\n\t/falco/interpreter/interpreter.go:544 +0x2b\n"
	directorPanic = "panic({0xb94900?, 0x1287b00?})\n\t/go/src/runtime/panic.go:860 +0x13a\ngithub.com/ysugimoto/falco/interpreter.(*Interpreter).sendBackendRequest(0x1, 0x2)\n\t/falco/interpreter/transport.go:150 +0x3b\ngithub.com/ysugimoto/falco/interpreter.(*Interpreter).ProcessFetch(0x1)\n\t/falco/interpreter/interpreter.go:524 +0x2b\n"
)

// Only falco's copy of the discarded beresp, at every panic on the stack,
// is the restart after vcl_fetch: a copy made while unwinding another
// panic hides one that left the response half made.
func TestRestartAfterFetch(t *testing.T) {
	for _, c := range []struct {
		name  string
		stack string
		want  bool
	}{
		{"one copy", recoverFrames + clonePanic, true},
		{"two nested fetches, two copies", recoverFrames + clonePanic + clonePanic, true},
		{"a copy while unwinding a director's panic", recoverFrames + clonePanic + directorPanic, false},
		{"a director's panic", recoverFrames + directorPanic, false},
		{"no panic frame", recoverFrames, false},
	} {
		if got := restartAfterFetch(c.stack); got != c.want {
			t.Errorf("%s: restartAfterFetch = %v, want %v", c.name, got, c.want)
		}
	}
}

// serve reads falco's request context from an unexported field: this
// fails first if a falco upgrade renames or retypes it.
func TestFalcoContextIsReadable(t *testing.T) {
	u := www(t)
	v, err := NewVariant(UnitFiles(u), u.MaxBackends, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := NewFalco(v)
	a, err := f.Serve(httptest.NewRequest("GET", "http://www.webplatform.org/", nil))
	if err != nil || a.Status != 301 {
		t.Fatalf("a plain request: %v %v, want a 301", a, err)
	}
	if ctx := falcoContext(f.at(0).interp); ctx == nil || ctx.Response == nil || ctx.Response.StatusCode != 301 {
		t.Errorf("falco's context: %+v", ctx)
	}
}
