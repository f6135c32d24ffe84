package localserve

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"regexp"
	"runtime/debug"
	"strings"
	"unsafe"

	"github.com/ysugimoto/falco/ast"
	"github.com/ysugimoto/falco/interpreter"
	icontext "github.com/ysugimoto/falco/interpreter/context"
	"github.com/ysugimoto/falco/interpreter/value"
	"github.com/ysugimoto/falco/interpreter/variable"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/verify"
)

// Falco is the Engine that runs a Variant through falco v1.13.0's
// interpreter, the one "falco simulate" serves. One interpreter serves
// every top-level request, so that its cache holds what the VCL caches,
// as an edge node's would; ESI includes run in one interpreter per
// req.esi_level (see esi.go).
type Falco struct {
	variant *Variant
	levels  []*simulator
}

// simulator is one interpreter, the requests of one req.esi_level.
type simulator struct {
	interp *interpreter.Interpreter
	trace  *trace
	// esiObjects are the cache keys whose fetch set beresp.do_esi: a hit
	// on one is assembled too, as Fastly keeps the flag with the object.
	esiObjects map[string]bool
}

// NewFalco prepares the interpreter for v. Nothing is parsed until the
// first request (falco parses the VCL for each one).
func NewFalco(v *Variant) *Falco {
	return &Falco{variant: v}
}

// at is the simulator of an ESI level, made on first use.
func (f *Falco) at(level int) *simulator {
	for len(f.levels) <= level {
		esiLevel := int64(len(f.levels))
		t := &trace{}
		i := interpreter.New(
			icontext.WithResolver(verify.NewResolver(f.variant.Files, compiler.LocalName)),
			icontext.WithMaxBackends(f.variant.MaxBackends),
			icontext.WithActualResponse(true),
			func(c *icontext.Context) { c.ESILevel = &value.Integer{Value: esiLevel} },
		)
		i.Debugger = t
		f.levels = append(f.levels, &simulator{interp: i, trace: t, esiObjects: map[string]bool{}})
	}
	return f.levels[level]
}

// Serve simulates r. Runs are serialised with every other use of falco in
// the process (verify.Exclusive): falco is not safe for concurrent use.
// A request that falco itself sent (its Fastly-FF names falco's server) is
// a loop, --origin being this server: it is answered with a 503 at once,
// as "falco simulate" does, since the request that sent it holds falco.
func (f *Falco) Serve(r *http.Request) (*Answer, error) {
	if strings.Contains(r.Header.Get("Fastly-FF"), variable.FALCO_SERVER_HOSTNAME) {
		return nil, &Unsimulated{Status: http.StatusServiceUnavailable,
			What: "a loop: falco sent this request to edgectl serve itself (is --origin this server?)"}
	}
	return f.serveAt(r, 0)
}

// serveAt simulates r at an ESI level, then assembles its includes. The
// VCL changes the request falco runs in place: includes copy the client
// request as it arrived.
func (f *Falco) serveAt(r *http.Request, level int) (a *Answer, err error) {
	arrived := r.Clone(r.Context())
	verify.Exclusive(func() { a, err = f.at(level).serve(r) })
	if err != nil || !a.esi {
		return a, err
	}
	return f.assemble(arrived, a, level), nil
}

func (s *simulator) serve(r *http.Request) (a *Answer, err error) {
	s.trace.reset()
	defer func() { // last: after the recover below
		var u *Unsimulated
		if errors.As(err, &u) {
			u.Fetched = s.trace.fetched()
		}
	}()
	if err := s.interp.ProcessInit(r); err != nil {
		return nil, &Unsimulated{Status: http.StatusInternalServerError, What: "falco could not load the VCL", Detail: err.Error()}
	}
	defer func() {
		if p := recover(); p != nil {
			a, err = s.afterPanic(p, string(debug.Stack()))
		}
	}()
	if err := s.interp.ProcessRecv(); err != nil {
		return nil, fetchFailure(err)
	}
	return s.answer(nil)
}

// restartAfterFetch recognises falco's panic when a restart follows
// vcl_fetch (from vcl_deliver, say, after a fetch): "upon restart, all
// backend response (beresp), cache object (obj) and client response (resp)
// variables are discarded" (https://www.fastly.com/documentation/reference/vcl/statements/restart/),
// and falco's vcl_fetch, whose deferred cache update runs after the
// restarted request, then copies the discarded beresp. By then the whole
// request, restarts included, has run and its response is complete: only
// the cache update is lost. Nested fetches panic once each, as the
// stack unwinds; but a copy made while unwinding any other panic hides a
// response left half made, so every panic on the stack must be that copy,
// made from vcl_fetch's deferred update.
func restartAfterFetch(stack string) bool {
	lines := strings.Split(stack, "\n")
	panics := 0
	for i, line := range lines {
		if !strings.HasPrefix(line, "panic(") {
			continue
		}
		panics++
		// Next: the runtime's file line, then the function that panicked,
		// its file line, then its caller.
		if i+4 >= len(lines) || !strings.Contains(lines[i+2], "(*Interpreter).cloneResponse(") ||
			!strings.Contains(lines[i+4], "(*Interpreter).ProcessFetch.func") {
			return false
		}
	}
	return panics > 0
}

