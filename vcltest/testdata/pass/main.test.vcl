// @scope: recv
// @suite: plain HTTP is sent to vcl_error with 801
sub test_recv_force_tls {
  testing.call_subroutine("vcl_recv");
  assert.error(801, "Force TLS");
}

// @scope: recv
// @suite: TLS request goes to lookup on F_app1
sub test_recv_tls {
  set req.http.Fastly-SSL = "1";
  testing.call_subroutine("vcl_recv");
  assert.state(lookup);
  assert.equal(req.backend, F_app1);
}

// @scope: error
// @suite: 801 becomes a 301 to https with a synthetic body
sub test_error_801 {
  set req.http.host = "www.example.com";
  set req.url = "/path?q=1";
  set obj.status = 801;
  set obj.response = "Force TLS";
  testing.call_subroutine("vcl_error");
  assert.equal(obj.status, 301);
  assert.equal(obj.response, "Moved Permanently");
  assert.equal(obj.http.Location, "https://www.example.com/path?q=1");
  assert.equal(testing.synthetic_body, "Redirecting to HTTPS");
  assert.state(deliver);
}

// @scope: deliver
sub test_deliver_header {
  testing.call_subroutine("vcl_deliver");
  assert.equal(resp.http.X-Edgectl, "1");
}

describe redirects {
  before_recv {
    set req.http.Fastly-SSL = "1";
  }

  // @scope: recv
  sub test_table_hit {
    set req.url = "/old";
    testing.call_subroutine("vcl_recv");
    assert.error(802);
  }

  // @scope: recv
  sub test_table_miss {
    set req.url = "/other";
    testing.call_subroutine("vcl_recv");
    assert.not_error();
  }
}
