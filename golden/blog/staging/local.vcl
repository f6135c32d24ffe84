# blog: staging, for local tools only (falco lint, falco test); never uploaded.
# The declarations Fastly generates from service.json, then the main VCL.
# falco lint -I <this directory> local.vcl

backend F_blog {
  .host = "198.51.100.13";
  .port = "80";
  .host_header = "blog.webplatformstaging.org";
  .always_use_host_header = true;
  .connect_timeout = 3000ms;
  .first_byte_timeout = 45000ms;
  .between_bytes_timeout = 30000ms;
  .max_connections = 700;
  .probe = {
    .request = "HEAD / HTTP/1.1" "Host: blog.webplatformstaging.org" "Connection: close";
    .expected_response = 200;
    .interval = 15000ms;
    .timeout = 5000ms;
    .window = 5;
    .threshold = 3;
    .initial = 3;
  }
}

backend F_salt {
  .host = "198.51.100.10";
  .port = "80";
  .connect_timeout = 1000ms;
  .first_byte_timeout = 15000ms;
  .between_bytes_timeout = 10000ms;
  .max_connections = 200;
}

director wordpress random {
  .quorum = 1%;
  .retries = 1;
  { .backend = F_blog; .weight = 100; }
}

director maintenance random {
  .quorum = 1%;
  .retries = 1;
  { .backend = F_salt; .weight = 100; }
}

table edgectl_settings STRING {
  "maintenance": "off",
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
