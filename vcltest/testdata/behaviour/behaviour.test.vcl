// Proofs of how falco v1.13.0's tester treats variables a VCL generator
// relies on. Each test passes when falco behaves as the comment says;
// vcltest_test.go fails if one stops passing.

// req.backend.healthy is always true: testing.inject_variable does not
// reach it (only a fixed list of variables honours injection), and
// "set req.backend.healthy" fails (see fail/readonly.test.vcl). No backend
// can be made unhealthy.
// @scope: recv
sub test_backend_always_healthy {
  set req.http.Fastly-SSL = "1";
  testing.inject_variable("req.backend.healthy", false);
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.X-Backend-Healthy, "yes");
  assert.true(backend.F_app1.healthy);
}

// fastly_info.edge.is_tls exists but is false (the mock request is plain
// HTTP) and cannot be injected or set; req.http.Fastly-SSL can be set.
// @scope: recv
sub test_edge_is_tls_always_false {
  assert.false(fastly_info.edge.is_tls);
  set req.http.Fastly-SSL = "1";
  testing.inject_variable("fastly_info.edge.is_tls", true);
  testing.call_subroutine("vcl_recv");
  assert.equal(req.http.X-Edge-TLS, "no");
}

// stale.exists is an empty STRING in falco, not a BOOL, and injection does
// not change it. Alone in a condition it is true (a set string is true),
// but as an operand of "&&" it is false (an empty string is false).
// assert.false(stale.exists) fails with a type mismatch.
// @scope: fetch
sub test_stale_exists_is_an_empty_string {
  testing.inject_variable("stale.exists", false);
  set beresp.status = 503;
  testing.call_subroutine("vcl_fetch");
  assert.equal(beresp.http.X-Stale-Exists, "yes");
  assert.equal(beresp.http.X-Stale-And, "no");
}

// restart only ends the subroutine with state RESTART, which
// assert.restart() checks; vcl_recv does not run again and req.restarts
// stays 0, and can be neither injected nor set. Code guarded by
// "req.restarts > 0" cannot be reached from a test.
// @scope: fetch
sub test_restart_does_not_count {
  testing.inject_variable("req.restarts", 1);
  set beresp.status = 503;
  testing.call_subroutine("vcl_fetch");
  assert.restart();
  assert.state(restart);
  assert.equal(req.restarts, 0);
}

// Within a describe group the interpreter is shared, but the code given to
// "error" in vcl_recv does not become obj.status in a later ERROR-scope
// test: obj.status is the mock 200 there. Set obj.status and obj.response
// before testing.call_subroutine("vcl_error") (see pass/main.test.vcl).
describe error_state_not_carried {
  // @scope: recv
  sub test_recv {
    testing.call_subroutine("vcl_recv");
    assert.error(801, "Force TLS");
  }

  // @scope: error
  sub test_error {
    assert.equal(obj.status, 200);
  }
}

// testing.table_set adds keys to, and overrides keys of, a table declared
// in local.vcl.
// @scope: recv
sub test_table_set_adds {
  set req.http.Fastly-SSL = "1";
  testing.table_set(redirects, "/foo", "/bar");
  set req.url = "/foo";
  testing.call_subroutine("vcl_recv");
  assert.error(802, "Redirect");
}

// @scope: error
sub test_table_set_overrides {
  testing.table_set(redirects, "/old", "/elsewhere");
  set req.url = "/old";
  set obj.status = 802;
  testing.call_subroutine("vcl_error");
  assert.equal(obj.http.Location, "/elsewhere");
}

// Each test outside a describe group gets a fresh interpreter, so a
// table_set does not leak into the next test.
// @scope: recv
sub test_table_set_is_per_test {
  set req.http.Fastly-SSL = "1";
  set req.url = "/foo";
  testing.call_subroutine("vcl_recv");
  assert.not_error();
}
