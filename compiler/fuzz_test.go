package compiler_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ysugimoto/falco/ast"
	"github.com/ysugimoto/falco/lexer"
	"github.com/ysugimoto/falco/parser"
	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/internal/testtool"
	"github.com/webplatform/edgectl/pipeline"
	"github.com/webplatform/edgectl/verify"
)

// fuzzTemplate is a valid service definition in which every user-supplied
// string is a placeholder __name__ (one per entry of fuzzFields). The fuzz
// body replaces one placeholder with the fuzzed value and every other with its
// benign value, as double-quoted !!str scalars built by yaml.v3, so any valid
// UTF-8 string reaches the definition loader as exactly that scalar.
const fuzzTemplate = `
description: __description__
service_ids:
  production: FuzzService0000000000001
domains: [__domain__, docs]
max_backends: 10
tls:
  force: true
  hsts_max_age: 180d
backends:
  - name: app
    role: app
    port: 80
    host_header: __host_header__
    healthcheck:
      method: __hc_method__
      path: __hc_path__
      host: __hc_host__
      interval: 15s
      timeout: 5s
  - name: objects
    address: __address__
    port: 443
    tls: true
    cert_hostname: __cert_hostname__
    host_header: objects.dreamhost.com
  - name: maintenance
    role: salt
    port: 80
routes:
  - path: __route_path__
    backend: objects
    host_header: __route_host_header__
    rewrite: {match: __rewrite_match__, replace: __rewrite_replace__}
redirects:
  - host: __redirect_host__
    path: __redirect_path__
    to_host: __redirect_to_host__
    to_path: __redirect_to_path__
pass:
  - path: __pass_path__
    url: __pass_url__
    methods: [__pass_method__, PUT]
    cookie: __pass_cookie__
cookies:
  keep: [__cookie_keep__, session]
  untouched_paths: [__untouched_path__]
cache:
  default_ttl: 1h
  ttl:
    - extensions: [__ttl_ext__, css]
      ttl: 1d
    - content_types: [__ttl_type__, text/css]
      ttl: 1h
    - path: __ttl_path__
      ttl: 14d
gzip: {}
esi:
  paths: [__esi_path__, ^/x/]
headers:
  set:
    __header_name__: __header_value__
  remove: [__header_remove__, Server]
  vary_remove: [__vary_remove__]
  debug: [__debug__, X-Served-By]
maintenance:
  backend: maintenance
  path: __maintenance_path__
error_pages:
  keep_paths: [__keep_path__, ^/api/]
`

// fuzzFields are the user-supplied string fields, each with a benign value
// valid for its type. Every valid value of a field compiles to VCL of the
// same shape as its benign value (all of them are non-empty once valid, and
// none selects a different code path), so the benign build is the baseline
// for every field.
var fuzzFields = []struct{ name, benign string }{
	{"description", "Fuzz service.\nA second line of description."},
	{"domain", "www"},
	{"host_header", "www"},
	{"hc_method", "HEAD"},
	{"hc_path", "/health"},
	{"hc_host", "www"},
	{"address", "objects.dreamhost.com"},
	{"cert_hostname", "objects.dreamhost.com"},
	{"route_path", "^/w/"},
	{"route_host_header", "objects.dreamhost.com"},
	{"rewrite_match", "^/w/"},
	{"rewrite_replace", "/wiki/"},
	// A redirect host must be one of the domains: when it is fuzzed, the
	// first domain is set to the same value (see fuzzDoc).
	{"redirect_host", "docs"},
	{"redirect_path", "/old"},
	{"redirect_to_host", "www"},
	{"redirect_to_path", "/new"},
	{"pass_path", "^/admin"},
	{"pass_url", `(\?|&)preview=true`},
	{"pass_method", "POST"},
	{"pass_cookie", "sess*"},
	{"cookie_keep", "wiki*"},
	{"untouched_path", "^/login"},
	{"ttl_ext", "js"},
	{"ttl_type", "image/"},
	{"ttl_path", "^/static/"},
	{"esi_path", "^/wiki/"},
	{"header_name", "X-Frame-Options"},
	{"header_value", "DENY"},
	{"header_remove", "X-Powered-By"},
	{"vary_remove", "Cookie"},
	{"debug", "X-Cache"},
	{"maintenance_path", "/errors/maintenance.html"},
	{"keep_path", "^/w/api\\.php$"},
}

