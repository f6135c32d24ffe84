# falco v1.13.0 panics (nil dereference) on a bare "error;" statement.
sub vcl_recv {
#FASTLY recv
  error;
}
