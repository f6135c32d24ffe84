// Runs against every service at every level (edgectl test): each forces
// TLS. See docs/testing.md.
include "edgectl_testing";

// @scope: recv
// @suite: plain HTTP is sent to vcl_error to be redirected
sub test_plain_http_sent_to_redirect {
  testing.mock("edgectl_probe_tls_recv", "mock_edgectl_tls_off");
  set req.url = "/a/page?x=1";
  testing.call_subroutine("vcl_recv");
  assert.error(600, "Force TLS");
}

// @scope: error
// @suite: a plain-HTTP GET becomes a 301 to the same URL on https
sub test_plain_http_get_301 {
  set req.http.Host = "edge.example";
  set req.url = "/a/page?x=1";
  set obj.status = 600;
  set obj.response = "Force TLS";
  testing.call_subroutine("vcl_error");
  assert.equal(obj.status, 301);
  assert.equal(obj.http.Location, "https://edge.example/a/page?x=1");
  assert.state(deliver);
}

// @scope: recv
// @suite: a TLS request is not redirected
sub test_tls_not_redirected {
  testing.mock("edgectl_probe_tls_recv", "mock_edgectl_tls_on");
  set req.url = "/a/page";
  testing.call_subroutine("vcl_recv");
  assert.not_equal(testing.inspect("obj.status"), 600);
}
