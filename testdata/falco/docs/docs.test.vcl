// docs at production: MediaWiki. Keeps only the wikis' own cookies, passes
// editors, redirects / to the main page, ESI on wiki pages only.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

sub mock_stale_none {
  unset req.http.X-Edgectl-Stale;
}

// @scope: recv
// @suite: only wpwiki cookies are kept, in order, others are dropped; the request passes
sub test_cookie_allow_list {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wiki/css/display";
  set req.http.Cookie = "_ga=GA1.2.3; wpwikiUserID=42; __utmz=abc; wpwikiUserName=Renoirb; wpwikiforceHTTPS=1";
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.Cookie, "wpwikiUserID=42; wpwikiUserName=Renoirb; wpwikiforceHTTPS=1");
  // The cache key has no cookies: a request that keeps one is never cached.
  assert.state(pass);
}

// @scope: recv
// @suite: a cookie whose name only starts like a kept one is dropped
sub test_cookie_prefix_not_enough {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wiki/css";
  set req.http.Cookie = "wpwikiUserIDX=1; xwpwikiToken=2";
  testing.call_subroutine("vcl_recv");
  assert.is_notset(req.http.Cookie);
}

// @scope: recv
// @suite: a request with only foreign cookies loses its Cookie header
sub test_cookie_all_dropped {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wiki/html";
  set req.http.Cookie = "_ga=1; _gid=2";
  testing.call_subroutine("vcl_recv");
  assert.is_notset(req.http.Cookie);
  assert.state(lookup);
}

// @scope: recv
// @suite: a logged-in editor (session cookie) bypasses the cache, and MediaWiki gets only its own cookies
sub test_session_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wiki/css";
  set req.http.Cookie = "wpwiki_session=s3cr3t; _ga=1";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "wpwiki_session=s3cr3t");
}

// @scope: recv
// @suite: an editor's tracking cookies never reach MediaWiki on a passed page (Special:, api.php, POST)
sub test_passed_requests_filtered {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wiki/Special:RecentChanges";
  set req.http.Cookie = "_ga=GA1; wpwikiUserID=42; __utmz=abc; wpwiki_session=s";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "wpwikiUserID=42; wpwiki_session=s");
}

// @scope: recv
// @suite: an edit POST to index.php keeps only the wiki's cookies
sub test_edit_post_filtered {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.method = "POST";
  set req.url = "/w/index.php?title=css&action=submit";
  set req.http.Cookie = "wpwikiToken=t; _gid=2; wpwiki_session=s";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "wpwikiToken=t; wpwiki_session=s");
}

// @scope: recv
// @suite: Special:UserLogout is untouched too (the 2015 VCL: login and logout pages)
sub test_logout_untouched {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/test/Special:UserLogout";
  set req.http.Cookie = "wptestwiki_session=s; _ga=1";
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.Cookie, "wptestwiki_session=s; _ga=1");
  assert.state(pass);
}

// @scope: recv
// @suite: a page under Special: that is not login/logout is not untouched: its cookies are filtered
sub test_special_prefix_not_untouched {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wiki/Special:UserLoginX";
  set req.http.Cookie = "_ga=1";
  testing.call_subroutine("vcl_recv");
  assert.is_notset(req.http.Cookie);
  assert.state(pass);
}

// @scope: recv
// @suite: on Special:UserLogin every cookie passes untouched
sub test_login_untouched {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wiki/Special:UserLogin?returnto=Main_Page";
  set req.http.Cookie = "_ga=1; wpwikiToken=abc";
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.Cookie, "_ga=1; wpwikiToken=abc");
  assert.state(pass);
}

// @scope: recv
// @suite: the test wiki's cookies are kept too
sub test_testwiki_cookies {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/test/Main_Page";
  set req.http.Cookie = "wptestwikiUserID=7; other=1";
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.Cookie, "wptestwikiUserID=7");
}

// @scope: recv
// @suite: editing (index.php, api.php) and POST pass
sub test_edit_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/w/index.php?title=css&action=edit";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
}

// @scope: recv
// @suite: / redirects to the main page
sub test_root_redirect {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.http.Host = "docs.webplatform.org";
  set req.url = "/";
  testing.call_subroutine("vcl_recv");
  assert.error(601, "301");
  assert.equal(req.http.X-Edgectl-Location, "https://docs.webplatform.org/wiki/Main_Page");
}

