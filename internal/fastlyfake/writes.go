package fastlyfake

import "net/http"

// Writes returns how many requests since the last reset could change the
// state (every method but GET and HEAD), whatever their answer: what a
// test asserts as "one batch write and no new version" together with
// Count(method, RouteVersions) and Count(method, RouteClone).
func (s *Server) Writes() int {
	n := 0
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		n += s.Count(m, "")
	}
	return n
}
