// project at production: The Bug Genie.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

// @scope: recv
// @suite: its session cookie is kept and makes the request pass
sub test_session_kept_and_passed {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/infrastructure/issues/89";
  set req.http.Cookie = "_ga=1; THEBUGGENIE=abc; tbg3_username=renoirb";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "_ga=1; THEBUGGENIE=abc; tbg3_username=renoirb");
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