const fuzzLevels = `levels:
  - name: production
    tld: webplatform.org
    zone: production.wpdn
    status_page: status
`

const fuzzServiceFile = "services/fz.yaml"

// fuzzMarker stands for a value yaml.v3 refuses to marshal (invalid UTF-8);
// it is replaced in the marshalled text by rawYAMLQuote of the value.
const fuzzMarker = "EDGECTLFUZZVALUEMARKER"

// fuzzDoc returns services/fz.yaml with field sel set to value.
func fuzzDoc(t testing.TB, sel int, value string) []byte {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(fuzzTemplate), &root); err != nil {
		t.Fatalf("template: %v", err)
	}
	benign := map[string]string{}
	for _, f := range fuzzFields {
		benign[f.name] = f.benign
	}
	target := fuzzFields[sel].name
	raw := !utf8.ValidString(value)
	found := false
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && strings.HasPrefix(n.Value, "__") && strings.HasSuffix(n.Value, "__") && len(n.Value) > 4 {
			name := strings.Trim(n.Value, "_")
			v, ok := benign[name]
			if !ok {
				t.Fatalf("template placeholder %s has no field", n.Value)
			}
			if name == target || (target == "redirect_host" && name == "domain") {
				v = value
				found = found || name == target
				if raw {
					v = fuzzMarker
				}
			}
			n.Value, n.Tag, n.Style = v, "!!str", yaml.DoubleQuotedStyle
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&root)
	if !found {
		t.Fatalf("field %s is not in the template", target)
	}
	out, err := yaml.Marshal(&root)
	if err != nil {
		t.Fatalf("marshal %s=%q: %v", target, value, err)
	}
	if raw {
		out = []byte(strings.ReplaceAll(string(out), `"`+fuzzMarker+`"`, rawYAMLQuote(value)))
		return out
	}
	// The value must survive as that exact scalar.
	var back yaml.Node
	if err := yaml.Unmarshal(out, &back); err != nil {
		t.Fatalf("generated YAML does not parse (%s=%q): %v\n%s", target, value, err, out)
	}
	if !hasScalar(&back, value) {
		t.Fatalf("value %q of %s does not survive the YAML round trip:\n%s", value, target, out)
	}
	return out
}

func hasScalar(n *yaml.Node, v string) bool {
	if n.Kind == yaml.ScalarNode && n.Value == v && n.Style == yaml.DoubleQuotedStyle {
		return true
	}
	for _, c := range n.Content {
		if hasScalar(c, v) {
			return true
		}
	}
	return false
}

// rawYAMLQuote writes s as a double-quoted YAML scalar, escaping every valid
// non-ASCII or control rune and copying invalid UTF-8 bytes as they are: what
// a file with a stray byte in a quoted value looks like. YAML cannot carry
// such a value, so the loader must reject the file.
func rawYAMLQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteByte(s[i])
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

// fuzzSite is the compiler's test site; the fuzz root takes its inventory
// and error pages.
const fuzzSite = "testdata/site"

// fuzzRoot writes the levels, the production inventory and the error pages
// of the test site (testdata/site) into dir.
func fuzzRoot(tb testing.TB, dir string) {
	tb.Helper()
	testtool.WriteFiles(tb, dir, map[string]string{"levels.yaml": fuzzLevels})
	testtool.CopyFiles(tb, dir, fuzzSite, "fleet/inventory/production.json")
	if err := os.MkdirAll(filepath.Join(dir, "services"), 0o755); err != nil {
		tb.Fatal(err)
	}
	for _, shared := range []string{"errors"} {
		src := filepath.Join(fuzzSite, shared)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		if err := os.CopyFS(filepath.Join(dir, shared), os.DirFS(src)); err != nil {
			tb.Fatal(err)
		}
	}
}

// build writes services/fz.yaml and runs the whole pipeline on dir.
func build(tb testing.TB, dir string, doc []byte) (*pipeline.Output, diag.List) {
	tb.Helper()
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(fuzzServiceFile)), doc, 0o644); err != nil {
		tb.Fatal(err)
	}
	return pipeline.Run(pipeline.Options{Root: dir})
}

