// static at production: deprecated; everything goes to the same path on www.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

// @scope: recv
// @suite: any path is redirected to www, path and query kept
sub test_redirect_to_www {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.http.Host = "static.webplatform.org";
  set req.url = "/w/thumb/a/ab/Logo.png/120px-Logo.png?v=2";
  testing.call_subroutine("vcl_recv");
  assert.error(601, "301");
  assert.equal(req.http.X-Edgectl-Location, "https://www.webplatform.org/w/thumb/a/ab/Logo.png/120px-Logo.png?v=2");
}

// @scope: recv
// @suite: plain HTTP is first sent to TLS on static itself
sub test_plain_http_first {
  set req.http.Host = "static.webplatform.org";
  testing.call_subroutine("vcl_recv");
  assert.error(600, "Force TLS");
}

// @scope: error
// @suite: the redirect is a permanent 301
sub test_redirect_response {
  set req.http.X-Edgectl-Location = "https://www.webplatform.org/x.png";
  set obj.status = 601;
  set obj.response = "301";
  testing.call_subroutine("vcl_error");
  assert.equal(obj.status, 301);
  assert.equal(obj.http.Location, "https://www.webplatform.org/x.png");
}

// @scope: error
// @suite: static has no maintenance fallback: a 503 is left to Fastly
sub test_no_maintenance {
  set obj.status = 503;
  set obj.response = "Backend is unhealthy";
  testing.call_subroutine("vcl_error");
  assert.not_state(restart);
  assert.equal(obj.status, 503);
}
