// @scope: recv
sub test_recv {
  testing.call_subroutine("vcl_recv")
  assert.state(lookup);
}
