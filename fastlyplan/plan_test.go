package fastlyplan_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

// TestCompare changes the Fastly side (current) of the demo service and
// checks the plan that brings it back to the desired state.
func TestCompare(t *testing.T) {
	_, target := fastlytest.Demo(t, true)
	for _, c := range []struct {
		name   string
		change func(cur *fastlyplan.Config)
		want   []string
	}{
		{"equal", func(*fastlyplan.Config) {}, nil},
		{"one field", func(cur *fastlyplan.Config) { fastlytest.Backend(cur, "app1").FirstByteTimeout = 34000 },
			[]string{"update backend app1 first_byte_timeout=34000->15000"}},
		{"two fields of two kinds", func(cur *fastlyplan.Config) {
			fastlytest.Backend(cur, "objects").UseSSL = false
			cur.Healthchecks[0].Path = "/health"
		}, []string{"update healthcheck app path=/health->/", "update backend objects use_ssl=false->true"}},
		{"comments are not compared", func(cur *fastlyplan.Config) {
			fastlytest.Backend(cur, "app1").Comment = "set by hand"
			cur.Domains[0].Comment = "x"
			cur.Directors[0].Comment = ""
		}, nil},
		{"director members are a set", func(cur *fastlyplan.Config) { cur.Directors[0].Backends = []string{"app2", "app1"} }, nil},
		{"director member missing", func(cur *fastlyplan.Config) { cur.Directors[0].Backends = []string{"app2"} },
			[]string{"update director app backends=[app2]->[app1 app2]"}},
		{"missing and extra objects", func(cur *fastlyplan.Config) {
			cur.Backends = slices.DeleteFunc(cur.Backends, func(b desired.Backend) bool { return b.Name == "app2" })
			cur.Backends = append(cur.Backends, desired.Backend{Name: "legacy", Address: "192.0.2.1", Port: 80})
			cur.Domains = cur.Domains[:1]
		}, []string{"create domain www.demo.webplatform.org", "create backend app2", "delete backend legacy"}},
		{"gzip is always drift, kinds not owned never are", func(cur *fastlyplan.Config) {
			cur.Unmanaged = []fastlyplan.Object{{"header", "x-served-by"}, {"condition", "is-api"}}
			cur.Gzips = []desired.Gzip{{Name: "default", ContentTypes: "text/html", Extensions: "html"}}
		}, []string{"delete gzip default"}},
		{"stale-if-error TTL ignored while off", func(cur *fastlyplan.Config) { cur.Settings.StaleIfErrorTTL = 600 }, nil},
		{"stale-if-error on", func(cur *fastlyplan.Config) { cur.Settings.StaleIfError = true; cur.Settings.StaleIfErrorTTL = 600 },
			[]string{"update settings  general.stale_if_error=true->false general.stale_if_error_ttl=600->43200"}},
		{"dictionary items are not compared", func(cur *fastlyplan.Config) {
			cur.Dictionaries = []desired.Dictionary{{Name: "edgectl_settings", Items: map[string]string{"maintenance": "on"}}}
		}, nil},
		{"new dictionary", func(cur *fastlyplan.Config) { cur.Dictionaries = nil }, []string{"create dictionary edgectl_settings"}},
		{"VCL content", func(cur *fastlyplan.Config) {
			cur.VCLs[0].Content = strings.Replace(cur.VCLs[0].Content, "1h", "2h", 1)
		},
			[]string{"update vcl main content"}},
		{"VCL main flag", func(cur *fastlyplan.Config) { cur.VCLs[0].Main, cur.VCLs[1].Main = false, true },
			[]string{"update vcl errors main=true->false", "update vcl main main=false->true"}},
		{"private content", func(cur *fastlyplan.Config) { cur.VCLs[2].Content = "sub private_recv {}\n" },
			[]string{"update vcl private content private"}},
		{"private missing", func(cur *fastlyplan.Config) { cur.VCLs = cur.VCLs[:2] }, []string{"create vcl private content private"}},
		{"extra VCL", func(cur *fastlyplan.Config) {
			cur.VCLs = append(cur.VCLs, fastlyplan.VCL{Name: "old", Content: "# old"})
		}, []string{"delete vcl old"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cur := fastlytest.Clone(target)
			c.change(cur)
			p := fastlyplan.Compare(cur, target, fastlyplan.Labels{From: "active version 3", To: "local"})
			if got := fastlytest.Summary(p); !slices.Equal(got, c.want) {
				t.Errorf("plan\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
			if p.Empty() != (len(c.want) == 0) || p.Count() != len(c.want) {
				t.Errorf("Empty %v, Count %d for %d changes", p.Empty(), p.Count(), len(c.want))
			}
		})
	}
}

// TestComparePrivateUnknown: without the private include's content, the
// file is not compared and the plan says so.
func TestComparePrivateUnknown(t *testing.T) {
	_, withPrivate := fastlytest.Demo(t, true)
	_, target := fastlytest.Demo(t, false)
	cur := fastlytest.Clone(withPrivate)
	cur.VCLs[2].Content = "anything at all"
	p := fastlyplan.Compare(cur, target, fastlyplan.Labels{})
	if !p.Empty() || len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "--private-dir") {
		t.Errorf("plan %v, notes %q", fastlytest.Summary(p), p.Notes)
	}
	if _, err := p.Operations(); err != nil {
		t.Errorf("operations: %v", err)
	}
	cur.VCLs = cur.VCLs[:2]
	p = fastlyplan.Compare(cur, target, fastlyplan.Labels{})
	if _, err := p.Operations(); err == nil || !strings.Contains(err.Error(), "--private-dir") {
		t.Errorf("creating the private include without its content: %v", err)
	}
}

func TestUnifiedDiff(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want []string
	}{
		{"a\nb\nc\n", "a\nB\nc\n", []string{"--- f.vcl (x)", "+++ f.vcl (y)", "@@ -1,3 +1,3 @@", " a", "-b", "+B", " c"}},
		{"", "new\n", []string{"--- f.vcl (x)", "+++ f.vcl (y)", "@@ -0,0 +1 @@", "+new"}},
		{"a\n", "a", []string{"--- f.vcl (x)", "+++ f.vcl (y)", "@@ -1 +1 @@", "-a", "+a", `\ No newline at end of file`}},
	} {
		got := strings.Split(strings.TrimSuffix(fastlyplan.UnifiedDiff(c.a, c.b, "f.vcl", fastlyplan.Labels{From: "x", To: "y"}), "\n"), "\n")
		if !slices.Equal(got, c.want) {
			t.Errorf("diff of %q and %q:\n%s\nwant\n%s", c.a, c.b, strings.Join(got, "\n"), strings.Join(c.want, "\n"))
		}
	}
}
