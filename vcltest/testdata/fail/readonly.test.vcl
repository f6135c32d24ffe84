// Each of these fails: falco cannot set these variables in a test.

// @scope: recv
// @suite: set req.backend.healthy
sub test_set_healthy {
  set req.backend.healthy = false;
}

// @scope: recv
// @suite: set fastly_info.edge.is_tls
sub test_set_edge_tls {
  set fastly_info.edge.is_tls = true;
}

// @scope: fetch
// @suite: set req.restarts
sub test_set_restarts {
  set req.restarts = 1;
}

// obj.* is not available in a RECV-scope test, so vcl_error cannot be
// called from one.
// @scope: recv
// @suite: vcl_error from recv scope
sub test_error_from_recv {
  testing.call_subroutine("vcl_recv");
  testing.call_subroutine("vcl_error");
}

// stale.exists is a STRING to falco.
// @scope: fetch
// @suite: assert.false(stale.exists)
sub test_stale_exists_not_bool {
  assert.false(stale.exists);
}
