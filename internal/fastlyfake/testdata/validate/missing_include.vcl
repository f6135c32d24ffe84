include "absent";

sub vcl_recv {
#FASTLY recv
  return(lookup);
}
