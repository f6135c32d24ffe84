// Behaviour every service shares, at every level: force TLS, HSTS, internal
// headers a client cannot forge, debug headers.
//
// falco always runs a test request as plain HTTP (fastly_info.edge.is_tls
// is false and cannot be changed), so a TLS request is simulated by mocking
// the probe that reads it; the code under test is otherwise as compiled.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

sub mock_noop {
}

sub mock_fragment {
  set req.http.X-Edgectl-Fragment = "1";
}

// @scope: recv
// @suite: a plain-HTTP request is sent to vcl_error to be redirected
sub test_plain_http_redirected {
  set req.url = "/some/page?x=1";
  testing.call_subroutine("vcl_recv");
  assert.error(600, "Force TLS");
}

// @scope: recv
// @suite: an ESI fragment (req.esi_level > 0, seen through its probe) is never redirected
sub test_fragment_not_redirected {
  testing.mock("edgectl_probe_esi_recv", "mock_fragment");
  set req.url = "/some/fragment";
  testing.call_subroutine("vcl_recv");
  assert.not_equal(testing.inspect("obj.status"), 600);
  assert.equal(req.http.X-Edgectl-Fragment, "1");
}

// @scope: error
// @suite: a plain-HTTP POST gets 308, which keeps the method (RFC 7538), not 301
sub test_force_tls_post_308 {
  set req.method = "POST";
  set req.http.host = "edge.example";
  set req.url = "/w/index.php?action=submit";
  set obj.status = 600;
  set obj.response = "Force TLS";
  testing.call_subroutine("vcl_error");
  assert.equal(obj.status, 308);
  assert.equal(obj.response, "Permanent Redirect");
  assert.equal(obj.http.Location, "https://edge.example/w/index.php?action=submit");
  assert.state(deliver);
}

// @scope: recv
// @suite: a TLS request is not redirected to TLS
sub test_tls_not_redirected {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/some/page?x=1";
  testing.call_subroutine("vcl_recv");
  assert.not_equal(testing.inspect("obj.status"), 600);
}

// @scope: error
// @suite: the force-TLS error becomes a 301 to the same URL on https
sub test_force_tls_301 {
  set req.http.host = "edge.example";
  set req.url = "/some/page?x=1";
  set obj.status = 600;
  set obj.response = "Force TLS";
  testing.call_subroutine("vcl_error");
  assert.equal(obj.status, 301);
  assert.equal(obj.http.Location, "https://edge.example/some/page?x=1");
  assert.equal(testing.synthetic_body, "");
  assert.state(deliver);
}

// @scope: deliver
// @suite: HSTS is sent on TLS responses
sub test_hsts_on_tls {
  set req.http.X-Edgectl-TLS = "1";
  testing.call_subroutine("vcl_deliver");
  assert.equal(resp.http.Strict-Transport-Security, "max-age=15552000");
}

// @scope: deliver
// @suite: HSTS is not sent on plain HTTP
sub test_no_hsts_on_plain_http {
  testing.call_subroutine("vcl_deliver");
  assert.is_notset(resp.http.Strict-Transport-Security);
}

// @scope: recv
// @suite: internal headers sent by a client are dropped on arrival
sub test_forged_internal_headers_dropped {
  testing.mock("edgectl_probe_tls_recv", "mock_noop");
  set req.http.X-Edgectl-TLS = "1";
  set req.http.X-Edgectl-Maintenance = "switch";
  set req.http.X-Edgectl-Pass = "1";
  set req.http.X-Edgectl-Stale = "1";
  testing.call_subroutine("vcl_recv");
  // The forged TLS header is gone, so the request is still redirected.
  assert.error(600, "Force TLS");
  assert.is_notset(req.http.X-Edgectl-Maintenance);
  assert.is_notset(req.http.X-Edgectl-Pass);
  assert.is_notset(req.http.X-Edgectl-Stale);
}

// @scope: miss
// @suite: internal headers never reach the origin on a miss
sub test_internal_headers_not_sent_on_miss {
  set bereq.http.X-Edgectl-Maintenance = "switch";
  set bereq.http.X-Edgectl-Pass = "1";
  set bereq.http.X-Edgectl-TLS = "1";
  testing.call_subroutine("vcl_miss");
  assert.is_notset(bereq.http.X-Edgectl-Maintenance);
  assert.is_notset(bereq.http.X-Edgectl-Pass);
  assert.is_notset(bereq.http.X-Edgectl-TLS);
  assert.state(fetch);
}

// @scope: pass
// @suite: internal headers never reach the origin on a pass
sub test_internal_headers_not_sent_on_pass {
  set bereq.http.X-Edgectl-Location = "https://x";
  set bereq.http.X-Edgectl-ESI = "1";
  testing.call_subroutine("vcl_pass");
  assert.is_notset(bereq.http.X-Edgectl-Location);
  assert.is_notset(bereq.http.X-Edgectl-ESI);
  assert.state(pass);
}

// @scope: deliver
// @suite: debug headers are removed unless Fastly-Debug is sent
sub test_debug_headers_removed {
  set resp.http.X-Served-By = "cache-ams1";
  set resp.http.X-Cache = "HIT";
  set resp.http.X-Timer = "S1";
  testing.call_subroutine("vcl_deliver");
  assert.is_notset(resp.http.X-Served-By);
  assert.is_notset(resp.http.X-Cache);
  assert.is_notset(resp.http.X-Timer);
}