func (s *simulator) afterPanic(p any, stack string) (*Answer, error) {
	if restartAfterFetch(stack) {
		return s.answer([]string{"falco panics when a restart follows vcl_fetch; the answer is complete, but what this request fetched was not cached"})
	}
	return nil, &Unsimulated{Status: http.StatusInternalServerError, What: "falco panicked while simulating this request",
		Detail: fmt.Sprintf("%v (last step: %s)", p, s.trace.last())}
}

// fetchFailure is an error of falco's ProcessRecv. A backend that cannot
// be reached stops falco's simulation, where Fastly would run vcl_error
// with obj.status 503 and the cause in obj.response
// (https://www.fastly.com/documentation/reference/vcl/subroutines/error/;
// the causes: https://www.fastly.com/documentation/guides/full-site-delivery/fastly-vcl/synthetic-errors-in-vcl).
func fetchFailure(err error) *Unsimulated {
	msg := err.Error()
	if strings.Contains(msg, "Failed to retrieve backend response") {
		return &Unsimulated{Status: http.StatusBadGateway, Detail: msg,
			What: "the backend could not be reached: Fastly would run vcl_error with a 503 (and serve the error page), falco's simulator stops instead"}
	}
	return &Unsimulated{Status: http.StatusInternalServerError, What: "falco stopped with an error", Detail: msg}
}

// answer reads the response falco built, with what the trace saw.
func (s *simulator) answer(notes []string) (*Answer, error) {
	ctx := falcoContext(s.interp)
	if ctx == nil || ctx.Response == nil {
		return nil, &Unsimulated{Status: http.StatusInternalServerError, What: "falco finished without a response", Detail: s.trace.last()}
	}
	var body []byte
	if ctx.Response.Body != nil {
		body, _ = io.ReadAll(ctx.Response.Body) // an in-memory reader: no error
	}
	return &Answer{Status: ctx.Response.StatusCode, Header: ctx.Response.Header.Clone(), Body: body,
		Fetched: s.trace.fetched(), Restarts: ctx.Restarts, Notes: notes, esi: s.doESI(ctx)}, nil
}

// doESI says whether the VCL asked for ESI on this response: it set
// beresp.do_esi on the fetch, or this is a hit on an object whose fetch
// did. falco acts only on the esi statement (and itself assembles then).
func (s *simulator) doESI(ctx *icontext.Context) bool {
	if ctx.TriggerESI {
		return false
	}
	key := ctx.Request.Host + ctx.Request.URL.RequestURI()
	if ctx.State == "HIT" {
		return s.esiObjects[key]
	}
	on := ctx.BackendResponse != nil && ctx.BackendResponseDoESI != nil && ctx.BackendResponseDoESI.Value
	if on {
		s.esiObjects[key] = true
	} else {
		delete(s.esiObjects, key)
	}
	return on
}

// falcoContext is the interpreter's request context, which falco keeps in
// an unexported field and gives no accessor for; its type is exported. It
// is read the way the standard library's reflect.NewAt allows, and only
// after the request has run. falco is pinned in go.mod: a test fails if a
// new version renames the field.
func falcoContext(i *interpreter.Interpreter) *icontext.Context {
	field := reflect.ValueOf(i).Elem().FieldByName("ctx")
	if !field.IsValid() || field.Type() != reflect.TypeOf((*icontext.Context)(nil)) {
		return nil
	}
	return reflect.NewAt(field.Type(), unsafe.Pointer(field.UnsafeAddr())).Elem().Interface().(*icontext.Context)
}

// trace is the interpreter's Debugger: falco reports each fetch and
// restart through it, and nothing else says which backends a request used.
type trace struct {
	messages []string
}

// fetching is falco's message when it sends to a backend.
var fetching = regexp.MustCompile(`^Fetching backend \(([^)]*)\)`)

func (t *trace) Run(ast.Node) interpreter.DebugState { return interpreter.DebugPass }
func (t *trace) Message(msg string)                  { t.messages = append(t.messages, msg) }
func (t *trace) reset()                              { t.messages = t.messages[:0] }

func (t *trace) last() string {
	if len(t.messages) == 0 {
		return "before vcl_recv"
	}
	return t.messages[len(t.messages)-1]
}

// fetched are the backends sent to, in order.
func (t *trace) fetched() []string {
	var names []string
	for _, m := range t.messages {
		if sub := fetching.FindStringSubmatch(m); sub != nil {
			names = append(names, sub[1])
		}
	}
	return names
}
