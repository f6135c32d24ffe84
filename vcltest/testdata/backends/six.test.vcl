// The entry of TestRunFilesMaxBackends declares six backends: falco's
// interpreter refuses more than 5 unless told the service's limit.
// @scope: recv
sub test_six_backends_load {
  set req.http.Fastly-SSL = "1";
  testing.call_subroutine("vcl_recv");
  assert.state(lookup);
}
