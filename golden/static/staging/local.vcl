# static: staging, for local tools only (falco lint, falco test); never uploaded.
# The declarations Fastly generates from service.json, then the main VCL.
# falco lint -I <this directory> local.vcl

backend F_objects {
  .host = "objects.dreamhost.com";
  .port = "443";
  .host_header = "objects.dreamhost.com";
  .always_use_host_header = true;
  .connect_timeout = 1000ms;
  .first_byte_timeout = 15000ms;
  .between_bytes_timeout = 10000ms;
  .max_connections = 200;
  .ssl = true;
  .ssl_cert_hostname = "objects.dreamhost.com";
  .ssl_sni_hostname = "objects.dreamhost.com";
}

acl internal {
  "198.51.100.10";
  "198.51.100.11";
  "198.51.100.12";
  "198.51.100.13";
  "198.51.100.14";
  "198.51.100.15";
  "198.51.100.16";
  "198.51.100.17";
}

include "main";
