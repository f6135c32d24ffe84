// www at production: cookieless, apex redirect, object-store routes,
// caching, compression without ESI, response headers.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

sub mock_stale_none {
  unset req.http.X-Edgectl-Stale;
}

// @scope: recv
// @suite: the apex redirects to www keeping the path and query
sub test_apex_redirect {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.http.Host = "webplatform.org";
  set req.url = "/docs/css?x=1";
  testing.call_subroutine("vcl_recv");
  assert.error(601, "301");
  assert.equal(req.http.X-Edgectl-Location, "https://www.webplatform.org/docs/css?x=1");
}

// @scope: error
// @suite: the redirect error becomes a 301 with Location
sub test_apex_redirect_response {
  set req.http.X-Edgectl-Location = "https://www.webplatform.org/docs/css?x=1";
  set obj.status = 601;
  set obj.response = "301";
  testing.call_subroutine("vcl_error");
  assert.equal(obj.status, 301);
  assert.equal(obj.response, "Moved Permanently");
  assert.equal(obj.http.Location, "https://www.webplatform.org/docs/css?x=1");
  assert.state(deliver);
}

// @scope: recv
// @suite: www itself is not redirected
sub test_www_not_redirected {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.http.Host = "www.webplatform.org";
  set req.url = "/";
  testing.call_subroutine("vcl_recv");
  assert.is_notset(req.http.X-Edgectl-Location);
  assert.state(lookup);
}

// @scope: recv
// @suite: every request cookie is stripped
sub test_cookies_stripped {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.http.Host = "www.webplatform.org";
  set req.http.Cookie = "wpwikiUserID=1; _ga=GA1.2; session=abc";
  testing.call_subroutine("vcl_recv");
  assert.is_notset(req.http.Cookie);
  assert.state(lookup);
}

// @scope: fetch
// @suite: Set-Cookie is stripped, so the page stays cacheable
sub test_set_cookie_stripped {
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/html";
  set beresp.http.Set-Cookie = "session=abc; path=/";
  testing.call_subroutine("vcl_fetch");
  assert.is_notset(beresp.http.Set-Cookie);
  assert.state(deliver);
}

// @scope: recv
// @suite: wiki uploads are served from the object store; the visitor's URL stays the cache key
sub test_wiki_uploads_route {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.http.Host = "www.webplatform.org";
  set req.url = "/w/thumb/a/ab/Logo.png/120px-Logo.png";
  testing.call_subroutine("vcl_recv");
  assert.equal(req.backend, F_objects);
  assert.equal(req.url, "/w/thumb/a/ab/Logo.png/120px-Logo.png");
  assert.equal(req.http.X-Edgectl-Route, "1");
  assert.state(lookup);
}

// @scope: recv
// @suite: a restarted upload request is routed the same way again
sub test_route_survives_restart {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/w/thumb/a.png";
  testing.call_subroutine("vcl_recv");
  testing.call_subroutine("vcl_recv");
  assert.equal(req.backend, F_objects);
  assert.equal(req.url, "/w/thumb/a.png");
}

// @scope: miss
// @suite: the object store is asked for the bucket's path
sub test_wiki_uploads_rewritten_for_origin {
  set req.http.X-Edgectl-Route = "1";
  set bereq.url = "/w/thumb/a/ab/Logo.png/120px-Logo.png";
  testing.call_subroutine("vcl_miss");
  assert.equal(bereq.url, "/webplatform-wiki/thumb/a/ab/Logo.png/120px-Logo.png");
  assert.is_notset(bereq.http.X-Edgectl-Route);
}

// @scope: recv
// @suite: test-wiki uploads go to their own bucket
sub test_testwiki_uploads_route {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/t/public/x.svg";
  testing.call_subroutine("vcl_recv");
  assert.equal(req.backend, F_objects);
  assert.equal(req.http.X-Edgectl-Route, "2");
}

// @scope: pass
// @suite: the test-wiki bucket path is rewritten on a pass too
sub test_testwiki_rewritten_on_pass {
  set req.http.X-Edgectl-Route = "2";
  set bereq.url = "/t/public/x.svg";
  testing.call_subroutine("vcl_pass");
  assert.equal(bereq.url, "/webplatform-testwiki/public/x.svg");
}

// @scope: recv
// @suite: blog images keep their path on the object store
sub test_blog_uploads_route {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wpd-blog/2014/10/photo.jpg";
  testing.call_subroutine("vcl_recv");
  assert.equal(req.backend, F_objects);
  assert.equal(req.url, "/wpd-blog/2014/10/photo.jpg");
}

// @scope: recv
// @suite: other paths stay on the app VMs
sub test_pages_not_routed_to_objects {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/w/index.php";
  testing.call_subroutine("vcl_recv");
  assert.not_equal(req.backend, F_objects);
  assert.equal(req.url, "/w/index.php");
}

// @scope: recv
// @suite: POST is passed to the origin
sub test_post_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.method = "POST";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
}

// @scope: fetch
// @suite: CSS for a gzip client is compressed, and varies on Accept-Encoding
sub test_gzip_css {
  set req.http.Accept-Encoding = "gzip";
  set req.url = "/style/main.css";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/css";
  testing.call_subroutine("vcl_fetch");
  assert.true(beresp.gzip);
  assert.equal(beresp.http.Vary, "Accept-Encoding");
  assert.false(beresp.do_esi);
}