// vclShape parses VCL with falco and returns its shape: the node types of
// every declaration and, recursively, statement and expression, with the
// operators, but without literal values, names or comments.
func vclShape(src string) ([]string, error) {
	vcl, err := parser.New(lexer.NewFromString(src)).ParseVCL()
	if err != nil {
		return nil, err
	}
	var out []string
	metaType := reflect.TypeOf((*ast.Meta)(nil))
	var walk func(v reflect.Value, depth int)
	walk = func(v reflect.Value, depth int) {
		pad := strings.Repeat("  ", depth)
		switch v.Kind() {
		case reflect.Interface, reflect.Pointer:
			if v.IsNil() {
				out = append(out, pad+"nil")
				return
			}
			walk(v.Elem(), depth)
		case reflect.Slice:
			out = append(out, fmt.Sprintf("%s[%d]", pad, v.Len()))
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), depth+1)
			}
		case reflect.Struct:
			t := v.Type()
			out = append(out, pad+t.Name())
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				fv := v.Field(i)
				switch {
				case f.Type == metaType || f.Type == reflect.TypeOf(ast.Comments(nil)):
				case f.Type.Kind() == reflect.String:
					if f.Name == "Operator" {
						out = append(out, pad+"  op "+fv.String())
					}
				case f.Type.Kind() == reflect.Bool:
					if f.Name != "Value" {
						out = append(out, fmt.Sprintf("%s  %s=%v", pad, f.Name, fv.Bool()))
					}
				case f.Type.Kind() == reflect.Pointer, f.Type.Kind() == reflect.Interface,
					f.Type.Kind() == reflect.Slice, f.Type.Kind() == reflect.Struct:
					out = append(out, pad+"  ."+f.Name)
					walk(fv, depth+2)
				}
			}
		}
	}
	walk(reflect.ValueOf(vcl), 0)
	return out, nil
}

// fastlyMacros counts the lines Fastly and falco take for a "#FASTLY <sub>"
// macro; a value must not add one, even in a comment.
func fastlyMacros(src string) int {
	n := 0
	for _, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "#FASTLY") {
			n++
		}
	}
	return n
}

// falcoDirectives counts the comment lines falco reads as directives: a
// "falco-ignore..." comment turns linting off (falco-ignore-start for the rest
// of the file), an "@..." comment sets the scope of the next declaration. A
// value must not add one: it would silence the lint the build relies on.
// The tests mirror falco's linter (ignore.go parseIgnoreComment, helper.go
// annotations).
func falcoDirectives(src string) int {
	n := 0
	for _, l := range strings.Split(src, "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "//") && !strings.HasPrefix(l, "/*") {
			continue
		}
		if strings.HasPrefix(strings.TrimLeft(l, "#@*/ "), "falco-ignore") || strings.HasPrefix(strings.TrimLeft(l, " */#"), "@") {
			n++
		}
	}
	return n
}

func firstDiff(a, b []string) string {
	for i := 0; i < len(a) || i < len(b); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return fmt.Sprintf("at shape line %d: baseline %q, got %q", i+1, x, y)
		}
	}
	return "no difference"
}

// fuzzBaseline is the shape of every compiled file (main.vcl, local.vcl with
// the backends and health checks, and any other) of the benign definition.
type fuzzBaseline struct {
	names      []string
	shapes     map[string][]string
	macros     map[string]int
	directives map[string]int
}

