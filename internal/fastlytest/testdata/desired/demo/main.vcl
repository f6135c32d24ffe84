# demo: a small service for sync's tests.
include "private";
include "errors";

sub vcl_recv {
#FASTLY recv
  call private_recv;
  if (table.lookup(edgectl_settings, "maintenance", "off") == "on") {
    error 503 "maintenance";
  }
  if (req.url.path ~ "^/objects/") {
    set req.backend = F_objects;
  } else {
    set req.backend = app;
  }
  return(lookup);
}

sub vcl_fetch {
#FASTLY fetch
  set beresp.ttl = 1h;
  return(deliver);
}

sub vcl_error {
#FASTLY error
  call edgectl_page_error;
  return(deliver);
}