// @scope: deliver
// @suite: debug headers stay when Fastly-Debug is sent
sub test_debug_headers_kept_with_fastly_debug {
  set req.http.Fastly-Debug = "1";
  set resp.http.X-Served-By = "cache-ams1";
  set resp.http.X-Cache = "HIT";
  testing.call_subroutine("vcl_deliver");
  assert.equal(resp.http.X-Served-By, "cache-ams1");
  assert.equal(resp.http.X-Cache, "HIT");
}

// @scope: deliver
// @suite: an origin 502 on a browser navigation is replaced by our page: deliver restarts with the status
sub test_origin_error_restarts {
  set req.method = "GET";
  set req.http.Accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  set resp.status = 502;
  testing.call_subroutine("vcl_deliver");
  assert.restart();
  assert.equal(req.http.X-Edgectl-Origin-Error, "502");
}

// @scope: deliver
// @suite: an origin 500 to a POST keeps the origin's body
sub test_origin_error_post_kept {
  set req.method = "POST";
  set req.http.Accept = "text/html";
  set resp.status = 500;
  testing.call_subroutine("vcl_deliver");
  assert.not_state(restart);
  assert.equal(resp.status, 500);
}

// @scope: deliver
// @suite: an origin 503 to an API client (Accept: application/json) keeps the origin's body
sub test_origin_error_api_kept {
  set req.method = "GET";
  set req.http.Accept = "application/json, text/javascript, */*; q=0.01";
  set resp.status = 503;
  testing.call_subroutine("vcl_deliver");
  assert.not_state(restart);
}

// @scope: deliver
// @suite: a request without Accept (curl, trackers) keeps the origin's body
sub test_origin_error_no_accept_kept {
  set req.method = "GET";
  unset req.http.Accept;
  set resp.status = 504;
  testing.call_subroutine("vcl_deliver");
  assert.not_state(restart);
}

// @scope: deliver
// @suite: an origin 502 to an ESI fragment is not replaced by a full page
sub test_origin_error_fragment_kept {
  set req.method = "GET";
  set req.http.Accept = "text/html";
  set req.http.X-Edgectl-Fragment = "1";
  set resp.status = 502;
  testing.call_subroutine("vcl_deliver");
  assert.not_state(restart);
}

// @scope: deliver
// @suite: our own error page (marked on the response by vcl_error) is delivered, not restarted again, and the mark removed
sub test_own_page_not_restarted {
  set req.method = "GET";
  set req.http.Accept = "text/html";
  set resp.http.X-Edgectl-Page = "1";
  set resp.status = 503;
  testing.call_subroutine("vcl_deliver");
  assert.not_state(restart);
  assert.equal(resp.status, 503);
  assert.is_notset(resp.http.X-Edgectl-Page);
}

// @scope: fetch
// @suite: an origin 502 is cached for error_ttl for real (beresp.cacheable), with no stale life of its own
sub test_origin_error_cached {
  testing.mock("edgectl_probe_stale", "mock_stale_none");
  set beresp.status = 502;
  testing.call_subroutine("vcl_fetch");
  assert.true(beresp.cacheable);
  assert.equal(beresp.stale_if_error, 0s);
  assert.equal(beresp.stale_while_revalidate, 0s);
  assert.state(deliver);
}

// @scope: fetch
// @suite: an origin response cannot forge the internal response headers
sub test_origin_internal_headers_dropped {
  set beresp.status = 200;
  set beresp.http.X-Edgectl-Cause = "forged";
  set beresp.http.X-Edgectl-Retry = "1";
  set beresp.http.X-Edgectl-Page = "1";
  testing.call_subroutine("vcl_fetch");
  assert.is_notset(beresp.http.X-Edgectl-Cause);
  assert.is_notset(beresp.http.X-Edgectl-Retry);
  assert.is_notset(beresp.http.X-Edgectl-Page);
}

// @scope: deliver
// @suite: a 404 from the origin is delivered as it is
sub test_origin_404_delivered {
  set resp.status = 404;
  testing.call_subroutine("vcl_deliver");
  assert.not_state(restart);
}

// @scope: recv
// @suite: the restarted request goes straight to the origin error page
sub test_origin_error_recv {
  testing.mock("edgectl_reset_recv", "mock_noop");
  testing.mock("edgectl_probe_tls_recv", "mock_noop");
  set req.http.X-Edgectl-Origin-Error = "504";
  testing.call_subroutine("vcl_recv");
  assert.error(603, "Origin error");
}

sub mock_stale_none {
  unset req.http.X-Edgectl-Stale;
}

// @scope: fetch
// @suite: an error that sets a cookie is never cached
sub test_personal_error_not_cached {
  testing.mock("edgectl_probe_stale", "mock_stale_none");
  set beresp.status = 501;
  set beresp.http.Set-Cookie = "session=victim";
  testing.call_subroutine("vcl_fetch");
  assert.state(pass);
}

// @scope: fetch
// @suite: a private error is never cached
sub test_private_error_not_cached {
  testing.mock("edgectl_probe_stale", "mock_stale_none");
  // A POST: a GET answered 500 is first retried on services that retry.
  set req.method = "POST";
  set beresp.status = 500;
  set beresp.http.Cache-Control = "private, max-age=0";
  testing.call_subroutine("vcl_fetch");
  assert.state(pass);
}

// @scope: deliver
// @suite: under Fastly-Debug the response names the VCL version serving it (edgectl publish --verify)
sub test_vcl_version_under_debug {
  set req.http.Fastly-Debug = "1";
  testing.call_subroutine("vcl_deliver");
  assert.equal(resp.http.Edgectl-VCL, req.vcl);
}

// @scope: deliver
// @suite: without Fastly-Debug the VCL version is not told
sub test_vcl_version_hidden {
  testing.call_subroutine("vcl_deliver");
  assert.is_notset(resp.http.Edgectl-VCL);
}
