include "private";

sub vcl_recv {
#FASTLY recv
  call private_recv;
}
