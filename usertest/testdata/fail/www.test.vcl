// A failing user suite: one test passes, two fail.

// @scope: recv
// @suite: passes
sub test_passes {
  testing.call_subroutine("vcl_recv");
  assert.error(600, "Force TLS");
}

// @scope: recv
// @suite: expects the wrong status
sub test_wrong_status {
  testing.call_subroutine("vcl_recv");
  assert.error(601, "Force TLS");
}

// @scope: recv
// @suite: mocks a probe with a helper it did not include
sub test_missing_helper {
  testing.mock("edgectl_probe_tls_recv", "mock_edgectl_tls_on");
  testing.call_subroutine("vcl_recv");
}