// @scope: recv
// @suite: other paths are not redirected
sub test_page_not_redirected {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wiki/Main_Page";
  testing.call_subroutine("vcl_recv");
  assert.is_notset(req.http.X-Edgectl-Location);
  assert.equal(req.http.X-Edgectl-ESI, "1");
}

// @scope: fetch
// @suite: wiki HTML is processed for ESI and left to Fastly to compress
sub test_esi_on_wiki_html {
  set req.http.X-Edgectl-ESI = "1";
  set req.http.Accept-Encoding = "gzip";
  set req.url = "/wiki/css";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/html; charset=UTF-8";
  testing.call_subroutine("vcl_fetch");
  assert.true(beresp.do_esi);
  assert.equal(beresp.http.X-Compress-Hint, "on");
  assert.false(beresp.gzip);
}

// @scope: fetch
// @suite: scripts are gzipped, not ESI-processed
sub test_no_esi_on_load_php {
  set req.http.Accept-Encoding = "gzip";
  set req.url = "/w/load.php?modules=startup";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/javascript; charset=utf-8";
  testing.call_subroutine("vcl_fetch");
  assert.false(beresp.do_esi);
  assert.true(beresp.gzip);
  assert.equal(beresp.ttl, 86400s);
}

// @scope: miss
// @suite: ESI requests ask the origin for uncompressed HTML
sub test_esi_miss_uncompressed {
  set req.http.X-Edgectl-ESI = "1";
  set bereq.http.Accept-Encoding = "gzip";
  testing.call_subroutine("vcl_miss");
  assert.is_notset(bereq.http.Accept-Encoding);
  assert.is_notset(bereq.http.X-Edgectl-ESI);
}

// @scope: miss
// @suite: other requests keep Accept-Encoding
sub test_non_esi_miss_keeps_encoding {
  set bereq.http.Accept-Encoding = "gzip";
  testing.call_subroutine("vcl_miss");
  assert.equal(bereq.http.Accept-Encoding, "gzip");
}

// @scope: fetch
// @suite: Vary Cookie is dropped, Accept-Encoding kept
sub test_vary_cookie_removed {
  set req.url = "/wiki/css";
  set beresp.status = 200;
  set beresp.http.Content-Type = "image/png";
  set beresp.http.Vary = "Cookie, Accept-Encoding";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.http.Vary, "Accept-Encoding");
}

// @scope: fetch
// @suite: Vary that is only Cookie disappears
sub test_vary_only_cookie {
  set req.url = "/x.png";
  set beresp.status = 200;
  set beresp.http.Content-Type = "image/png";
  set beresp.http.Vary = "Cookie";
  testing.call_subroutine("vcl_fetch");
  assert.is_notset(beresp.http.Vary);
}

// @scope: fetch
// @suite: Set-Cookie from MediaWiki makes the answer uncacheable (not stripped)
sub test_set_cookie_passes {
  set req.url = "/wiki/Special:UserLogin";
  set beresp.status = 200;
  set beresp.http.Content-Type = "image/png";
  set beresp.http.Set-Cookie = "wpwiki_session=x";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.http.Set-Cookie, "wpwiki_session=x");
  assert.state(pass);
}

// Fastly's regsuball "continues from the end of the replaced buffer"
// (https://www.fastly.com/documentation/reference/vcl/functions/strings/regsuball):
// a pattern that consumes the separator after a token leaves its neighbour
// unmatched. Every token must go, however they are written.

// @scope: fetch
// @suite: Vary Cookie,Cookie,Accept-Encoding keeps no Cookie
sub test_vary_cookie_twice {
  set req.url = "/x.png";
  set beresp.status = 200;
  set beresp.http.Content-Type = "image/png";
  set beresp.http.Vary = "Cookie,Cookie,Accept-Encoding";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.http.Vary, "Accept-Encoding");
}

// @scope: fetch
// @suite: Vary with Cookie in any case, spacing and position keeps no Cookie, and keeps the rest in order
sub test_vary_cookie_everywhere {
  set req.url = "/x.png";
  set beresp.status = 200;
  set beresp.http.Content-Type = "image/png";
  set beresp.http.Vary = "cookie , Accept-Encoding,COOKIE,  Cookie ,User-Agent, Cookie";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.http.Vary, "Accept-Encoding, User-Agent");
}

