package fastlyfake

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRoutes checks that every route the sandbox lists is reachable: a
// request to it (wildcards filled in) is logged under that route, not as
// unmatched, and is not answered with the catch-all 404 body.
func TestRoutes(t *testing.T) {
	routes := Routes()
	if len(routes) < 128 {
		t.Fatalf("only %d routes", len(routes))
	}
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	fill := strings.NewReplacer("{service_id}", "S", "{version_id}", "1", "{name}", "n", "{from}", "1", "{to}", "1",
		"{director_name}", "d", "{backend_name}", "b", "{dictionary_id}", "D", "{item_key}", "k",
		"{acl_id}", "A", "{entry_id}", "E", "{snippet_id}", "P")
	seen := map[string]bool{}
	for _, mr := range routes {
		method, route, _ := strings.Cut(mr, " ")
		if seen[mr] {
			t.Errorf("%s is listed twice", mr)
		}
		seen[mr] = true
		r := httptest.NewRequest(method, fill.Replace(route), nil)
		r.Header.Set("Fastly-Key", TestToken)
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		reqs := s.Requests()
		if got := reqs[len(reqs)-1].Route; got != route {
			t.Errorf("%s: logged as route %q", mr, got)
		}
		if strings.Contains(w.Body.String(), "the sandbox serves no") {
			t.Errorf("%s: answered by the catch-all", mr)
		}
	}
}
