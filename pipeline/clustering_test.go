package pipeline

import (
	"strings"
	"testing"

	"github.com/ysugimoto/falco/ast"
	"github.com/ysugimoto/falco/lexer"
	"github.com/ysugimoto/falco/parser"
)

// Fastly behaviour that falco v1.13.0 does not execute (clustering,
// cacheability, ESI levels) is encoded here as rules on the compiled
// main.vcl of every unit, each citing the Fastly page it rests on. The
// falco suites in testdata/falco check the same flow step by step.

// placed is a statement with the conditions of the if statements that
// enclose it, outermost first, each as its source line ("} else if (...) {"
// and "if (...) {" alike; an else branch records "else"). falco's String()
// of an expression drops the operators, so the source line is used.
type placed struct {
	stmt  ast.Statement
	conds []string
}

// unit is one compiled main.vcl: its lines and its subroutines by name.
type unit struct {
	lines []string
	subs  map[string]*ast.SubroutineDeclaration
}

// statements lists every statement of a subroutine, nested ones too, with
// their enclosing conditions.
func (u *unit) statements(name string) []placed {
	var out []placed
	line := func(m *ast.Meta) string { return strings.TrimSpace(u.lines[m.Token.Line-1]) }
	var walk func(stmts []ast.Statement, conds []string)
	walk = func(stmts []ast.Statement, conds []string) {
		for _, s := range stmts {
			out = append(out, placed{s, conds})
			switch s := s.(type) {
			case *ast.IfStatement:
				walk(s.Consequence.Statements, with(conds, line(s.Meta)))
				for _, a := range s.Another {
					walk(a.Consequence.Statements, with(conds, line(a.Meta)))
				}
				if s.Alternative != nil {
					walk(s.Alternative.Consequence.Statements, with(conds, "else"))
				}
			case *ast.BlockStatement:
				walk(s.Statements, conds)
			}
		}
	}
	if sub := u.subs[name]; sub != nil {
		walk(sub.Block.Statements, nil)
	}
	return out
}

func with(conds []string, c string) []string {
	return append(append([]string(nil), conds...), c)
}

// parseUnit parses a compiled main.vcl.
func parseUnit(t *testing.T, src string) *unit {
	t.Helper()
	vcl, err := parser.New(lexer.NewFromString(src)).ParseVCL()
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	u := &unit{lines: strings.Split(src, "\n"), subs: map[string]*ast.SubroutineDeclaration{}}
	for _, s := range vcl.Statements {
		if d, ok := s.(*ast.SubroutineDeclaration); ok {
			u.subs[d.Name.Value] = d
		}
	}
	return u
}

// setTarget is the variable a set statement assigns, or "".
func setTarget(s ast.Statement) (string, string) {
	if set, ok := s.(*ast.SetStatement); ok {
		return set.Ident.Value, set.Value.String()
	}
	return "", ""
}

func anyCond(conds []string, substr string) bool {
	for _, c := range conds {
		if strings.Contains(c, substr) {
			return true
		}
	}
	return false
}

// compiledMains returns every unit's main.vcl, parsed, by unit directory.
func compiledMains(t *testing.T) map[string]*unit {
	t.Helper()
	out, diags := Run(Options{Root: "..", SkipLint: true})
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	mains := map[string]*unit{}
	for _, u := range out.Units {
		if f := u.Result.File("main"); f != nil {
			mains[u.Dir()] = parseUnit(t, f.Content)
		}
	}
	if len(mains) == 0 {
		t.Fatal("no main.vcl compiled")
	}
	return mains
}

// TestNoRestartWhereReqChangesAreLost: Fastly, restart statement
// (https://www.fastly.com/documentation/reference/vcl/statements/restart):
// "If a restart is performed in the vcl_hit, vcl_fetch, or vcl_error
// subroutines, modifications made to req may not survive a restart due to
// the effects of clustering." So edgectl restarts only from vcl_deliver,
// always conditionally ("it's essential to execute the restart statement
// conditionally": a fourth restart is a 503).
func TestNoRestartWhereReqChangesAreLost(t *testing.T) {
	for dir, u := range compiledMains(t) {
		for _, name := range []string{"vcl_hit", "vcl_fetch", "vcl_error"} {
			for _, p := range u.statements(name) {
				if _, ok := p.stmt.(*ast.RestartStatement); ok {
					t.Errorf("%s: restart in %s", dir, name)
				}
			}
		}
		for _, p := range u.statements("vcl_deliver") {
			if _, ok := p.stmt.(*ast.RestartStatement); ok && len(p.conds) == 0 {
				t.Errorf("%s: unconditional restart in vcl_deliver", dir)
			}
		}
	}
}

