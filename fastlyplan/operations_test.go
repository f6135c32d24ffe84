package fastlyplan_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

func opStrings(ops []fastlyplan.Operation) []string {
	var out []string
	for _, o := range ops {
		out = append(out, o.String())
	}
	return out
}

// TestOperations checks the writes of a plan: one per changed object, in
// an order Fastly accepts.
func TestOperations(t *testing.T) {
	d, _ := fastlytest.Demo(t, true)
	// The demo adopts the kinds of the drift case, so that they are removed.
	d.Service.Ownership = &desired.Ownership{Adopt: []desired.Kind{desired.KindCondition, desired.KindHeader, desired.KindSnippet}}
	target, err := d.Config()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		change func(cur *fastlyplan.Config)
		want   []string
	}{
		{"nothing", func(*fastlyplan.Config) {}, nil},
		{"one VCL", func(cur *fastlyplan.Config) { cur.VCLs[0].Content = "# old" }, []string{"upload vcl main"}},
		{"empty service", func(cur *fastlyplan.Config) {
			*cur = fastlyplan.Config{Settings: desired.Settings{DefaultTTL: 3600, StaleIfErrorTTL: 43200}}
		}, []string{
			"create healthcheck app", // before the backends using it
			"create backend app1", "create backend app2", "create backend objects",
			"create director app", "add backend app1 to director app", "add backend app2 to director app",
			"create domain demo.webplatform.org", "create domain www.demo.webplatform.org",
			"create dictionary edgectl_settings", "seed item maintenance of dictionary edgectl_settings",
			"create vcl errors", "create vcl main", "create vcl private",
		}},
		{"backend replaced in a director", func(cur *fastlyplan.Config) {
			cur.Backends = append(cur.Backends, desired.Backend{Name: "app0", Address: "192.0.2.1", Port: 80})
			cur.Backends = slices.DeleteFunc(cur.Backends, func(b desired.Backend) bool { return b.Name == "app2" })
			cur.Directors[0].Backends = []string{"app0", "app1"}
		}, []string{
			"remove backend app0 from director app", // before the backend goes
			"delete backend app0",
			"create backend app2",
			"add backend app2 to director app", // after the backend exists
		}},
		{"health check renamed", func(cur *fastlyplan.Config) {
			cur.Healthchecks[0].Name = "probe"
			fastlytest.Backend(cur, "app1").Healthcheck = "probe"
			fastlytest.Backend(cur, "app2").Healthcheck = "probe"
		}, []string{"create healthcheck app", "update backend app1", "update backend app2", "delete healthcheck probe"}},
		{"drift first, conditions after what uses them", func(cur *fastlyplan.Config) {
			cur.Unmanaged = []fastlyplan.Object{{"condition", "c"}, {"header", "h"}, {"snippet", "s"}}
			cur.Gzips = []desired.Gzip{{Name: "g"}}
		}, []string{"delete header h", "delete snippet s", "delete gzip g", "delete condition c"}},
		{"director settings only", func(cur *fastlyplan.Config) { cur.Directors[0].Quorum = 50 }, []string{"update director app"}},
		{"main moves", func(cur *fastlyplan.Config) {
			cur.VCLs = []fastlyplan.VCL{{Name: "legacy", Main: true, Content: "x"}, cur.VCLs[1], cur.VCLs[2]}
		}, []string{"create vcl main", "delete vcl legacy"}},
		{"existing dictionary keeps its items", func(cur *fastlyplan.Config) { cur.Dictionaries[0].WriteOnly = true }, []string{"update dictionary edgectl_settings"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cur := fastlytest.Clone(target)
			c.change(cur)
			ops, err := fastlyplan.Compare(cur, target, fastlyplan.Labels{}).Operations()
			if err != nil {
				t.Fatal(err)
			}
			if got := opStrings(ops); !slices.Equal(got, c.want) {
				t.Errorf("operations\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
		})
	}
}

// TestOperationsRefuse: a rollback-style plan that would create kinds
// edgectl does not manage cannot be published.
func TestOperationsRefuse(t *testing.T) {
	_, target := fastlytest.Demo(t, true)
	with := fastlytest.Clone(target)
	with.Unmanaged = []fastlyplan.Object{{"acl", "c"}}
	if _, err := fastlyplan.Compare(target, with, fastlyplan.Labels{}).Operations(); err == nil || !strings.Contains(err.Error(), "only removes") {
		t.Errorf("creating an ACL: %v", err)
	}
	with = fastlytest.Clone(target)
	with.Gzips = []desired.Gzip{{Name: "g"}}
	if _, err := fastlyplan.Compare(target, with, fastlyplan.Labels{}).Operations(); err == nil || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("creating a gzip: %v", err)
	}
}

// TestOperationStringsHideContent: progress lines name files, never content.
func TestOperationStringsHideContent(t *testing.T) {
	_, target := fastlytest.Demo(t, true)
	cur := fastlytest.Clone(target)
	cur.VCLs = nil
	ops, err := fastlyplan.Compare(cur, target, fastlyplan.Labels{}).Operations()
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range ops {
		if s := o.String(); strings.Contains(s, "PRIVATE") || strings.Contains(s, "sub ") {
			t.Errorf("operation %q shows content", s)
		}
	}
}
