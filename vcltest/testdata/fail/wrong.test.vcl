// @scope: deliver
// @suite: passes
sub test_deliver_ok {
  testing.call_subroutine("vcl_deliver");
  assert.equal(resp.http.X-Edgectl, "1");
}

// @scope: deliver
// @suite: wrong expectation
sub test_deliver_wrong {
  testing.call_subroutine("vcl_deliver");
  assert.equal(resp.http.X-Edgectl, "2");
}

// @scope: recv
// @suite: undefined subroutine
sub test_recv_missing_sub {
  testing.call_subroutine("vcl_nope");
}
