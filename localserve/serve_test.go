package localserve

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webplatform/edgectl/internal/testtool"
	"github.com/webplatform/edgectl/pipeline"
)

// repoRoot is the repository, whose www service has forced TLS, directors
// and restart_on_error: what falco's simulator needs working around.
const repoRoot = ".."

var (
	wwwOnce sync.Once
	wwwUnit *pipeline.Unit
)

// www is the www service compiled for production, built once per run.
func www(t testing.TB) *pipeline.Unit {
	t.Helper()
	wwwOnce.Do(func() {
		out, diags := pipeline.Run(pipeline.Options{Root: repoRoot, Services: []string{"www"}, Levels: []string{"production"}})
		if diags.HasErrors() {
			t.Fatalf("build: %v", diags)
		}
		wwwUnit = out.Units[0]
	})
	if wwwUnit == nil {
		t.Fatal("the www build failed earlier")
	}
	return wwwUnit
}

// serving starts edgectl serve's listeners on 127.0.0.1:0 for www, every
// backend pointed at origin.
func serving(t *testing.T, origin string) (*Servers, *testtool.SyncBuffer) {
	t.Helper()
	o, err := ParseOrigin(origin)
	if err != nil {
		t.Fatal(err)
	}
	log := &testtool.SyncBuffer{}
	h, _, err := ForUnit(www(t), o, log)
	if err != nil {
		t.Fatal(err)
	}
	return start(t, h), log
}

func start(t *testing.T, h http.Handler) *Servers {
	t.Helper()
	s, err := Start(Config{Listen: "127.0.0.1:0", TLSListen: "127.0.0.1:0", Handler: h})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Shutdown(context.Background()) })
	return s
}

// client follows no redirect, trusts the self-signed certificate and gives
// up after ten seconds, so that no test can hang.
var client = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport:     &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}},
}

type reply struct {
	status int
	header http.Header
	body   string
}

// get asks url for www's home page, as a browser would.
func get(t *testing.T, url string) reply {
	t.Helper()
	return getHost(t, url, "www.webplatform.org")
}

// getHost asks url with the Host header host, as a browser would.
func getHost(t *testing.T, url, host string) reply {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	req.Header.Set("Accept", "text/html")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{resp.StatusCode, resp.Header, string(body)}
}

func origin(t testing.TB, status int, page string) *httptest.Server {
	t.Helper()
	o := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(status)
		io.WriteString(w, page)
	}))
	t.Cleanup(o.Close)
	return o
}

// Forced TLS (www: tls.force): a plain request is redirected to https.
// The VCL asks fastly_info.edge.is_tls, "true if the client request is made
// over a TLS-secured connection"
// (https://www.fastly.com/documentation/reference/vcl/variables/client-connection/fastly-info-edge-is-tls/),
// which falco reads from the connection: serve's TLS listener sets it.
func TestPlainRequestIsRedirectedToHTTPS(t *testing.T) {
	o := origin(t, 200, "<p>the origin's page</p>")
	s, log := serving(t, o.URL)
	r := get(t, "http://"+s.Plain.String()+"/docs/")
	if r.status != 301 || r.header.Get("Location") != "https://www.webplatform.org/docs/" {
		t.Fatalf("got %d Location %q, want 301 to https://www.webplatform.org/docs/", r.status, r.header.Get("Location"))
	}
	want := "GET http://www.webplatform.org/docs/ backend=- status=301 restarts=0"
	if !strings.Contains(log.String(), want) {
		t.Errorf("request log:\n%s\nwant a line with %q", log, want)
	}
}

// Over TLS the page comes from the origin, through the director app that
// its first backend stands in for.
func TestTLSRequestGetsTheOriginsPage(t *testing.T) {
	o := origin(t, 200, "<p>the origin's page</p>")
	s, log := serving(t, o.URL)
	r := get(t, "https://"+s.TLS.String()+"/about")
	if r.status != 200 || r.body != "<p>the origin's page</p>" {
		t.Fatalf("got %d %q, want 200 with the origin's page", r.status, r.body)
	}
	if r.header.Get("Strict-Transport-Security") == "" {
		t.Errorf("no HSTS header on a TLS answer: %v", r.header)
	}
	want := "GET https://www.webplatform.org/about backend=app(F_app1) status=200 restarts=0"
	if !strings.Contains(log.String(), want) {
		t.Errorf("request log:\n%s\nwant a line with %q", log, want)
	}
}

// pageTitle is the title of an error page, read from its source in errors/.
func pageTitle(t *testing.T, file string) string {
	t.Helper()
	src := testtool.ReadFile(t, filepath.Join(repoRoot, "errors", file))
	m := regexp.MustCompile(`(?m)^title: "(.*)"$`).FindStringSubmatch(src)
	if m == nil {
		t.Fatalf("no title in errors/%s", file)
	}
	return m[1]
}

