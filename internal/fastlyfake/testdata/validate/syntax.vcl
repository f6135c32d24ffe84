sub vcl_recv {
#FASTLY recv
  if (req.url ~ "^/x" {
    return(pass);
  }
  return(lookup);
}
