// stats at production: Piwik. The tracker and UI pass; GeoIP headers come
// from the hook vcl/stats/recv.vcl.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

// @scope: recv
// @suite: the tracker passes
sub test_tracker_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/piwik.php?idsite=1&rec=1";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
}

// @scope: recv
// @suite: the Proxy module passes
sub test_proxy_module_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/?module=Proxy&action=getCss";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
}

// @scope: recv
// @suite: static assets are looked up in the cache, cookies stripped
sub test_assets_cached {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/plugins/Morpheus/images/logo.png";
  set req.http.Cookie = "PIWIK_SESSID=1";
  testing.call_subroutine("vcl_recv");
  assert.state(lookup);
  assert.is_notset(req.http.Cookie);
}

// @scope: recv
// @suite: the GeoIP hook sets the country header
sub test_geo_hook {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/piwik.php";
  testing.call_subroutine("vcl_recv");
  assert.subroutine_called("vcl_recv");
  assert.not_equal(req.http.X-Geo-Country, "");
}

// @scope: fetch
// @suite: a stale copy serves for two hours when Piwik fails (stale_if_error, not the deprecated grace)
sub test_stale_if_error {
  set req.url = "/x.css";
  set beresp.status = 200;
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.stale_if_error, 7200s);
}

// @scope: recv
// @suite: cookieless, but a passed request keeps its cookies: the Piwik UI needs its session
sub test_ui_keeps_session {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/index.php?module=CoreHome&action=index";
  set req.http.Cookie = "PIWIK_SESSID=1; piwik_auth=x";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "PIWIK_SESSID=1; piwik_auth=x");
}

// @scope: deliver
// @suite: error_pages.keep_paths: an origin 503 from /piwik.php keeps its own body, even for a browser
sub test_origin_error_kept_on_api_path {
  set req.method = "GET";
  set req.http.Accept = "text/html";
  set req.url = "/piwik.php?idsite=1&rec=1";
  set resp.status = 503;
  testing.call_subroutine("vcl_deliver");
  assert.not_state(restart);
}

// @scope: deliver
// @suite: error_pages: an origin 503 on a browser navigation elsewhere gets our page
sub test_origin_error_replaced_on_page {
  set req.method = "GET";
  set req.http.Accept = "text/html";
  set req.url = "/some/page";
  set resp.status = 503;
  testing.call_subroutine("vcl_deliver");
  assert.restart();
}
