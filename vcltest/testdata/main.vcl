sub vcl_recv {
#FASTLY recv
  if (!req.http.Fastly-SSL) {
    error 801 "Force TLS";
  }
  if (table.lookup(redirects, req.url.path)) {
    error 802 "Redirect";
  }
  set req.backend = F_app1;
  # Probes for behaviour/: what the tests see of these variables.
  set req.http.X-Restarts = req.restarts;
  set req.http.X-Backend-Healthy = if(req.backend.healthy, "yes", "no");
  set req.http.X-Edge-TLS = if(fastly_info.edge.is_tls, "yes", "no");
  return(lookup);
}

sub vcl_fetch {
#FASTLY fetch
  # Probes for behaviour/.
  set beresp.http.X-Stale-Exists = if(stale.exists, "yes", "no");
  set beresp.http.X-Stale-And = if(beresp.status >= 500 && stale.exists, "yes", "no");
  if (beresp.status >= 500 && req.restarts < 1) {
    restart;
  }
  if (beresp.status >= 500 && stale.exists) {
    return(deliver_stale);
  }
  return(deliver);
}

sub vcl_error {
#FASTLY error
  if (obj.status == 801) {
    set obj.status = 301;
    set obj.response = "Moved Permanently";
    set obj.http.Location = "https://" req.http.host req.url;
    synthetic {"Redirecting to HTTPS"};
    return(deliver);
  }
  if (obj.status == 802) {
    set obj.status = 301;
    set obj.response = "Moved Permanently";
    set obj.http.Location = table.lookup(redirects, req.url.path);
    synthetic {""};
    return(deliver);
  }
  return(deliver);
}

sub vcl_deliver {
#FASTLY deliver
  set resp.http.X-Edgectl = "1";
  return(deliver);
}