// @scope: fetch
// @suite: nothing is compressed for a client that does not accept gzip
sub test_no_gzip_without_accept {
  unset req.http.Accept-Encoding;
  set req.url = "/style/main.css";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/css";
  testing.call_subroutine("vcl_fetch");
  assert.false(beresp.gzip);
  assert.equal(beresp.http.Vary, "Accept-Encoding");
}

// @scope: fetch
// @suite: an origin-compressed response is not compressed again
sub test_no_double_gzip {
  set req.http.Accept-Encoding = "gzip";
  set req.url = "/index.html";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/html; charset=utf-8";
  set beresp.http.Content-Encoding = "gzip";
  testing.call_subroutine("vcl_fetch");
  assert.false(beresp.gzip);
}

// @scope: fetch
// @suite: images are not compressed
sub test_no_gzip_for_png {
  set req.http.Accept-Encoding = "gzip";
  set req.url = "/logo.png";
  set beresp.status = 200;
  set beresp.http.Content-Type = "image/png";
  testing.call_subroutine("vcl_fetch");
  assert.false(beresp.gzip);
}

// @scope: fetch
// @suite: static assets are cached for a day
sub test_static_ttl {
  set req.url = "/style/main.css";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/css";
  set beresp.http.Cache-Control = "max-age=60";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.ttl, 86400s);
}

// @scope: fetch
// @suite: a page without caching headers gets the default TTL of an hour, and a day of stale-if-error
sub test_default_ttl {
  set req.url = "/about/";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/html";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.ttl, 3600s);
  assert.equal(beresp.stale_if_error, 86400s);
}

// @scope: fetch
// @suite: a GET answered 503 is retried once: marked in vcl_fetch, restarted by vcl_deliver
sub test_restart_on_503 {
  set req.method = "GET";
  set beresp.status = 503;
  testing.call_subroutine("vcl_fetch");
  assert.not_state(restart);
  assert.equal(beresp.http.X-Edgectl-Retry, "1");
}

// @scope: fetch
// @suite: a POST answered 500 is not retried
sub test_no_restart_for_post {
  testing.mock("edgectl_probe_stale", "mock_stale_none");
  set req.method = "POST";
  set beresp.status = 500;
  testing.call_subroutine("vcl_fetch");
  assert.not_state(restart);
}

// @scope: fetch
// @suite: a 502 with no stale object is cached for one second
sub test_5xx_short_ttl {
  testing.mock("edgectl_probe_stale", "mock_stale_none");
  set beresp.status = 502;
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.ttl, 1s);
  // www keeps stale copies for 24h; a cached error has no stale life.
  assert.equal(beresp.stale_if_error, 0s);
  assert.equal(beresp.cacheable, true);
  assert.state(deliver);
}

// @scope: deliver
// @suite: response headers are set and removed
sub test_response_headers {
  set resp.http.X-Powered-By = "PHP/5.5";
  set resp.http.Server = "Apache";
  testing.call_subroutine("vcl_deliver");
  assert.equal(resp.http.X-UA-Compatible, "IE=edge,chrome=1");
  assert.is_notset(resp.http.X-Powered-By);
  assert.is_notset(resp.http.Server);
}

// @scope: miss
// @suite: the private include's hook runs on a miss (placeholder here)
sub test_private_miss_called {
  testing.call_subroutine("vcl_miss");
  assert.subroutine_called("private_miss");
}

// @scope: fetch
// @suite: restart_on_error: a GET answered 500 is retried, decided here and carried on the response (no restart in vcl_fetch)
sub test_retry_marked_in_fetch {
  set req.method = "GET";
  set beresp.status = 500;
  testing.call_subroutine("vcl_fetch");
  assert.not_state(restart);
  assert.state(pass);
  assert.equal(beresp.http.X-Edgectl-Retry, "1");
  assert.equal(beresp.ttl, 0s);
}

// @scope: deliver
// @suite: restart_on_error: vcl_deliver restarts the marked response, where req survives the restart
sub test_retry_restarts_in_deliver {
  set resp.status = 500;
  set resp.http.X-Edgectl-Retry = "1";
  testing.call_subroutine("vcl_deliver");
  assert.restart();
}

// @scope: recv
// @suite: cookieless: a POST passes (Fastly passes other methods) but no pass rule matched, so it loses its cookies
sub test_post_loses_cookies {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.method = "POST";
  set req.url = "/contact";
  set req.http.Cookie = "session=abc";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.is_notset(req.http.Cookie);
}

// The ACL restricts the status paths only: a page named like one is an
// ordinary page (common/acl.test.vcl has the refusals).

// @scope: recv
// @suite: a page whose name only starts like a status path is served
sub test_acl_similar_path_served {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/server-statistics";
  testing.call_subroutine("vcl_recv");
  assert.not_state(error);
}

// @scope: recv
// @suite: a status path below another path is an ordinary page
sub test_acl_nested_path_served {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wiki/server-status";
  testing.call_subroutine("vcl_recv");
  assert.not_state(error);
}
