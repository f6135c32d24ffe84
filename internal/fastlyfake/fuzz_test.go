package fastlyfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzRequest sends arbitrary requests: the sandbox must answer each with a
// JSON body and a 2xx or 4xx status, never panic or answer 500.
//
//	go test ./internal/fastlyfake -run XXX -fuzz FuzzRequest -fuzztime 60s
func FuzzRequest(f *testing.F) {
	sid := testSeed.ID
	for _, s := range []struct{ method, path, query, ctype, body string }{
		{"GET", "/service/" + sid + "/details", "version=1", "", ""},
		{"PUT", "/service/" + sid + "/version/1/clone", "", "", ""},
		{"POST", "/service/" + sid + "/version/2/backend", "", "application/x-www-form-urlencoded", "name=x&address=a&port=9999999999999999999999"},
		{"PUT", "/service/" + sid + "/version/2/backend/origin", "", "application/x-www-form-urlencoded", "name=&port=-1&use_ssl=2"},
		{"POST", "/service/" + sid + "/version/2/healthcheck", "", "application/x-www-form-urlencoded", "name=h&headers=%5B1%2C2%5D"},
		{"PATCH", "/service/" + sid + "/dictionary/x/items", "", "application/json", `{"items":[{"op":"create"}]}`},
		{"PUT", "/service/" + sid + "/version/2", "", "application/json", `{"comment":["a",{"b":null}]}`},
		{"GET", "/service", "page=-5&per_page=0", "", ""},
		{"GET", "/service/" + sid + "/diff/from/0/to/99999999999999999999", "", "", ""},
		{"DELETE", "/service/%2F..%2F/version/1", "", "", ""},
		{"POST", "/service/" + sid + "/version/2/vcl", "", "application/x-www-form-urlencoded", "name=v&content=%00%FF&main=1"},
		{"GET", "/service/" + sid + "/version/2/validate", "", "", ""},
		{"PATCH", "/service/" + sid + "/acl/F2/entries", "", "application/json", `{"entries":[{"op":"update","id":"F3","subnet":"x"},{"op":"create","ip":"::1","subnet":129}]}`},
		{"PATCH", "/service/" + sid + "/acl/F2/entry/F3", "", "application/x-www-form-urlencoded", "ip=&negated=maybe"},
		{"POST", "/service/" + sid + "/acl/F2/entry", "", "application/x-www-form-urlencoded", "ip=10.0.0.0&subnet=-1"},
		{"GET", "/service/" + sid + "/acl/F2/entries", "sort=ip&direction=descend&per_page=-1", "", ""},
		{"POST", "/service/" + sid + "/version/2/snippet", "", "application/x-www-form-urlencoded", "name=s&type=recv&dynamic=1&priority=x"},
		{"POST", "/service/" + sid + "/version/2/logging/s3", "", "application/x-www-form-urlencoded", "name=s&gzip_level=9&period=x"},
	} {
		f.Add(s.method, s.path, s.query, s.ctype, s.body)
	}
	f.Fuzz(func(t *testing.T, method, path, query, ctype, body string) {
		// Counted IDs: the dictionary is F1, the ACL F2, its entry F3.
		n := 0
		s, err := New(Options{NewID: func() string { n++; return fmt.Sprintf("F%d", n) }})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Seed(fuzzSeed); err != nil {
			t.Fatal(err)
		}
		// A draft to edit, so that edits reach the object code.
		clone := httptest.NewRequest("PUT", "/service/"+sid+"/version/1/clone", nil)
		clone.Header.Set("Fastly-Key", TestToken)
		s.ServeHTTP(httptest.NewRecorder(), clone)

		if method == "" || strings.ContainsAny(method, " \t\r\n") {
			method = "GET"
		}
		r := &http.Request{
			Method:     method,
			URL:        &url.URL{Path: path, RawQuery: query},
			Header:     http.Header{"Fastly-Key": {TestToken}, "Content-Type": {ctype}},
			Body:       io.NopCloser(strings.NewReader(body)),
			Host:       "sandbox.test",
			Proto:      "HTTP/1.1",
			ProtoMajor: 1, ProtoMinor: 1,
		}
		r = r.WithContext(t.Context())
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code >= 500 || w.Code < 200 {
			t.Fatalf("%s %s?%s (%s) %q: status %d: %s", method, path, query, ctype, body, w.Code, w.Body)
		}
		if method != "HEAD" && !json.Valid(w.Body.Bytes()) {
			t.Fatalf("%s %s: body is not JSON: %q", method, path, w.Body)
		}
	})
}

// fuzzSeed is testSeed with an ACL holding one entry.
var fuzzSeed = func() ServiceSeed {
	sd := testSeed
	cfg := *testSeed.Config
	cfg.ACLs = []SeedACL{{Name: "private_network", Entries: []string{"10.0.0.0/8"}}}
	sd.Config = &cfg
	return sd
}()

// TestHead: HEAD is a read, without a body.
func TestHead(t *testing.T) {
	s, u := NewTest(t, Options{RateLimit: 1}, testSeed)
	r := do(t, u, "HEAD", "/service/"+testSeed.ID, nil)
	if r.status != 200 || len(r.body) != 0 || r.header.Get("Fastly-RateLimit-Remaining") != "" {
		t.Errorf("HEAD: %d body %q remaining %q", r.status, r.body, r.header.Get("Fastly-RateLimit-Remaining"))
	}
	if rem, _ := s.RateLimit(); rem != 1 {
		t.Errorf("HEAD spent the budget: %d left", rem)
	}
}
