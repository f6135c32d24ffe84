
# ---------------------------------------------------------------------------
# edgectl_testing: edgectl's helpers for what falco's simulator cannot make
# happen (docs/testing.md). "edgectl test" appends them to a test file that
# says include "edgectl_testing"; and each is meant for testing.mock on the
# probe subroutine of the compiled VCL named in its comment. They are named
# mock_*, so they are not reported as tests.
# ---------------------------------------------------------------------------

# For edgectl_probe_tls_recv: the client connection is TLS. falco's test
# request is always plain HTTP (fastly_info.edge.is_tls is false and
# read-only; Fastly: "True if the client request is made over a TLS-secured
# connection",
# https://www.fastly.com/documentation/reference/vcl/variables/client-connection/fastly-info-edge-is-tls/).
sub mock_edgectl_tls_on {
  set req.http.X-Edgectl-TLS = "1";
}

# For edgectl_probe_tls_recv: plain HTTP, what falco simulates anyway; for
# tests that say so.
sub mock_edgectl_tls_off {
  unset req.http.X-Edgectl-TLS;
}

# For edgectl_probe_esi_recv: the request is an ESI include (req.esi_level
# above 0, read-only in falco;
# https://www.fastly.com/documentation/reference/vcl/variables/esi/req-esi-level/).
sub mock_edgectl_esi_fragment {
  set req.http.X-Edgectl-Fragment = "1";
}

# For edgectl_probe_esi_recv: the top-level request (req.esi_level 0).
sub mock_edgectl_esi_top {
  unset req.http.X-Edgectl-Fragment;
}

# For edgectl_probe_stale: a stale copy of the object is in cache (Fastly:
# stale.exists "Returns a non-NULL string if stale content exists",
# https://www.fastly.com/documentation/reference/vcl/variables/cache-object/stale-exists/;
# falco's cache is always empty).
sub mock_edgectl_stale_exists {
  set req.http.X-Edgectl-Stale = "1";
}

# For edgectl_probe_stale: no stale copy, what falco simulates anyway.
sub mock_edgectl_stale_none {
  unset req.http.X-Edgectl-Stale;
}
