// code at production: Dabblet on three hostnames; /w/ from the object store.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

// @scope: recv
// @suite: /w/ is served from the object store's wiki bucket
sub test_uploads_route {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.http.Host = "preview.webplatform.org";
  set req.url = "/w/thumb/x.png";
  testing.call_subroutine("vcl_recv");
  assert.equal(req.backend, F_objects);
  assert.equal(req.http.X-Edgectl-Route, "1");
}

// @scope: miss
// @suite: the object store is asked for the bucket's path
sub test_uploads_rewritten_for_origin {
  set req.http.X-Edgectl-Route = "1";
  set bereq.url = "/w/thumb/x.png";
  testing.call_subroutine("vcl_miss");
  assert.equal(bereq.url, "/webplatform-wiki/thumb/x.png");
}

// @scope: recv
// @suite: other paths are cached from the app VMs, cookies stripped
sub test_page_cached {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.http.Host = "result.webplatform.org";
  set req.url = "/gist/123";
  set req.http.Cookie = "a=1";
  testing.call_subroutine("vcl_recv");
  assert.not_equal(req.backend, F_objects);
  assert.is_notset(req.http.Cookie);
  assert.state(lookup);
}

// @scope: recv
// @suite: saving (POST) passes with its cookies
sub test_post_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.method = "POST";
  set req.url = "/save";
  set req.http.Cookie = "a=1";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "a=1");
}

// @scope: fetch
// @suite: pages stay servable stale for 6h if the origin fails (stale_if_error; beresp.grace is deprecated)
sub test_stale_if_error {
  set req.url = "/";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/html";
  testing.call_subroutine("vcl_fetch");
  // Fastly: beresp.stale_if_error is its "parallel implementation of beresp.grace"
  // (https://www.fastly.com/documentation/reference/vcl/variables/backend-response/beresp-grace/).
  assert.equal(beresp.stale_if_error, 21600s);
}
