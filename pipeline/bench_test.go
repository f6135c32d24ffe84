package pipeline

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/verify"
)

// Benchmarks of edgectl build. Run them with
//
//	go test ./pipeline -run XXX -bench . -benchtime 3x
//
// The real site is the repository itself (root ".."): 8 services × 3 levels.
// BenchmarkSynthetic generates larger sites to show how the cost grows with
// the number of services. Custom metrics:
//
//	ns/unit      time per compiled service × level
//	ns/service   time per service (synthetic sites have one level)
//	vcl-B/op     bytes of VCL compiled (or linted) per iteration
//	ns/site      time to handle the whole real site (24 units)

const realRoot = ".."

// siteVCLBytes is the size of every VCL file of a build, the text falco
// parses for a unit (local.vcl includes main.vcl and private.vcl).
func siteVCLBytes(out *Output) int {
	n := 0
	for _, u := range out.Units {
		for _, f := range u.Result.Files {
			n += len(f.Content)
		}
	}
	return n
}

// runOK runs the pipeline and fails the benchmark on any error diagnostic.
func runOK(b *testing.B, opts Options) *Output {
	b.Helper()
	out, diags := Run(opts)
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	return out
}

func reportPerUnit(b *testing.B, out *Output) {
	units := len(out.Units)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(units), "ns/unit")
	b.ReportMetric(float64(siteVCLBytes(out)), "vcl-B/op")
}

// BenchmarkBuildRealSiteNoLint is the compile cost of edgectl build: load
// the definitions and inventories, compile all 24 units, check the limits.
func BenchmarkBuildRealSiteNoLint(b *testing.B) {
	var out *Output
	for b.Loop() {
		out = runOK(b, Options{Root: realRoot, SkipLint: true})
	}
	reportPerUnit(b, out)
}

// BenchmarkLintRealSite is falco's in-process lint of the real site's
// compiled output, without compiling.
func BenchmarkLintRealSite(b *testing.B) {
	out := runOK(b, Options{Root: realRoot, SkipLint: true})
	units := make([]verify.Files, len(out.Units))
	for i, u := range out.Units {
		files := verify.Files{}
		for _, f := range u.Result.Files {
			files[f.Name] = f.Content
		}
		units[i] = files
		// The output must lint clean, or the benchmark measures error paths.
		fs, err := verify.Lint(files, compiler.LocalName)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range fs {
			if f.Severity == verify.SeverityError {
				b.Fatalf("%s: %s", u.Dir(), f)
			}
		}
	}
	for b.Loop() {
		for _, files := range units {
			if _, err := verify.Lint(files, compiler.LocalName); err != nil {
				b.Fatal(err)
			}
		}
	}
	reportPerUnit(b, out)
}

// BenchmarkBuildRealSite is edgectl build minus writing: compile and lint.
func BenchmarkBuildRealSite(b *testing.B) {
	var out *Output
	for b.Loop() {
		out = runOK(b, Options{Root: realRoot})
	}
	reportPerUnit(b, out)
}

// Synthetic sites: one level, an inventory of syntheticVMs VMs of role app,
// and N services each with 20 Fastly backends (a role backend over the
// syntheticVMs VMs plus address backends) and 50 rules.
const (
	syntheticVMs      = 10
	syntheticBackends = 20
	syntheticRules    = 50 // 15 pass, 10 routes, 10 redirects, 10 ttl, 5 cookie keep
)

var syntheticSizes = []int{25, 50, 100, 200}

// writeSyntheticSite writes a site of n services under dir.
func writeSyntheticSite(tb testing.TB, dir string, n int) {
	tb.Helper()
	must := func(err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "services"), 0o755))
	must(os.MkdirAll(filepath.Join(dir, "fleet", "inventory"), 0o755))
	must(os.CopyFS(filepath.Join(dir, "errors"), os.DirFS("../errors")))
	must(os.WriteFile(filepath.Join(dir, "levels.yaml"), []byte(`levels:
  - name: bench
    tld: bench.example
    zone: bench.wpdn
    status_page: status
`), 0o644))

	type vm struct {
		Name      string   `json:"name"`
		Roles     []string `json:"roles"`
		PrivateIP string   `json:"private_ip"`
		PublicIP  string   `json:"public_ip"`
	}
	vms := []vm{{Name: "salt", Roles: []string{"salt"}, PrivateIP: "10.20.0.1", PublicIP: "198.51.100.1"}}
	for i := 1; i <= syntheticVMs; i++ {
		vms = append(vms, vm{
			Name:      fmt.Sprintf("app%d", i),
			Roles:     []string{"app"},
			PrivateIP: fmt.Sprintf("10.20.1.%d", i),
			PublicIP:  fmt.Sprintf("198.51.101.%d", i),
		})
	}
	js, err := json.MarshalIndent(vms, "", "  ")
	must(err)
	must(os.WriteFile(filepath.Join(dir, "fleet", "inventory", "bench.json"), js, 0o644))

	for s := range n {
		name := fmt.Sprintf("svc%03d", s)
		must(os.WriteFile(filepath.Join(dir, "services", name+".yaml"), []byte(syntheticService(name, s)), 0o644))
	}
}