// An origin answering 503 gets the browser our page for that status, after
// restart_on_error's retry and vcl_deliver's restart into vcl_error: the
// restart after vcl_fetch where falco's simulator panics.
func TestOrigin503GetsOurErrorPage(t *testing.T) {
	o := origin(t, 503, "origin's own 503 body")
	s, log := serving(t, o.URL)
	r := get(t, "https://"+s.TLS.String()+"/busy")
	title := pageTitle(t, "service-unavailable.md")
	if r.status != 503 || !strings.Contains(r.body, title) || r.header.Get(UnsimulatedHeader) != "" {
		t.Fatalf("got %d %v\n%s\nwant 503 with the page %q", r.status, r.header, r.body, title)
	}
	want := "GET https://www.webplatform.org/busy backend=app(F_app1),app(F_app1) status=503 restarts=2"
	if !strings.Contains(log.String(), want) || !strings.Contains(log.String(), "note: falco panics when a restart follows vcl_fetch") {
		t.Errorf("request log:\n%s\nwant a line with %q and the note", log, want)
	}
	if r := get(t, "https://"+s.TLS.String()+"/next"); r.status != 503 {
		t.Errorf("the next request got %d, want 503 again", r.status)
	}
}

// Through the unmodified VCL, falco's fetch through the director app
// panics: the request gets a clean local 500 saying so, and the server
// answers the next request.
func TestFalcoPanicGetsACleanAnswerAndTheServerGoesOn(t *testing.T) {
	u := www(t)
	log := &testtool.SyncBuffer{}
	// Its backends keep their inventory addresses: the panic comes before
	// any connection.
	raw := &Variant{Files: UnitFiles(u), MaxBackends: u.MaxBackends}
	s := start(t, &Handler{Engine: NewFalco(raw), Log: log})
	r := get(t, "https://"+s.TLS.String()+"/through-a-director")
	if r.status != 500 || r.header.Get(UnsimulatedHeader) != "unsimulated" || !strings.Contains(r.body, "falco panicked") {
		t.Fatalf("got %d %v %q, want edgectl's 500", r.status, r.header, r.body)
	}
	if !strings.Contains(log.String(), "falco could not simulate this request: falco panicked") {
		t.Errorf("request log:\n%s\nwant what falco could not simulate", log)
	}
	if r := get(t, "http://"+s.Plain.String()+"/"); r.status != 301 {
		t.Errorf("the next request got %d, want 301", r.status)
	}
}

// A backend that cannot be reached stops falco (Fastly would run
// vcl_error): a local 502 says so, and the server goes on.
func TestUnreachableOriginIsSaidAndTheServerGoesOn(t *testing.T) {
	o := origin(t, 200, "")
	addr := o.URL
	o.Close() // nothing listens there any more
	s, log := serving(t, addr)
	r := get(t, "https://"+s.TLS.String()+"/")
	if r.status != 502 || r.header.Get(UnsimulatedHeader) != "unsimulated" || !strings.Contains(r.body, "the backend could not be reached") {
		t.Fatalf("got %d %v %q, want edgectl's 502", r.status, r.header, r.body)
	}
	if !strings.Contains(log.String(), "GET https://www.webplatform.org/ backend=app(F_app1) status=502") || !strings.Contains(log.String(), "Fastly would run vcl_error") {
		t.Errorf("request log:\n%s\nwant the 502 and why", log)
	}
	if r := get(t, "http://"+s.Plain.String()+"/"); r.status != 301 {
		t.Errorf("the next request got %d, want 301", r.status)
	}
}

// panicking is an Engine that panics, as a falco bug would.
type panicking struct{}

func (panicking) Serve(*http.Request) (*Answer, error) { panic("falco bug") }

func TestHandlerRecoversFromAPanickingEngine(t *testing.T) {
	log := &testtool.SyncBuffer{}
	h := &Handler{Engine: panicking{}, Log: log}
	for range 2 {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "http://localhost/x", nil))
		if w.Code != 500 || !strings.Contains(w.Body.String(), "falco bug") {
			t.Fatalf("got %d %q, want 500 naming the panic", w.Code, w.Body)
		}
	}
	if got := strings.Count(log.String(), "GET http://localhost/x backend=- status=500"); got != 2 {
		t.Errorf("request log:\n%s\nwant two lines", log)
	}
}

// --origin pointing at serve itself: the request falco sends comes back
// while the first one holds falco; it is answered at once (a 503, which
// the VCL turns into its page) instead of waiting for the first byte
// timeout.
func TestOriginThatIsServeItselfIsCutShort(t *testing.T) {
	var h http.Handler
	s := start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	o, err := ParseOrigin("http://" + s.Plain.String())
	if err != nil {
		t.Fatal(err)
	}
	log := &testtool.SyncBuffer{}
	if h, _, err = ForUnit(www(t), o, log); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	r := get(t, "https://"+s.TLS.String()+"/loop")
	if r.status != 503 || !strings.Contains(r.body, pageTitle(t, "service-unavailable.md")) || time.Since(began) > 5*time.Second {
		t.Fatalf("got %d after %v\n%s\nwant our 503 page at once", r.status, time.Since(began), r.body)
	}
	if !strings.Contains(log.String(), "loop") {
		t.Errorf("request log:\n%s\nwant the loop said", log)
	}
}