// TestStateCrossesClusterOnResponse: Fastly, vcl_deliver "Clustering
// handoff" (https://www.fastly.com/documentation/reference/vcl/subroutines/deliver):
// a miss is handed to the fetch node after hash and comes back before
// deliver, and "any changes made to the req object while a request is on
// the fetch node will not be retained". So vcl_miss, vcl_hit, vcl_fetch and
// vcl_error (which may run there) set no internal req header (the stale
// probe's X-Edgectl-Stale, set in a called subroutine, is read at once in the
// same subroutine and needs to travel nowhere): what vcl_deliver must know
// travels on beresp.http / obj.http (X-Edgectl-Cause, -Page, -Retry), which
// vcl_deliver reads as resp.http and removes before delivery.
func TestStateCrossesClusterOnResponse(t *testing.T) {
	for dir, u := range compiledMains(t) {
		for _, name := range []string{"vcl_miss", "vcl_hit", "vcl_fetch", "vcl_error"} {
			for _, p := range u.statements(name) {
				if target, _ := setTarget(p.stmt); strings.HasPrefix(strings.ToLower(target), "req.http.x-edgectl-") {
					t.Errorf("%s: %s sets %s, which may not reach vcl_deliver", dir, name, target)
				}
			}
		}
		var pageMarks int
		for _, p := range u.statements("vcl_error") {
			if target, _ := setTarget(p.stmt); target == "obj.http.X-Edgectl-Page" {
				pageMarks++
			}
		}
		if pageMarks == 0 {
			t.Errorf("%s: vcl_error never marks its pages on obj.http.X-Edgectl-Page", dir)
		}
		removed := map[string]bool{}
		for _, p := range u.statements("vcl_deliver") {
			if u, ok := p.stmt.(*ast.UnsetStatement); ok && len(p.conds) == 0 {
				removed[u.Ident.Value] = true
			}
		}
		for _, h := range []string{"resp.http.X-Edgectl-Cause", "resp.http.X-Edgectl-Page", "resp.http.X-Edgectl-Retry"} {
			if !removed[h] {
				t.Errorf("%s: vcl_deliver does not remove %s before delivery", dir, h)
			}
		}
	}
}

// TestCachedErrorsAreCacheable: Fastly, beresp.cacheable
// (https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-cacheable/):
// only 200, 203, 300, 301, 302, 404 and 410 start cacheable; "any other
// response status will result in beresp.cacheable being set to false". So
// every branch of vcl_fetch for 5xx responses that sets beresp.ttl also sets
// beresp.cacheable = true, and, since "a stale object may also trigger a hit
// if the backend is considered sick" (vcl_hit), gives the cached error no
// stale_if_error or stale_while_revalidate of its own.
func TestCachedErrorsAreCacheable(t *testing.T) {
	for dir, u := range compiledMains(t) {
		sets := map[string]string{}
		for _, p := range u.statements("vcl_fetch") {
			if !anyCond(p.conds, "beresp.status >= 500") {
				continue
			}
			if target, value := setTarget(p.stmt); target != "" {
				sets[target] = strings.TrimSpace(value)
			}
		}
		if _, ok := sets["beresp.ttl"]; !ok {
			t.Errorf("%s: the 5xx branch of vcl_fetch sets no beresp.ttl", dir)
			continue
		}
		for target, want := range map[string]string{"beresp.cacheable": "true", "beresp.stale_if_error": "0s", "beresp.stale_while_revalidate": "0s"} {
			if got := sets[target]; got != want {
				t.Errorf("%s: the 5xx branch of vcl_fetch sets %s to %q, want %q", dir, target, got, want)
			}
		}
	}
}

// TestFragmentsAreGuarded: Fastly, esi statement
// (https://www.fastly.com/documentation/reference/vcl/statements/esi/):
// "ESI requests are made to your Fastly service as new client requests";
// req.esi_level (https://www.fastly.com/documentation/reference/vcl/variables/esi/req-esi-level/)
// is 0 for the top-level request. falco cannot set req.esi_level, so a probe
// turns it into X-Edgectl-Fragment (mocked by the falco suites), and here:
// the probe reads req.esi_level and runs on arrival; the force-TLS redirect,
// every restart of vcl_deliver and the compression hint are guarded by it.
func TestFragmentsAreGuarded(t *testing.T) {
	const guard = "!req.http.X-Edgectl-Fragment"
	for dir, u := range compiledMains(t) {
		var reads bool
		for _, p := range u.statements("edgectl_probe_esi_recv") {
			if target, _ := setTarget(p.stmt); target == "req.http.X-Edgectl-Fragment" && anyCond(p.conds, "if (req.esi_level > 0) {") {
				reads = true
			}
		}
		if !reads {
			t.Errorf("%s: no probe reading req.esi_level > 0", dir)
		}
		var called bool
		for _, p := range u.statements("vcl_recv") {
			if c, ok := p.stmt.(*ast.CallStatement); ok && c.Subroutine.Value == "edgectl_probe_esi_recv" {
				called = true
			}
			if e, ok := p.stmt.(*ast.ErrorStatement); ok && e.Code.String() == "600" && !anyCond(p.conds, guard) {
				t.Errorf("%s: the force-TLS error is not guarded against fragments", dir)
			}
		}
		if !called {
			t.Errorf("%s: vcl_recv does not call the ESI probe", dir)
		}
		for _, p := range u.statements("vcl_deliver") {
			if _, ok := p.stmt.(*ast.RestartStatement); ok && !anyCond(p.conds, guard) {
				t.Errorf("%s: a restart in vcl_deliver is not guarded against fragments (conditions %q)", dir, p.conds)
			}
		}
		for _, p := range u.statements("vcl_fetch") {
			if target, _ := setTarget(p.stmt); target == "beresp.http.X-Compress-Hint" && !anyCond(p.conds, guard) {
				t.Errorf("%s: X-Compress-Hint is set on fragments too", dir)
			}
		}
	}
}