// syntheticService is one service definition in the real format.
func syntheticService(name string, s int) string {
	var y strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&y, format+"\n", args...) }
	p("description: |")
	p("  %s: a synthetic service for benchmarks.", name)
	p("service_ids:")
	p("  bench: bench%05dsvc", s)
	p("domains: [%s, %s-alt]", name, name)
	p("max_backends: 50")
	p("")
	p("tls:")
	p("  force: true")
	p("  hsts_max_age: 180d")
	p("")
	// One role backend over syntheticVMs VMs, then address backends up to
	// syntheticBackends Fastly backends in all.
	p("backends:")
	p("  - name: app")
	p("    role: app")
	p("    port: 80")
	p("    host_header: %s", name)
	p("    healthcheck:")
	p("      method: HEAD")
	p("      path: /health")
	p("      interval: 15s")
	p("      timeout: 5s")
	p("    first_byte_timeout: 30s")
	p("    max_conn: 500")
	addr := syntheticBackends - syntheticVMs
	for i := 1; i <= addr; i++ {
		p("  - name: origin%d", i)
		p("    address: origin%d.%s.example.net", i, name)
		if i%2 == 0 {
			p("    port: 443")
			p("    tls: true")
			p("    host_header: origin%d.%s.example.net", i, name)
		} else {
			p("    port: 80")
		}
		if i%3 == 0 {
			p("    healthcheck:")
			p("      path: /ping")
		}
	}
	p("")
	// 10 routes to the address backends, half with a rewrite.
	p("routes:")
	for i := 1; i <= 10; i++ {
		p("  - path: ^/r%d/", i)
		p("    backend: origin%d", (i-1)%(addr-1)+1) // origin<addr> is the maintenance backend
		if i%2 == 0 {
			p("    rewrite: {match: ^/r%d/, replace: /bucket-%d/}", i, i)
		}
		if i%3 == 0 {
			p("    host_header: files.example.net")
		}
	}
	p("")
	// 10 redirects: paths to paths, the alt host to the main one.
	p("redirects:")
	for i := 1; i <= 9; i++ {
		p("  - path: /old/%d", i)
		p("    to_path: /new/%d", i)
		if i%4 == 0 {
			p("    status: 302")
		}
	}
	p("  - host: %s-alt", name)
	p("    to_host: %s", name)
	p("")
	// 15 pass rules: paths, urls, methods, cookies and combinations.
	p("pass:")
	p("  - methods: [POST, PUT, DELETE]")
	for i := 1; i <= 5; i++ {
		p("  - path: ^/admin%d/", i)
	}
	for i := 1; i <= 3; i++ {
		p("  - url: (\\?|&)nocache%d=", i)
	}
	for i := 1; i <= 4; i++ {
		p("  - cookie: session%d_*", i)
	}
	p("  - path: ^/api/")
	p("    methods: [GET, HEAD]")
	p("  - path: ^/preview/")
	p("    cookie: preview")
	p("")
	// 5 cookie keep patterns.
	p("cookies:")
	p("  keep: [session1_*, session2_*, session3_*, session4_*, preview]")
	p("  untouched_paths: [^/login]")
	p("")
	// 10 ttl rules.
	p("cache:")
	p("  default_ttl: 1h")
	p("  error_ttl: 1s")
	p("  stale_while_revalidate: 1m")
	p("  stale_if_error: 6h")
	p("  restart_on_error: true")
	p("  ttl:")
	exts := []string{"css", "js", "png", "jpg", "gif", "svg", "woff", "woff2"}
	for i := 1; i <= 4; i++ {
		p("    - extensions: [%s]", strings.Join(exts[:2*i], ", "))
		p("      ttl: %dd", i)
	}
	for i := 1; i <= 3; i++ {
		p("    - content_types: [image/, text/css, application/json]")
		p("      ttl: %dh", i)
	}
	for i := 1; i <= 3; i++ {
		p("    - path: ^/static%d/", i)
		p("      ttl: %dw", i)
	}
	p("")
	p("gzip: {}")
	p("")
	p("headers:")
	p("  set:")
	p("    X-Frame-Options: SAMEORIGIN")
	p("  remove: [X-Powered-By, Server]")
	p("  vary_remove: [Cookie]")
	p("")
	p("maintenance:")
	p("  backend: origin%d", addr)
	p("  path: /errors/maintenance.html")
	return y.String()
}

