// project at production: The Bug Genie.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

// @scope: recv
// @suite: its session cookie is kept and makes the request pass; the allow-list still holds
sub test_session_kept_and_passed {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/infrastructure/issues/89";
  set req.http.Cookie = "_ga=1; THEBUGGENIE=abc; tbg3_username=renoirb";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "THEBUGGENIE=abc; tbg3_username=renoirb");
}

// @scope: recv
// @suite: a POST (passed by method) loses its foreign cookies too
sub test_post_filtered {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.method = "POST";
  set req.url = "/infrastructure/issues/89/comment";
  set req.http.Cookie = "__utmz=2; THEBUGGENIE=abc; _ga=1";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "THEBUGGENIE=abc");
}

// @scope: recv
// @suite: a remember-me cookie is kept, foreign ones dropped, and the request passes
sub test_remember_me_filtered {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/infrastructure/issues/89";
  set req.http.Cookie = "_ga=1; tbg4_password=x; __utmz=2";
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.Cookie, "tbg4_password=x");
  assert.state(pass);
}

// @scope: recv
// @suite: with only tracking cookies the page comes from the cache, cookies dropped
sub test_anonymous_cached {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/infrastructure/issues/89";
  set req.http.Cookie = "_ga=1; __utmz=2";
  testing.call_subroutine("vcl_recv");
  assert.is_notset(req.http.Cookie);
  assert.state(lookup);
}

// @scope: recv
// @suite: on /login every cookie passes untouched, and so does the request
sub test_login_untouched {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/login";
  set req.http.Cookie = "_ga=1; tbg4_password=x";
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.Cookie, "_ga=1; tbg4_password=x");
  assert.state(pass);
}

// @scope: recv
// @suite: a POST to /login keeps every cookie (untouched path, even when a pass rule fires first)
sub test_login_post_untouched {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.method = "POST";
  set req.url = "/login";
  set req.http.Cookie = "_ga=1; THEBUGGENIE=abc";
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.Cookie, "_ga=1; THEBUGGENIE=abc");
  assert.state(pass);
}

// @scope: fetch
// @suite: pages stay servable stale for 1h if the origin fails (stale_if_error; beresp.grace is deprecated)
sub test_stale_if_error {
  set req.url = "/infrastructure/issues/89";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/html";
  testing.call_subroutine("vcl_fetch");
  // Fastly: beresp.stale_if_error is its "parallel implementation of beresp.grace"
  // (https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-grace/).
  assert.equal(beresp.stale_if_error, 3600s);
}
