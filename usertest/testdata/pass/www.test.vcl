// A passing user suite: the apex redirect of www (services/www.yaml).
include "edgectl_testing";

// @scope: recv
// @suite: the apex redirects to www
sub test_apex_redirect {
  testing.mock("edgectl_probe_tls_recv", "mock_edgectl_tls_on");
  set req.http.Host = "webplatform.org";
  set req.url = "/docs?x=1";
  testing.call_subroutine("vcl_recv");
  assert.error(601, "301");
  assert.equal(req.http.X-Edgectl-Location, "https://www.webplatform.org/docs?x=1");
}

describe fragments {
  before_recv {
    testing.mock("edgectl_probe_tls_recv", "mock_edgectl_tls_off");
    testing.mock("edgectl_probe_esi_recv", "mock_edgectl_esi_fragment");
  }

  // @scope: recv
  // @suite: an ESI fragment over plain HTTP is not redirected
  sub test_fragment_not_redirected {
    set req.http.Host = "www.webplatform.org";
    testing.call_subroutine("vcl_recv");
    assert.not_equal(testing.inspect("obj.status"), 600);
  }
}

// @scope: recv
// @suite: a top-level request over plain HTTP is redirected
sub test_top_level_redirected {
  testing.mock("edgectl_probe_esi_recv", "mock_edgectl_esi_top");
  set req.http.Host = "www.webplatform.org";
  testing.call_subroutine("vcl_recv");
  assert.error(600, "Force TLS");
}
