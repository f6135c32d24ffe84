// The maintenance fallback and switch, on every service that has one.
//
// falco cannot make a backend unhealthy, count restarts, hold a stale
// object or move a request between cluster nodes, so the flow is checked one
// step at a time, in the order Fastly runs it:
//
//  1. an unhealthy or failing origin makes Fastly call vcl_error with a 503
//     and the cause in obj.response (possibly on the fetch node);
//  2. vcl_error serves stale if it can, else writes the cause on the response
//     (obj.http.X-Edgectl-Cause) and delivers: it never restarts, since req
//     changes made on the fetch node are lost (Fastly: restart, clustering);
//  3. vcl_deliver, on the delivery node, reads the cause from resp.http, puts
//     it on req and restarts: "the state of the client request (req) is
//     preserved" by a restart from vcl_deliver;
//  4. the restarted request (simulated by skipping the reset probe, as
//     req.restarts > 0 does) is routed to the maintenance backend and sent
//     there cleaned of the visitor's cookies, credentials and conditions;
//  5. if that fails too, vcl_error serves the page of the origin's failure
//     (or, when switched on, the maintenance page).

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

sub mock_noop {
}

sub mock_stale_none {
  unset req.http.X-Edgectl-Stale;
}

sub mock_stale_exists {
  set req.http.X-Edgectl-Stale = "1";
}

// @scope: recv
// @suite: the switch (edge dictionary item maintenance=on) sends every request to the maintenance backend
sub test_switch_on {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  testing.table_set(edgectl_settings, "maintenance", "on");
  set req.url = "/any/page?x=1";
  testing.call_subroutine("vcl_recv");
  // falco v1.13.0 loses a director assigned to req.backend (it reads back
  // as ""), so the routing is checked through what only the maintenance
  // branch sets: the salt master's Host and the page's URL.
  assert.starts_with(req.http.Host, "salt.");
  assert.equal(req.url, "/errors/maintenance.html");
  assert.equal(req.http.X-Edgectl-Maintenance, "switch");
  assert.state(pass);
}

// @scope: recv
// @suite: with the switch off, requests do not go to the maintenance backend
sub test_switch_off {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/any/page?x=1";
  testing.call_subroutine("vcl_recv");
  assert.not_match(req.http.Host, "^salt\.");
  assert.equal(req.url, "/any/page?x=1");
  assert.is_notset(req.http.X-Edgectl-Maintenance);
}

// @scope: error
// @suite: step 2: an unhealthy origin with no stale object: the cause goes on the response, no restart in vcl_error
sub test_unhealthy_marks_response {
  testing.mock("edgectl_probe_stale", "mock_stale_none");
  set obj.status = 503;
  set obj.response = "Backend is unhealthy";
  testing.call_subroutine("vcl_error");
  assert.not_state(restart);
  assert.state(deliver);
  assert.equal(obj.http.X-Edgectl-Cause, "Backend is unhealthy");
  assert.is_notset(req.http.X-Edgectl-Maintenance);
}

// @scope: error
// @suite: step 2: any other 503 cause (first byte timeout) falls back the same way
sub test_timeout_marks_response {
  testing.mock("edgectl_probe_stale", "mock_stale_none");
  set obj.status = 503;
  set obj.response = "first byte timeout";
  testing.call_subroutine("vcl_error");
  assert.not_state(restart);
  assert.equal(obj.http.X-Edgectl-Cause, "first byte timeout");
}

// @scope: error
// @suite: step 2: an origin failure with a stale object serves it instead
sub test_failure_serves_stale {
  testing.mock("edgectl_probe_stale", "mock_stale_exists");
  set obj.status = 503;
  set obj.response = "Backend is unhealthy";
  testing.call_subroutine("vcl_error");
  assert.state(deliver_stale);
  assert.is_notset(obj.http.X-Edgectl-Cause);
}

// @scope: error
// @suite: step 2: an ESI fragment whose origin is down gets an empty body, neither the fallback nor a full page
sub test_fragment_failure_empty {
  testing.mock("edgectl_probe_stale", "mock_stale_none");
  set req.http.X-Edgectl-Fragment = "1";
  set obj.status = 503;
  set obj.response = "Backend is unhealthy";
  testing.call_subroutine("vcl_error");
  assert.is_notset(obj.http.X-Edgectl-Cause);
  assert.equal(testing.synthetic_body, "");
  assert.state(deliver);
}

// @scope: deliver
// @suite: step 3: vcl_deliver carries the cause onto req and restarts into maintenance
sub test_deliver_restarts_into_maintenance {
  set resp.status = 503;
  set resp.http.X-Edgectl-Cause = "first byte timeout";
  testing.call_subroutine("vcl_deliver");
  assert.restart();
  assert.equal(req.http.X-Edgectl-Maintenance, "fallback");
  assert.equal(req.http.X-Edgectl-Cause, "first byte timeout");
}

// @scope: deliver
// @suite: step 3: an origin's own X-Edgectl-Cause header is not a fallback signal once in maintenance
sub test_deliver_no_second_fallback {
  set req.http.X-Edgectl-Maintenance = "fallback";
  set resp.status = 503;
  set resp.http.X-Edgectl-Cause = "Connection refused";
  testing.call_subroutine("vcl_deliver");
  assert.not_state(restart);
  assert.is_notset(resp.http.X-Edgectl-Cause);
}

