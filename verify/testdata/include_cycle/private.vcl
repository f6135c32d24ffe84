# This include closes a cycle: main includes private.
include "main";

sub private_recv {
  set req.http.X-Private = "1";
}
