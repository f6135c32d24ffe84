# Uses what Fastly generates from the version's objects: the backend
# F_origin, the director pool and the dictionary edgectl_settings.
include "extra";

sub vcl_recv {
#FASTLY recv
  set req.backend = F_origin;
  if (table.lookup(edgectl_settings, "maintenance", "off") == "on") {
    set req.backend = pool;
  }
  call extra_recv;
  return(lookup);
}
