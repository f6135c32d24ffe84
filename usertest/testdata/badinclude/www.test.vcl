// falco's tester would ignore this include and run without it.
  include "helpers";

// @scope: recv
sub test_recv {
  testing.call_subroutine("vcl_recv");
}
