package localserve

import (
	"crypto/tls"
	"fmt"
	"net/http/httptest"
	"testing"
)

// BenchmarkServe measures one request through the Handler (falco parses
// the whole VCL for each): a redirect made in vcl_recv, a miss fetched
// from a local origin, and a hit.
func BenchmarkServe(b *testing.B) {
	o := origin(b, 200, "<p>page</p>")
	org, _ := ParseOrigin(o.URL)
	h, _, err := ForUnit(www(b), org, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		tls  bool
		url  func(i int) string
	}{
		{"redirect", false, func(int) string { return "/" }},
		{"miss", true, func(i int) string { return fmt.Sprintf("/miss/%d", i) }},
		{"hit", true, func(int) string { return "/hit" }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				r := httptest.NewRequest("GET", "http://www.webplatform.org"+c.url(i), nil)
				if c.tls {
					r.TLS = &tls.ConnectionState{}
				}
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code >= 500 {
					b.Fatalf("%s: %d %s", c.name, w.Code, w.Body)
				}
			}
		})
	}
}
