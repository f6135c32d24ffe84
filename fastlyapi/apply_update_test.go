package fastlyapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyapi"
	"github.com/webplatform/edgectl/fastlyplan"
)

// TestApplyUpdateSendsTheCreateFields: an update of an object
// sends the fields its create sends (but the name, which is in the path),
// to the object's path in the draft version: Fastly's create is a POST to
// /service/{service_id}/version/{version_id}/cache_settings with the data
// model's fields (name, action, ttl, stale_ttl, cache_condition), its
// update a PUT to .../cache_settings/{cache_settings_name} with the same
// fields (API reference, "Cache settings",
// https://www.fastly.com/documentation/reference/api/vcl-services/cache-settings).
func TestApplyUpdateSendsTheCreateFields(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		got = append(got, r.Method+" "+r.URL.Path+" "+form.Encode())
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "{}")
	}))
	defer srv.Close()
	c, err := fastlyapi.NewClient(fastlyapi.Options{Token: "test-token", URL: srv.URL, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	cache := desired.CacheSetting{Name: "api", Action: "pass", TTL: 60, StaleTTL: 30, CacheCondition: "is-api"}
	dir := desired.Director{Name: "pool", Type: 1, Quorum: 50, Retries: 2, Comment: "origins"}
	cond := desired.Condition{Name: "is-api", Type: "CACHE", Statement: `req.url ~ "^/api"`, Priority: 10}
	for _, op := range []fastlyplan.Operation{
		{Action: fastlyplan.Create, Kind: desired.KindCacheSetting, Name: "api", Value: cache},
		{Action: fastlyplan.Update, Kind: desired.KindCacheSetting, Name: "api", Value: cache},
		{Action: fastlyplan.Create, Kind: desired.KindDirector, Name: "pool", Value: dir},
		{Action: fastlyplan.Update, Kind: desired.KindDirector, Name: "pool", Value: dir},
		{Action: fastlyplan.Create, Kind: desired.KindCondition, Name: "is-api", Value: cond},
		{Action: fastlyplan.Update, Kind: desired.KindCondition, Name: "is-api", Value: cond},
	} {
		if err := c.Apply("SID", 4, op, nil); err != nil {
			t.Fatalf("%s %s: %v", op.Action, op.Kind, err)
		}
	}
	want := []string{
		"POST /service/SID/version/4/cache_settings action=pass&cache_condition=is-api&name=api&stale_ttl=30&ttl=60",
		"PUT /service/SID/version/4/cache_settings/api action=pass&cache_condition=is-api&stale_ttl=30&ttl=60",
		"POST /service/SID/version/4/director comment=origins&name=pool&quorum=50&retries=2&type=1",
		"PUT /service/SID/version/4/director/pool comment=origins&quorum=50&retries=2&type=1",
		"POST /service/SID/version/4/condition name=is-api&priority=10&statement=req.url+~+%22%5E%2Fapi%22&type=CACHE",
		"PUT /service/SID/version/4/condition/is-api priority=10&statement=req.url+~+%22%5E%2Fapi%22&type=CACHE",
	}
	if len(got) != len(want) {
		t.Fatalf("requests:\n%q\nwant\n%q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}
