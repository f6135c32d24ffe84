include "private";

sub vcl_recv {
#FASTLY recv
  if (!req.http.Fastly-SSL) {
    error 801 "Force TLS";
  }
  if (table.lookup(redirects, req.url.path)) {
    error 802 "Redirect";
  }
  if (req.url ~ "^/pool/") {
    set req.backend = app_pool;
  } else {
    set req.backend = F_app1;
  }
  call private_recv;
  if (req.method != "HEAD" && req.method != "GET" && req.method != "FASTLYPURGE") {
    return(pass);
  }
  return(lookup);
}

sub vcl_hash {
#FASTLY hash
  set req.hash += req.url;
  set req.hash += req.http.host;
  return(hash);
}

sub vcl_hit {
#FASTLY hit
  return(deliver);
}

sub vcl_miss {
#FASTLY miss
  return(fetch);
}

sub vcl_pass {
#FASTLY pass
  return(pass);
}

sub vcl_fetch {
#FASTLY fetch
  if (beresp.status >= 500 && req.restarts < 1) {
    restart;
  }
  if (beresp.status >= 500 && stale.exists) {
    return(deliver_stale);
  }
  set beresp.stale_if_error = 86400s;
  return(deliver);
}

sub vcl_error {
#FASTLY error
  if (obj.status == 801) {
    set obj.status = 301;
    set obj.response = "Moved Permanently";
    set obj.http.Location = "https://" req.http.host req.url;
    synthetic {""};
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
  set resp.http.X-Served-By-Edgectl = req.bogus;
  return(deliver);
}

sub vcl_log {
#FASTLY log
}
