// talk at production: the IRC tools, balanced by client IP.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

// @scope: recv
// @suite: /chat passes
sub test_chat_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/chat/webplatform";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
}

// @scope: recv
// @suite: logs are cached, cookies stripped
sub test_logs_cached {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/logs/2014-10-01";
  set req.http.Cookie = "x=1";
  testing.call_subroutine("vcl_recv");
  assert.state(lookup);
  assert.is_notset(req.http.Cookie);
}

// @scope: fetch
// @suite: the default TTL is five minutes
sub test_default_ttl {
  set req.url = "/logs/2014-10-01";
  set beresp.status = 200;
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.ttl, 300s);
}
