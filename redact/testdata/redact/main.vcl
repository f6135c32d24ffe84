include "private";
sub vcl_recv {
  unset req.http.Authorization;
  call private_recv;
}
