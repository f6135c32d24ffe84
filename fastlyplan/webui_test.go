package fastlyplan_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlytest"
)

// webUIDemo is the demo service declaring one object of each web UI kind.
func webUIDemo(t *testing.T) *fastlyplan.Config {
	t.Helper()
	d, _ := fastlytest.Demo(t, true)
	fastlytest.DeclareWebUI(d.Service)
	c, err := d.Config()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCompareWebUI: the web UI's kinds are compared field by field like
// backends, and written in an order Fastly accepts: conditions before what
// refers to them, a dynamic snippet's content apart from the version.
func TestCompareWebUI(t *testing.T) {
	target := webUIDemo(t)
	for _, c := range []struct {
		name    string
		change  func(cur *fastlyplan.Config)
		want    []string
		wantOps []string
	}{
		{"equal", func(*fastlyplan.Config) {}, nil, nil},
		{"a field of each kind", func(cur *fastlyplan.Config) {
			cur.Conditions[0].Statement = `req.url ~ "^/v1/"`
			cur.Headers[0].Dst = "http.Via"
			cur.ResponseObjects[0].Status = 404
			cur.RequestSettings[0].ForceSSL = true
			cur.CacheSettings[0].TTL = 3600
			cur.Snippets[0].Priority = 5
		}, []string{
			`update condition is-api statement=req.url ~ "^/v1/"->req.url ~ "^/api/"`,
			"update header served-by dst=http.Via->http.X-Served-By",
			"update response_object api-gone status=404->410",
			"update request_setting api-pass force_ssl=true->false",
			"update cache_setting short ttl=3600->60",
			"update snippet regular priority=5->100",
		}, []string{"update condition is-api", "update header served-by", "update response_object api-gone", "update request_setting api-pass", "update cache_setting short", "update snippet regular"}},
		{"all new: conditions first", func(cur *fastlyplan.Config) {
			cur.Conditions, cur.Headers, cur.ResponseObjects, cur.RequestSettings, cur.CacheSettings, cur.Snippets = nil, nil, nil, nil, nil, nil
		}, []string{"create condition is-api", "create header served-by", "create response_object api-gone", "create request_setting api-pass",
			"create cache_setting short", "create snippet blocklist", "create snippet regular"},
			[]string{"create condition is-api", "create header served-by", "create response_object api-gone", "create request_setting api-pass",
				"create cache_setting short", "create snippet blocklist", "create snippet regular"}},
		{"dynamic snippet content: versionless", func(cur *fastlyplan.Config) { cur.Snippets[1].Content = "# old\n" },
			[]string{"update snippet blocklist content=# old\n-># none"}, []string{"write content of dynamic snippet blocklist"}},
		{"extra objects go, conditions last", func(cur *fastlyplan.Config) {
			cur.Conditions = append(cur.Conditions, desired.Condition{Name: "old", Type: "CACHE", Statement: "true"})
			cur.Headers = append(cur.Headers, desired.Header{Name: "old", Action: "delete", Type: "response", Dst: "http.X"})
		}, []string{"delete condition old", "delete header old"}, []string{"delete header old", "delete condition old"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cur := fastlytest.Clone(target)
			c.change(cur)
			p := fastlyplan.Compare(cur, target, fastlyplan.Labels{})
			if got := fastlytest.Summary(p); !slices.Equal(got, c.want) {
				t.Errorf("plan\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.want, "\n  "))
			}
			ops, err := p.Operations()
			if err != nil {
				t.Fatal(err)
			}
			if got := opStrings(ops); !slices.Equal(got, c.wantOps) {
				t.Errorf("operations\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(c.wantOps, "\n  "))
			}
		})
	}
}
