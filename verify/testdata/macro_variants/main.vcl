sub vcl_recv {
#FASTLY recv
  return(lookup);
}

sub vcl_hash {
#FASTLY HASH
  set req.hash += req.url;
  return(hash);
}

sub vcl_miss {
  # FASTLY miss
  return(fetch);
}

sub vcl_pass {
  return(pass);
  #FASTLY pass
}

sub vcl_log {
#FASTLY log
}

sub vcl_deliver {
  if (resp.status == 200) {
    #FASTLY deliver
    set resp.http.X-OK = "1";
  }
  return(deliver);
}
