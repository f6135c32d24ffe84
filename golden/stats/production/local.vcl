# stats: production, for local tools only (falco lint, falco test); never uploaded.
# The declarations Fastly generates from service.json, then the main VCL.
# falco lint -I <this directory> local.vcl

backend F_piwik {
  .host = "203.0.113.16";
  .port = "80";
  .host_header = "stats.webplatform.org";
  .always_use_host_header = true;
  .connect_timeout = 1000ms;
  .first_byte_timeout = 30000ms;
  .between_bytes_timeout = 10000ms;
  .max_connections = 200;
  .probe = {
    .request = "HEAD / HTTP/1.1" "Host: stats.webplatform.org" "Connection: close";
    .expected_response = 200;
    .interval = 15000ms;
    .timeout = 5000ms;
    .window = 5;
    .threshold = 3;
    .initial = 3;
  }
}

backend F_salt {
  .host = "203.0.113.10";
  .port = "80";
  .connect_timeout = 1000ms;
  .first_byte_timeout = 15000ms;
  .between_bytes_timeout = 10000ms;
  .max_connections = 200;
}

director analytics random {
  .quorum = 1%;
  .retries = 1;
  { .backend = F_piwik; .weight = 100; }
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
  "203.0.113.10";
  "203.0.113.11";
  "203.0.113.12";
  "203.0.113.13";
  "203.0.113.14";
  "203.0.113.15";
  "203.0.113.16";
  "203.0.113.17";
  "203.0.113.18";
}

include "main";
