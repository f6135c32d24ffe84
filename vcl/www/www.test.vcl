// www is cookieless (services/www.yaml, cookies.strip) and keeps stale
// copies for a day. Runs against www at every level (edgectl test www).
include "edgectl_testing";

// @scope: recv
// @suite: every request cookie is stripped, so every page is cacheable
sub test_request_cookies_stripped {
  testing.mock("edgectl_probe_tls_recv", "mock_edgectl_tls_on");
  set req.url = "/";
  set req.http.Cookie = "wpwikiUserID=1; _ga=GA1.2";
  testing.call_subroutine("vcl_recv");
  assert.is_notset(req.http.Cookie);
  assert.state(lookup);
}

// @scope: fetch
// @suite: Set-Cookie from the origin is stripped too
sub test_set_cookie_stripped {
  testing.mock("edgectl_probe_stale", "mock_edgectl_stale_none");
  set beresp.status = 200;
  set beresp.http.Set-Cookie = "session=abc; path=/";
  testing.call_subroutine("vcl_fetch");
  assert.is_notset(beresp.http.Set-Cookie);
  assert.state(deliver);
}

// @scope: fetch
// @suite: an origin 502 with a stale copy in cache serves the stale copy
// (a 500 or 503 to a GET is first retried once: restart_on_error)
sub test_stale_served_on_origin_error {
  testing.mock("edgectl_probe_stale", "mock_edgectl_stale_exists");
  set beresp.status = 502;
  testing.call_subroutine("vcl_fetch");
  assert.state(deliver_stale);
}