// @scope: recv
// @suite: step 4: the restarted request goes to the maintenance backend
sub test_restarted_request_routed_to_maintenance {
  testing.mock("edgectl_reset_recv", "mock_noop");
  testing.mock("edgectl_probe_tls_recv", "mock_noop");
  set req.http.X-Edgectl-TLS = "1";
  set req.http.X-Edgectl-Maintenance = "fallback";
  set req.url = "/wiki/Some_Page";
  testing.call_subroutine("vcl_recv");
  assert.starts_with(req.http.Host, "salt.");
  assert.equal(req.url, "/errors/maintenance.html");
  assert.state(pass);
}

// @scope: pass
// @suite: step 4: the maintenance request carries nothing of the visitor's: GET, no cookies, credentials or conditions
sub test_maintenance_request_cleaned {
  set req.http.X-Edgectl-Maintenance = "fallback";
  set bereq.method = "POST";
  set bereq.http.Cookie = "wpwiki_session=abc";
  set bereq.http.Authorization = "Basic dXNlcjpwYXNz";
  set bereq.http.If-None-Match = {""etag""};
  set bereq.http.If-Modified-Since = "Tue, 01 Dec 2026 10:00:00 GMT";
  set bereq.http.If-Range = {""etag""};
  set bereq.http.If-Match = {""etag""};
  set bereq.http.If-Unmodified-Since = "Tue, 01 Dec 2026 10:00:00 GMT";
  set bereq.http.Range = "bytes=0-10";
  testing.call_subroutine("vcl_pass");
  assert.equal(bereq.method, "GET");
  assert.is_notset(bereq.http.Cookie);
  assert.is_notset(bereq.http.Authorization);
  assert.is_notset(bereq.http.If-None-Match);
  assert.is_notset(bereq.http.If-Modified-Since);
  assert.is_notset(bereq.http.If-Range);
  assert.is_notset(bereq.http.If-Match);
  assert.is_notset(bereq.http.If-Unmodified-Since);
  assert.is_notset(bereq.http.Range);
  assert.state(pass);
}

// @scope: error
// @suite: step 5: when the maintenance backend fails too, the page of the origin's own failure is served
sub test_maintenance_backend_fails {
  set req.http.X-Edgectl-Maintenance = "fallback";
  set req.http.X-Edgectl-Cause = "Backend is unhealthy";
  set obj.status = 503;
  set obj.response = "Connection refused";
  testing.call_subroutine("vcl_error");
  assert.state(deliver);
  assert.equal(obj.status, 503);
  assert.equal(obj.http.Content-Type, "text/html; charset=utf-8");
  assert.equal(obj.http.Cache-Control, "no-store");
  assert.equal(obj.http.Retry-After, "120");
  assert.equal(obj.http.X-Edgectl-Page, "1");
  assert.contains(testing.synthetic_body, "<h1>The server is down for the moment</h1>");
  assert.contains(testing.synthetic_body, "https://status.");
}

// @scope: error
// @suite: step 5: the maintenance backend answering 304 (or anything but 200) in fallback: the origin's cause page
sub test_maintenance_backend_not_200 {
  set req.http.X-Edgectl-Maintenance = "fallback";
  set req.http.X-Edgectl-Cause = "first byte timeout";
  set obj.status = 602;
  set obj.response = "Maintenance";
  testing.call_subroutine("vcl_error");
  assert.equal(obj.status, 503);
  assert.contains(testing.synthetic_body, "<h1>The server took too long to start answering</h1>");
}

// @scope: error
// @suite: switched on and the maintenance backend down: the maintenance page
sub test_switch_backend_down {
  set req.http.X-Edgectl-Maintenance = "switch";
  set obj.status = 503;
  set obj.response = "Connection refused";
  testing.call_subroutine("vcl_error");
  assert.equal(obj.status, 503);
  assert.equal(obj.http.Retry-After, "300");
  assert.equal(obj.http.X-Edgectl-Page, "1");
  assert.contains(testing.synthetic_body, "<h1>Maintenance in progress</h1>");
}

// @scope: error
// @suite: switched on and the maintenance backend answering 404: the maintenance page
sub test_switch_backend_404 {
  set req.http.X-Edgectl-Maintenance = "switch";
  set obj.status = 602;
  set obj.response = "Maintenance";
  testing.call_subroutine("vcl_error");
  assert.equal(obj.status, 503);
  assert.contains(testing.synthetic_body, "<h1>Maintenance in progress</h1>");
}

// @scope: fetch
// @suite: a maintenance backend answer other than the page is an error
sub test_maintenance_backend_404 {
  set req.http.X-Edgectl-Maintenance = "fallback";
  set beresp.status = 404;
  testing.call_subroutine("vcl_fetch");
  assert.error(602, "Maintenance");
}

// @scope: fetch
// @suite: a 304 from the maintenance backend is an error too (it must never become the visitor's answer)
sub test_maintenance_backend_304 {
  set req.http.X-Edgectl-Maintenance = "switch";
  set beresp.status = 304;
  testing.call_subroutine("vcl_fetch");
  assert.error(602, "Maintenance");
}

// @scope: fetch
// @suite: the maintenance page itself is passed, never cached
sub test_maintenance_page_not_cached {
  set req.http.X-Edgectl-Maintenance = "switch";
  set beresp.status = 200;
  testing.call_subroutine("vcl_fetch");
  assert.state(pass);
}

// @scope: deliver
// @suite: the maintenance page is delivered as a 503 with Retry-After
sub test_maintenance_page_is_503 {
  set req.http.X-Edgectl-Maintenance = "switch";
  set resp.status = 200;
  testing.call_subroutine("vcl_deliver");
  assert.equal(resp.status, 503);
  assert.equal(resp.http.Retry-After, "300");
  assert.equal(resp.http.Cache-Control, "no-store");
}
