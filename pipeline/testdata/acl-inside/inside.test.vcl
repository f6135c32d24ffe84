// Run by TestACLInsideMayPurge on www at production built with falco's
// test client address (192.0.2.1) added to the ACL "internal": a client
// in the ACL may purge and reach the status pages.

sub mock_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

// @scope: recv
// @suite: the test client is in the ACL
sub test_client_inside {
  assert.true(client.ip ~ internal);
}

// @scope: recv
// @suite: a purge from a client in the ACL is looked up (Fastly then purges it)
sub test_purge_allowed {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.method = "FASTLYPURGE";
  set req.url = "/some/page";
  testing.call_subroutine("vcl_recv");
  assert.state(lookup);
}

// @scope: recv
// @suite: the status page is reached from a client in the ACL
sub test_status_page_allowed {
  testing.mock("edgectl_probe_tls_recv", "mock_tls_on");
  set req.url = "/server-status";
  testing.call_subroutine("vcl_recv");
  assert.not_error();
}
