package fastlyapi_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/fastlytest"
	"github.com/webplatform/edgectl/internal/siteseed"
	"github.com/webplatform/edgectl/pipeline"
)

// site compiles every real service at production (without falco: only the
// desired state matters here) and starts a sandbox seeded with them as the
// web UI would have left them.
func site(tb testing.TB) ([]*fastlyplan.Desired, *fastlyfake.Server, *fastlyapi.Client) {
	tb.Helper()
	s, diags := definition.Load("..")
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	seeds, err := siteseed.SiteSeeds(s, "production")
	if err != nil {
		tb.Fatal(err)
	}
	out, diags := pipeline.Run(pipeline.Options{Root: "..", Levels: []string{"production"}, SkipLint: true})
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	var ds []*fastlyplan.Desired
	for _, u := range out.Units {
		d := &fastlyplan.Desired{Service: u.Result.Service, Files: map[string]string{}}
		for _, f := range u.Result.Files {
			if f.Upload {
				d.Files[f.Name+".vcl"] = f.Content
			}
		}
		ds = append(ds, d)
	}
	sb, url := fastlyfake.NewTest(tb, fastlyfake.Options{Token: fastlytest.Token}, seeds...)
	return ds, sb, fastlytest.NewClient(tb, url)
}

// reader reads the active version of a service.
type reader func(c *fastlyapi.Client, serviceID string) (*fastlyapi.Remote, error)

func detailsReader(c *fastlyapi.Client, id string) (*fastlyapi.Remote, error) {
	return c.Details(id, 0)
}

// listKinds are the object kinds a per-kind reader lists, as the Terraform
// provider and falco's remote fetch read a service: one GET each.
var listKinds = []struct{ path, key string }{
	{"domain", "domains"}, {"backend", "backends"}, {"healthcheck", "healthchecks"}, {"director", "directors"},
	{"gzip", "gzips"}, {"settings", "settings"}, {"dictionary", "dictionaries"}, {"vcl", "vcls"},
	{"request_settings", "request_settings"}, {"condition", "conditions"}, {"header", "headers"},
	{"response_object", "response_objects"}, {"cache_settings", "cache_settings"}, {"snippet", "snippets"}, {"acl", "acls"},
}

// listReader reads a service the other way, for comparison only: the
// versions, then one list per object kind, one after the other (16 GETs).
// A kind the API does not serve (404) counts as empty.
func listReader(c *fastlyapi.Client, id string) (*fastlyapi.Remote, error) {
	data, err := c.GetBody(fastly.ToSafeURL("service", id, "version"), nil)
	if err != nil {
		return nil, err
	}
	var versions []map[string]any
	if err := json.Unmarshal(data, &versions); err != nil {
		return nil, err
	}
	active := 0
	for _, v := range versions {
		if a, _ := v["active"].(bool); a {
			active = int(v["number"].(float64))
		}
	}
	ver := map[string]any{"number": active}
	for _, k := range listKinds {
		data, err := c.GetBody(fastly.ToSafeURL("service", id, "version", strconv.Itoa(active), k.path), nil)
		var he *fastly.HTTPError
		switch {
		case errors.As(err, &he) && he.StatusCode == http.StatusNotFound:
			continue
		case err != nil:
			return nil, err
		}
		ver[k.key] = json.RawMessage(data)
	}
	doc, _ := json.Marshal(map[string]any{"id": id, "versions": versions, "active_version": ver})
	return fastlyapi.DecodeDetails(doc, 0)
}

// diffSite reads every service at once with read and compares it.
func diffSite(tb testing.TB, c *fastlyapi.Client, ds []*fastlyplan.Desired, read reader) {
	var wg sync.WaitGroup
	errs := make([]error, len(ds))
	for i, d := range ds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := read(c, d.Service.ServiceID)
			if err != nil {
				errs[i] = err
				return
			}
			target, err := d.Config()
			if err != nil {
				errs[i] = err
				return
			}
			if fastlyplan.Compare(r.Config, target, fastlyplan.Labels{}).Empty() {
				errs[i] = errors.New("no changes over a web-UI service")
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// TestDiffOneRequestPerService: reading the site costs one GET per
// service and nothing else, and the per-kind reader (the comparison of the
// benchmark) sees the same state.
func TestDiffOneRequestPerService(t *testing.T) {
	ds, sb, c := site(t)
	diffSite(t, c, ds, detailsReader)
	if n := len(sb.Requests()); n != len(ds) || sb.Count("GET", fastlyfake.RouteDetails) != len(ds) {
		t.Errorf("%d requests for %d services: %v", n, len(ds), fastlyfake.CountLines(sb.Counts()))
	}
	for _, d := range ds {
		a, err := detailsReader(c, d.Service.ServiceID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := listReader(c, d.Service.ServiceID)
		if err != nil {
			t.Fatal(err)
		}
		if p := fastlyplan.Compare(a.Config, b.Config, fastlyplan.Labels{}); !p.Empty() {
			t.Errorf("%s: the two readers disagree: %v", d.Service.Service, fastlytest.Summary(p))
		}
	}
}

// BenchmarkDiffSite reads and compares every real service (production)
// with 50 ms of latency per request, through /details and through one list
// per kind. Run: go test ./fastlyapi -run XXX -bench DiffSite -benchtime 20x
func BenchmarkDiffSite(b *testing.B) {
	for _, c := range []struct {
		name string
		read reader
	}{{"details", detailsReader}, {"list-per-kind", listReader}} {
		b.Run(c.name, func(b *testing.B) {
			ds, sb, client := site(b)
			sb.SetFaults(fastlyfake.Faults{Latency: 50 * time.Millisecond})
			sb.ResetRequests()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				diffSite(b, client, ds, c.read)
			}
			b.StopTimer()
			n := float64(len(sb.Requests())) / float64(b.N)
			b.ReportMetric(n, "requests/op")
			b.ReportMetric(n/float64(len(ds)), "requests/service")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/50, "latencies/op")
		})
	}
}