func FuzzUserStrings(f *testing.F) {
	nasty := []string{
		`"; } sub vcl_recv { error 700; } #`,
		`"} error 700; {"`,
		`%22`,
		"\n  error 700;\n",
		"#FASTLY recv",
		"x\n#FASTLY recv",
		`{"x"}`,
		`{EDGECTL"x"EDGECTL}`,
		`a"b`,
		`a\`,
		`${x}`,
		"\x00",
		"a\x00b",
		"\xff\xfe",
		"ok\xc3",
		strings.Repeat("a", 70),
		strings.Repeat("a", 300),
		strings.Repeat("x", 9000),
		"^/" + strings.Repeat("b", 2100),
		"/" + strings.Repeat("c", 2100),
		"*",
		"/",
		".",
		"@",
		"",
		" ",
		"x#",
		"X#y",
		"a.b",
		"X-A%",
		"X|Y",
		"C!",
		"falco-ignore-start",
		"@scope: deliver",
		"日本語 ü",
		"\u2028\u0085",
		"a\tb",
		"a\rb",
		"\x7f",
		"::1",
		"203.0.113.9",
		"/a?b=c&d=%22",
		`^/a"b`,
		`(?i)^/x\.php$`,
		"text/html",
		"example.org",
	}
	for sel := range fuzzFields {
		f.Add(sel, fuzzFields[sel].benign)
		for _, v := range nasty {
			f.Add(sel, v)
		}
	}

	// One root per worker process: f.Fuzz runs its inputs one at a time.
	dir := f.TempDir()
	fuzzRoot(f, dir)
	base := fuzzBaseline{shapes: map[string][]string{}, macros: map[string]int{}, directives: map[string]int{}}
	out, diags := build(f, dir, fuzzDoc(f, 0, fuzzFields[0].benign))
	if diags.HasErrors() {
		f.Fatalf("the benign definition does not build:\n%v", diags.Err())
	}
	for _, file := range out.Units[0].Result.Files {
		shape, err := vclShape(file.Content)
		if err != nil {
			f.Fatalf("benign %s.vcl does not parse: %v", file.Name, err)
		}
		base.names = append(base.names, file.Name)
		base.shapes[file.Name] = shape
		base.macros[file.Name] = fastlyMacros(file.Content)
		base.directives[file.Name] = falcoDirectives(file.Content)
	}

	f.Fuzz(func(t *testing.T, sel int, value string) {
		sel = (sel%len(fuzzFields) + len(fuzzFields)) % len(fuzzFields)
		field := fuzzFields[sel].name
		out, diags := build(t, dir, fuzzDoc(t, sel, value))

		if diags.HasErrors() {
			for _, d := range diags.Errors() {
				if d.Message == "" || d.Hint == "" {
					t.Errorf("%s=%q: error without message or hint: %s", field, value, d)
				}
				if d.Pos.File != fuzzServiceFile && d.Pos.File != "levels.yaml" {
					t.Errorf("%s=%q: error outside the definition: %s", field, value, d)
				}
				// A whole-file position is for problems of the file as
				// a whole, such as its compiled size.
				if d.Pos.Line < 1 && !strings.Contains(d.Message, "byte limit") {
					t.Errorf("%s=%q: error without a line: %s", field, value, d)
				}
			}
			return
		}
		if !utf8.ValidString(value) {
			t.Fatalf("%s=%q: a file with invalid UTF-8 builds", field, value)
		}
		if len(out.Units) != 1 {
			t.Fatalf("%s=%q: %d units, want 1", field, value, len(out.Units))
		}
		res := out.Units[0].Result

		// (a) falco finds no error in the result.
		files := verify.Files{}
		for _, file := range res.Files {
			files[file.Name] = file.Content
		}
		findings, err := verify.Lint(files, compiler.LocalName)
		if err != nil {
			t.Fatalf("%s=%q: lint: %v", field, value, err)
		}
		for _, fd := range findings {
			if fd.Severity == verify.SeverityError {
				t.Errorf("%s=%q: the build succeeded with a falco error: %s", field, value, fd)
			}
		}

		// (b) no injection: the compiled VCL has the shape of the benign
		// build. An empty value is valid for a few fields (rewrite replace,
		// header value, description); it could legitimately change the shape
		// only where a field is optional, so it is exempt.
		if value == "" {
			return
		}
		if len(res.Files) != len(base.names) {
			t.Fatalf("INJECTION: %s=%q: %d compiled files, want %d", field, value, len(res.Files), len(base.names))
		}
		for _, name := range base.names {
			file := res.File(name)
			if file == nil {
				t.Fatalf("%s=%q: no %s.vcl", field, value, name)
			}
			shape, err := vclShape(file.Content)
			if err != nil {
				t.Fatalf("INJECTION: %s=%q: %s.vcl does not parse: %v\n%s", field, value, name, err, file.Content)
			}
			if d := firstDiff(base.shapes[name], shape); d != "no difference" {
				t.Fatalf("INJECTION: %s=%q changes the shape of %s.vcl %s\n%s", field, value, name, d, file.Content)
			}
			if n := fastlyMacros(file.Content); n != base.macros[name] {
				t.Fatalf("INJECTION: %s=%q adds a #FASTLY macro line to %s.vcl (%d, want %d)", field, value, name, n, base.macros[name])
			}
			if n := falcoDirectives(file.Content); n != base.directives[name] {
				t.Fatalf("INJECTION: %s=%q adds a falco directive comment (falco-ignore or @annotation) to %s.vcl (%d, want %d)", field, value, name, n, base.directives[name])
			}
		}
	})
}
