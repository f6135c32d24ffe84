// blog at production: WordPress. Logins, admin, previews, comments and
// XML-RPC reach the origin with every cookie; readers get cached pages.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

// @scope: recv
// @suite: wp-login.php passes with all its cookies, so logging in works
sub test_login_passes_with_cookies {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.method = "POST";
  set req.url = "/wp-login.php";
  set req.http.Cookie = "wordpress_test_cookie=WP+Cookie+check; _ga=GA1";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "wordpress_test_cookie=WP+Cookie+check; _ga=GA1");
}

// @scope: recv
// @suite: logging out (wp-login.php?action=logout) keeps every cookie too
sub test_logout_untouched {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wp-login.php?action=logout&_wpnonce=abc";
  set req.http.Cookie = "wordpress_logged_in_abc=renoir; _ga=GA1";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "wordpress_logged_in_abc=renoir; _ga=GA1");
}

// @scope: recv
// @suite: a GET of the login form passes too
sub test_login_form_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wp-login.php?redirect_to=%2Fwp-admin%2F";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
}

// @scope: recv
// @suite: the admin passes
sub test_admin_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wp-admin/post.php?post=12&action=edit";
  set req.http.Cookie = "wordpress_logged_in_abc=renoir%7C123; _ga=GA1; wp-settings-1=editor%3Dtinymce";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  // The admin keeps WordPress's cookies only: the allow-list holds on passed requests.
  assert.equal(req.http.Cookie, "wordpress_logged_in_abc=renoir%7C123; wp-settings-1=editor%3Dtinymce");
}

// @scope: recv
// @suite: a logged-in reader bypasses the cache on any page, without its tracking cookies
sub test_logged_in_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/2014/10/a-post/";
  set req.http.Cookie = "__utma=1; wordpress_logged_in_abc=renoir; _ga=GA1";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "wordpress_logged_in_abc=renoir");
}

// @scope: recv
// @suite: posting a comment passes
sub test_comment_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.method = "POST";
  set req.url = "/wp-comments-post.php";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
}

// @scope: recv
// @suite: previews and XML-RPC pass
sub test_preview_and_xmlrpc_pass {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/xmlrpc.php";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
}

// @scope: recv
// @suite: a reader with only tracking cookies gets the cached page, cookies dropped
sub test_anonymous_cached {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/2014/10/a-post/";
  set req.http.Cookie = "_ga=GA1; __utma=1";
  testing.call_subroutine("vcl_recv");
  assert.state(lookup);
  assert.is_notset(req.http.Cookie);
}

// @scope: recv
// @suite: a reader with a WordPress cookie passes with only the WordPress cookies
sub test_wordpress_cookie_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/2014/10/a-post/";
  set req.http.Cookie = "_ga=GA1; wp-settings-time-1=123; __utma=1";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
  assert.equal(req.http.Cookie, "wp-settings-time-1=123");
}

// @scope: recv
// @suite: a post preview passes
sub test_preview_passes {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/?p=12&preview=true";
  testing.call_subroutine("vcl_recv");
  assert.state(pass);
}

// @scope: fetch
// @suite: the login answer keeps its Set-Cookie (the session must reach the browser)
sub test_login_set_cookie_kept {
  set req.http.X-Edgectl-Pass = "1";
  set req.url = "/wp-login.php";
  set beresp.status = 302;
  set beresp.http.Set-Cookie = "wordpress_logged_in_abc=renoir; path=/";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.http.Set-Cookie, "wordpress_logged_in_abc=renoir; path=/");
  assert.state(pass);
}

// cookies.strip_set_cookie, as the 2015 blog VCL: a plugin's Set-Cookie on an
// anonymous page must not make it uncacheable. A response with Set-Cookie
// passes only because vcl_fetch says return(pass), which makes a hit-for-pass
// object ("Managing caching and request flow in VCL",
// https://www.fastly.com/documentation/guides/full-site-delivery/fastly-vcl/managing-caching-and-request-flow/);
// removing the header first keeps the page cacheable.

// @scope: fetch
// @suite: an anonymous post stays cached although a plugin sets a cookie; the cookie is dropped
sub test_anonymous_set_cookie_stripped {
  set req.method = "GET";
  set req.url = "/2014/10/a-post/";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/html; charset=UTF-8";
  set beresp.http.Set-Cookie = "pll_language=en; path=/";
  testing.call_subroutine("vcl_fetch");
  assert.is_notset(beresp.http.Set-Cookie);
  assert.state(deliver);
  assert.equal(beresp.ttl, 3600s);
}

// @scope: fetch
// @suite: the admin keeps its Set-Cookie (a passed request)
sub test_admin_set_cookie_kept {
  set req.http.X-Edgectl-Pass = "1";
  set req.method = "GET";
  set req.url = "/wp-admin/";
  set beresp.status = 200;
  set beresp.http.Content-Type = "text/html; charset=UTF-8";
  set beresp.http.Set-Cookie = "wp-settings-time-1=1417000000; path=/";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.http.Set-Cookie, "wp-settings-time-1=1417000000; path=/");
  assert.state(pass);
}

// @scope: fetch
// @suite: a POST keeps its Set-Cookie even without a pass rule (a comment author's cookie)
sub test_post_set_cookie_kept {
  set req.method = "POST";
  set req.url = "/2014/10/a-post/";
  set beresp.status = 302;
  set beresp.http.Set-Cookie = "comment_author_abc=Renoir; path=/";
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.http.Set-Cookie, "comment_author_abc=Renoir; path=/");
  assert.state(pass);
}

// @scope: deliver
// @suite: error_pages.keep_paths: an origin 503 from /wp-json/wp/v2/posts keeps its own body, even for a browser
sub test_origin_error_kept_on_api_path {
  set req.method = "GET";
  set req.http.Accept = "text/html";
  set req.url = "/wp-json/wp/v2/posts";
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
