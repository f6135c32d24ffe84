// The ACL "internal" of every service (the public addresses of the level's
// VMs): purging and the origins' status pages are refused to anyone else.
//
// falco runs every test request from 192.0.2.1 (the RemoteAddr of Go's
// httptest.NewRequest; falco v1.13.0 cannot change client.ip, and
// testing.inject_variable does not reach it), an address no level's ACL
// holds: these tests are the outside view. The inside view (a client in
// the ACL may purge) is pipeline/acl_test.go, which builds the site with
// that address added to the ACL.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

// @scope: recv
// @suite: the test client is 192.0.2.1, outside the ACL
sub test_client_outside {
  assert.equal(client.ip, std.str2ip("192.0.2.1", "0.0.0.0"));
  assert.false(client.ip ~ internal);
}

// @scope: recv
// @suite: a purge from outside the ACL gets 403, over TLS or not
sub test_purge_refused {
  set req.method = "FASTLYPURGE";
  set req.url = "/some/page";
  testing.call_subroutine("vcl_recv");
  assert.error(403, "Forbidden");
}

// @scope: recv
// @suite: a purge from outside the ACL over TLS gets 403 too
sub test_purge_refused_tls {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.method = "FASTLYPURGE";
  set req.url = "/";
  testing.call_subroutine("vcl_recv");
  assert.error(403, "Forbidden");
}

// @scope: recv
// @suite: the status pages from outside get 403, however the path is written
sub test_status_pages_refused {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/server-status";
  testing.call_subroutine("vcl_recv");
  assert.error(403, "Forbidden");
}

// @scope: recv
// @suite: /nginx-status from outside gets 403
sub test_nginx_status_refused {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/nginx-status?auto";
  testing.call_subroutine("vcl_recv");
  assert.error(403, "Forbidden");
}

// @scope: recv
// @suite: upper case and a trailing slash still reach the status page: refused
//
// (Repeated slashes cannot be tested here: falco parses a URL set in a
// test with Go's URL parser, which reads "//Server-Status/" as a host.)
sub test_status_spellings_refused {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/Server-STATUS/";
  testing.call_subroutine("vcl_recv");
  assert.error(403, "Forbidden");
}

// @scope: recv
// @suite: a percent-encoded status path is refused
sub test_status_encoded_refused {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/server%2Dstatus";
  testing.call_subroutine("vcl_recv");
  assert.error(403, "Forbidden");
}

// @scope: recv
// @suite: a dot segment, which could lead to a status page, is refused
sub test_dot_segment_refused {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/wiki/%2e%2e/server-status";
  testing.call_subroutine("vcl_recv");
  assert.error(403, "Forbidden");
}
