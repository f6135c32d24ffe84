sub vcl_recv {
#FASTLY recv
  set req.backend = F_nowhere;
  return(lookup);
}