// BenchmarkSynthetic measures how compile and lint grow with the number of
// services: compile/services=N runs with SkipLint, lint/services=N is the
// full build (compile and lint).
func BenchmarkSynthetic(b *testing.B) {
	roots := map[int]string{}
	root := func(n int) string {
		if r, ok := roots[n]; ok {
			return r
		}
		r := filepath.Join(b.TempDir(), fmt.Sprintf("site%d", n))
		writeSyntheticSite(b, r, n)
		roots[n] = r
		return r
	}
	for _, mode := range []struct {
		name     string
		skipLint bool
	}{{"compile", true}, {"lint", false}} {
		for _, n := range syntheticSizes {
			b.Run(fmt.Sprintf("%s/services=%d", mode.name, n), func(b *testing.B) {
				dir := root(n)
				var out *Output
				for b.Loop() {
					out = runOK(b, Options{Root: dir, SkipLint: mode.skipLint})
				}
				if len(out.Units) != n {
					b.Fatalf("%d units, want %d", len(out.Units), n)
				}
				if got := len(out.Units[0].Result.Service.Backends); got != syntheticBackends {
					b.Fatalf("%d Fastly backends per service, want %d", got, syntheticBackends)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/service")
				b.ReportMetric(float64(siteVCLBytes(out)), "vcl-B/op")
			})
		}
	}
}

// BenchmarkFalcoCLIPerUnit runs the falco CLI once per unit of the real
// site, "falco lint -I <unit> <unit>/local.vcl", as a CI job linting the
// written build would. ns/op and ns/site are the whole site (24 runs).
// build/cli is the in-process build with lint (BenchmarkBuildRealSite's
// work, timed here before the loop, best of 3) divided by ns/site: below 1
// means edgectl build, compiling included, is cheaper than linting its
// output with the CLI.
func BenchmarkFalcoCLIPerUnit(b *testing.B) {
	if testing.Short() {
		b.Skip("builds the falco CLI")
	}
	tmp := b.TempDir()
	falco := filepath.Join(tmp, "falco")
	build := exec.Command("go", "build", "-o", falco, "github.com/ysugimoto/falco/cmd/falco")
	if msg, err := build.CombinedOutput(); err != nil {
		b.Fatalf("go build falco: %v\n%s", err, msg)
	}

	out := runOK(b, Options{Root: realRoot, SkipLint: true})
	dir := filepath.Join(tmp, "build")
	if err := out.Write(dir, false); err != nil {
		b.Fatal(err)
	}
	// Run falco away from the repository so that no .falco.yaml is picked up.
	work := filepath.Join(tmp, "cwd")
	if err := os.Mkdir(work, 0o755); err != nil {
		b.Fatal(err)
	}
	var unitDirs []string
	for _, u := range out.Units {
		unitDirs = append(unitDirs, filepath.Join(dir, u.Service, u.Level))
	}
	lint := func(unit string) {
		cmd := exec.Command(falco, "lint", "-I", unit, filepath.Join(unit, "local.vcl"))
		cmd.Dir = work
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("falco lint %s: %v\n%s", unit, err, msg)
		}
	}
	lint(unitDirs[0]) // warm the page cache for the binary

	inProcess := time.Duration(1<<63 - 1)
	for range 3 {
		start := time.Now()
		runOK(b, Options{Root: realRoot})
		inProcess = min(inProcess, time.Since(start))
	}

	for b.Loop() {
		for _, unit := range unitDirs {
			lint(unit)
		}
	}
	perSite := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	b.ReportMetric(perSite, "ns/site")
	b.ReportMetric(perSite/float64(len(unitDirs)), "ns/unit")
	b.ReportMetric(float64(inProcess.Nanoseconds())/perSite, "build/cli")
}
