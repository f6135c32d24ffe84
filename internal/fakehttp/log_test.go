package fakehttp

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestLogRing: the ring keeps the last Max entries in order, the counters
// count them all, Reset empties both and the sequence goes on.
func TestLogRing(t *testing.T) {
	l := &Log{Max: 3}
	for _, m := range []string{"GET", "PUT", "GET", "POST", "GET"} {
		l.Add(&Entry{Method: m, Route: "/r"})
	}
	var seqs []int
	for _, e := range l.Entries() {
		seqs = append(seqs, e.Seq)
	}
	if want := []int{3, 4, 5}; !slices.Equal(seqs, want) {
		t.Errorf("ring holds %v, want %v", seqs, want)
	}
	for _, c := range []struct {
		method, route string
		want          int
	}{{"GET", "/r", 3}, {"", "/r", 5}, {"PUT", "", 1}, {"", "", 5}, {"GET", "/other", 0}} {
		if got := l.Count(c.method, c.route); got != c.want {
			t.Errorf("Count(%q, %q) = %d, want %d", c.method, c.route, got, c.want)
		}
	}
	if got := l.ByRoute()["/r"]; got != 5 {
		t.Errorf("ByRoute /r = %d, want 5", got)
	}
	l.Add(&Entry{Method: "GET"})
	if got := l.Counts()["GET ?"]; got != 1 {
		t.Errorf(`Counts()["GET ?"] = %d, want 1 (no route)`, got)
	}
	l.Reset()
	if n := len(l.Entries()); n != 0 || l.Count("", "") != 0 {
		t.Fatalf("after Reset: %d entries, %d counted", n, l.Count("", ""))
	}
	e := &Entry{Method: "GET"}
	l.Add(e)
	if e.Seq != 7 {
		t.Errorf("sequence after Reset %d, want 7", e.Seq)
	}
}

// TestLogHeader: the secret headers are replaced, the others kept, and
// the copy is bounded.
func TestLogHeader(t *testing.T) {
	l := &Log{Secrets: []string{"Fastly-Key", "X-Auth-Token"}}
	tests := []struct {
		name string
		in   http.Header
		want http.Header
	}{
		{"secrets", http.Header{"Fastly-Key": {"TOKEN-1"}, "X-Auth-Token": {"TOKEN-2", "TOKEN-3"}, "Accept": {"application/json"}},
			http.Header{"Fastly-Key": {Redacted}, "X-Auth-Token": {Redacted, Redacted}, "Accept": {"application/json"}}},
		{"none", http.Header{}, http.Header{}},
		{"bounded, in name order", http.Header{"A": {strings.Repeat("a", 4000)}, "B": {strings.Repeat("b", 200)}, "Fastly-Key": {"T"}},
			http.Header{"A": {strings.Repeat("a", 4000)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := l.Header(tt.in)
			if len(got) != len(tt.want) {
				t.Fatalf("header %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if strings.Join(got[k], ",") != strings.Join(v, ",") {
					t.Errorf("%s: %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

// TestLogOut: the line written per request has no header, query or body.
func TestLogOut(t *testing.T) {
	var out bytes.Buffer
	l := &Log{Secrets: []string{"Fastly-Key"}, Out: &out, Prefix: "sandbox"}
	l.Add(&Entry{Method: "PUT", Path: "/service/x", Query: "token=SECRET-Q", Status: 503, Fault: "status 503",
		Header: l.Header(http.Header{"Fastly-Key": {"SECRET-K"}})})
	line := out.String()
	if !strings.HasPrefix(line, "sandbox: 1 PUT /service/x 503 0s fault=status 503\n") {
		t.Errorf("line %q", line)
	}
	for _, secret := range []string{"SECRET", Redacted} {
		if strings.Contains(line, secret) {
			t.Errorf("line %q holds %q", line, secret)
		}
	}
}