// @scope: fetch
// @suite: Vary Cookie,Cookie disappears
sub test_vary_only_cookies {
  set req.url = "/x.png";
  set beresp.status = 200;
  set beresp.http.Content-Type = "image/png";
  set beresp.http.Vary = "Cookie,Cookie";
  testing.call_subroutine("vcl_fetch");
  assert.is_notset(beresp.http.Vary);
}

// @scope: fetch
// @suite: a token that only contains Cookie is kept
sub test_vary_cookie_lookalikes_kept {
  set req.url = "/x.png";
  set beresp.status = 200;
  set beresp.http.Content-Type = "image/png";
  set beresp.http.Vary = "X-Cookie, Cookie2, Accept-Encoding";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.http.Vary, "X-Cookie, Cookie2, Accept-Encoding");
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

// @scope: fetch
// @suite: restart_on_error: a POST answered 500 is not retried
sub test_no_retry_for_post {
  testing.mock("edgectl_probe_stale", "mock_stale_none");
  set req.method = "POST";
  set beresp.status = 500;
  testing.call_subroutine("vcl_fetch");
  assert.is_notset(beresp.http.X-Edgectl-Retry);
}

// @scope: deliver
// @suite: restart_on_error: vcl_deliver restarts the marked response, where req survives the restart
sub test_retry_restarts_in_deliver {
  set resp.status = 500;
  set resp.http.X-Edgectl-Retry = "1";
  testing.call_subroutine("vcl_deliver");
  assert.restart();
}

// @scope: fetch
// @suite: an ESI fragment is processed for nested includes but gets no compression hint of its own
sub test_fragment_no_compress_hint {
  set req.http.X-Edgectl-ESI = "1";
  set req.http.X-Edgectl-Fragment = "1";
  set req.url = "/wiki/Template:Note";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/html; charset=UTF-8";
  testing.call_subroutine("vcl_fetch");
  assert.true(beresp.do_esi);
  assert.is_notset(beresp.http.X-Compress-Hint);
}

// @scope: deliver
// @suite: error_pages.keep_paths: an origin 503 from /w/api.php keeps its own body, even for a browser
sub test_origin_error_kept_on_api_path {
  set req.method = "GET";
  set req.http.Accept = "text/html";
  set req.url = "/w/api.php?action=query&format=json";
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

// Surrogate keys (services/docs.yaml surrogate_keys): every wiki page is
// tagged with its own key so that one page can be purged
// (edgectl purge docs --key wiki-PAGE). Fastly: Surrogate-Key, "Adding keys
// in VCL" (https://www.fastly.com/documentation/reference/http/http-headers/Surrogate-Key/).

// @scope: fetch
// @suite: a wiki page is tagged with its page's surrogate key
sub test_surrogate_key_wiki_page {
  set req.url = "/wiki/css/properties/display?uselang=fr";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/html; charset=UTF-8";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.http.Surrogate-Key, "wiki wiki-css/properties/display");
}

// @scope: fetch
// @suite: the origin's own surrogate keys are kept, ours appended
sub test_surrogate_key_appended {
  set req.url = "/wiki/html";
  set beresp.status = 200;
  set beresp.http.Surrogate-Key = "mw-page-42";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.http.Surrogate-Key, "mw-page-42 wiki wiki-html");
}

// @scope: fetch
// @suite: what is not a wiki page gets no surrogate key
sub test_surrogate_key_elsewhere {
  set req.url = "/w/load.php?modules=startup";
  set beresp.status = 200;
  testing.call_subroutine("vcl_fetch");
  assert.is_notset(beresp.http.Surrogate-Key);
}

// @scope: fetch
// @suite: a wiki page's cached 5xx carries the page's keys too, so that purging the page purges it
sub test_surrogate_key_on_cached_error {
  testing.mock("edgectl_probe_stale", "mock_stale_none");
  set req.url = "/wiki/html";
  // 502: restart_on_error retries 500 and 503 first, uncached.
  set beresp.status = 502;
  testing.call_subroutine("vcl_fetch");
  assert.true(beresp.cacheable);
  assert.equal(beresp.http.Surrogate-Key, "wiki wiki-html");
}
