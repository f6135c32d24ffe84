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
	cache := desired.CacheSetting{Name: "api", Action: "pass", TTL: 60, StaleTTL: 30, CacheCondition: "is-api"}
	dir := desired.Director{Name: "pool", Type: 1, Quorum: 50, Retries: 2, Comment: "origins"}
	cond := desired.Condition{Name: "is-api", Type: "CACHE", Statement: `req.url ~ "^/api"`, Priority: 10}
	got := recordApply(t, []fastlyplan.Operation{
		{Action: fastlyplan.Create, Kind: desired.KindCacheSetting, Name: "api", Value: cache},
		{Action: fastlyplan.Update, Kind: desired.KindCacheSetting, Name: "api", Value: cache},
		{Action: fastlyplan.Create, Kind: desired.KindDirector, Name: "pool", Value: dir},
		{Action: fastlyplan.Update, Kind: desired.KindDirector, Name: "pool", Value: dir},
		{Action: fastlyplan.Create, Kind: desired.KindCondition, Name: "is-api", Value: cond},
		{Action: fastlyplan.Update, Kind: desired.KindCondition, Name: "is-api", Value: cond},
	})
	want := []string{
		"POST /service/SID/version/4/cache_settings action=pass&cache_condition=is-api&name=api&stale_ttl=30&ttl=60",
		"PUT /service/SID/version/4/cache_settings/api action=pass&cache_condition=is-api&stale_ttl=30&ttl=60",
		"POST /service/SID/version/4/director comment=origins&name=pool&quorum=50&retries=2&type=1",
		"PUT /service/SID/version/4/director/pool comment=origins&quorum=50&retries=2&type=1",
		"POST /service/SID/version/4/condition name=is-api&priority=10&statement=req.url+~+%22%5E%2Fapi%22&type=CACHE",
		"PUT /service/SID/version/4/condition/is-api priority=10&statement=req.url+~+%22%5E%2Fapi%22&type=CACHE",
	}
	sameRequests(t, got, want)
}

// TestApplyDeletesAndLoggingUpdates: a delete of each kind a version holds
// by name is a DELETE of the object's path in the draft version, and a
// logging update sends the fields its create sends but the name and the
// credentials whose value is unknown (API reference, "Syslog",
// https://www.fastly.com/documentation/reference/api/logging/syslog/, and
// likewise .../logging/https/ and .../logging/s3/).
func TestApplyDeletesAndLoggingUpdates(t *testing.T) {
	var ops []fastlyplan.Operation
	for _, k := range []desired.Kind{desired.KindDomain, desired.KindHealthcheck, desired.KindBackend, desired.KindDirector,
		desired.KindDictionary, desired.KindVCL, desired.KindGzip, desired.KindCondition, desired.KindHeader,
		desired.KindRequestSetting, desired.KindResponseObject, desired.KindCacheSetting, desired.KindSnippet,
		desired.KindACL, desired.KindSyslog, desired.KindHTTPS, desired.KindS3} {
		ops = append(ops, fastlyplan.Operation{Action: fastlyplan.Delete, Kind: k, Name: "old"})
	}
	syslog := desired.Syslog{Logging: desired.Logging{Name: "salt", Format: "%h", FormatVersion: 2}, Address: "192.0.2.10", Port: 514, MessageType: "classic"}
	ops = append(ops, fastlyplan.Operation{Action: fastlyplan.Update, Kind: desired.KindSyslog, Name: "salt",
		Value: fastlyplan.LoggingWrite{Object: syslog, Secrets: map[string]string{"token": "t0ken"}, Unknown: []string{"tls_client_key"}}})
	https := desired.HTTPS{Logging: desired.Logging{Name: "collector"}, URL: "https://logs.example.org/", Method: "POST", RequestMaxEntries: 10}
	ops = append(ops, fastlyplan.Operation{Action: fastlyplan.Update, Kind: desired.KindHTTPS, Name: "collector",
		Value: fastlyplan.LoggingWrite{Object: https, Unknown: []string{"header_value"}}})
	s3 := desired.S3{Logging: desired.Logging{Name: "objects"}, BucketName: "logs", Period: 3600}
	ops = append(ops, fastlyplan.Operation{Action: fastlyplan.Update, Kind: desired.KindS3, Name: "objects",
		Value: fastlyplan.LoggingWrite{Object: s3, Secrets: map[string]string{"access_key": "AK", "secret_key": "SK"}}})
	want := []string{
		"DELETE /service/SID/version/4/domain/old ",
		"DELETE /service/SID/version/4/healthcheck/old ",
		"DELETE /service/SID/version/4/backend/old ",
		"DELETE /service/SID/version/4/director/old ",
		"DELETE /service/SID/version/4/dictionary/old ",
		"DELETE /service/SID/version/4/vcl/old ",
		"DELETE /service/SID/version/4/gzip/old ",
		"DELETE /service/SID/version/4/condition/old ",
		"DELETE /service/SID/version/4/header/old ",
		"DELETE /service/SID/version/4/request_settings/old ",
		"DELETE /service/SID/version/4/response_object/old ",
		"DELETE /service/SID/version/4/cache_settings/old ",
		"DELETE /service/SID/version/4/snippet/old ",
		"DELETE /service/SID/version/4/acl/old ",
		"DELETE /service/SID/version/4/logging/syslog/old ",
		"DELETE /service/SID/version/4/logging/https/old ",
		"DELETE /service/SID/version/4/logging/s3/old ",
		"PUT /service/SID/version/4/logging/syslog/salt address=192.0.2.10&format=%25h&format_version=2&message_type=classic&placement=&port=514&response_condition=&tls_ca_cert=&tls_client_cert=&tls_hostname=&token=t0ken&use_tls=0",
		"PUT /service/SID/version/4/logging/https/collector content_type=&format=&format_version=0&header_name=&json_format=&method=POST&placement=&request_max_bytes=0&request_max_entries=10&response_condition=&tls_ca_cert=&tls_hostname=&url=https%3A%2F%2Flogs.example.org%2F",
		"PUT /service/SID/version/4/logging/s3/objects access_key=AK&bucket_name=logs&domain=&format=&format_version=0&gzip_level=0&path=&period=3600&placement=&response_condition=&secret_key=SK&timestamp_format=",
	}
	sameRequests(t, recordApply(t, ops), want)
}

// recordApply applies ops to version 4 of service SID on a server that
// answers {"status": "ok"} to a DELETE (go-fastly checks it) and {} to
// anything else, and returns each request as "METHOD path form".
func recordApply(t *testing.T, ops []fastlyplan.Operation) []string {
	t.Helper()
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		got = append(got, r.Method+" "+r.URL.Path+" "+form.Encode())
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodDelete {
			_, _ = io.WriteString(w, `{"status": "ok"}`)
			return
		}
		_, _ = io.WriteString(w, "{}")
	}))
	defer srv.Close()
	c, err := fastlyapi.NewClient(fastlyapi.Options{Token: "test-token", URL: srv.URL, Retries: -1})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range ops {
		if err := c.Apply("SID", 4, op, nil); err != nil {
			t.Fatalf("%s %s: %v", op.Action, op.Kind, err)
		}
	}
	return got
}

func sameRequests(t *testing.T, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("requests:\n%q\nwant\n%q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}
