# www: production, for local tools only (falco lint, falco test); never uploaded.
# The declarations Fastly generates from service.json, then the main VCL.
# falco lint -I <this directory> local.vcl

backend F_app1 {
  .host = "203.0.113.11";
  .port = "80";
  .host_header = "www.webplatform.org";
  .always_use_host_header = true;
  .connect_timeout = 3000ms;
  .first_byte_timeout = 15000ms;
  .between_bytes_timeout = 10000ms;
  .max_connections = 600;
  .probe = {
    .request = "HEAD / HTTP/1.1" "Host: www.webplatform.org" "Connection: close";
    .expected_response = 200;
    .interval = 15000ms;
    .timeout = 5000ms;
    .window = 5;
    .threshold = 3;
    .initial = 3;
  }
}

backend F_app2 {
  .host = "203.0.113.12";
  .port = "80";
  .host_header = "www.webplatform.org";
  .always_use_host_header = true;
  .connect_timeout = 3000ms;
  .first_byte_timeout = 15000ms;
  .between_bytes_timeout = 10000ms;
  .max_connections = 600;
  .probe = {
    .request = "HEAD / HTTP/1.1" "Host: www.webplatform.org" "Connection: close";
    .expected_response = 200;
    .interval = 15000ms;
    .timeout = 5000ms;
    .window = 5;
    .threshold = 3;
    .initial = 3;
  }
}

backend F_app3 {
  .host = "203.0.113.13";
  .port = "80";
  .host_header = "www.webplatform.org";
  .always_use_host_header = true;
  .connect_timeout = 3000ms;
  .first_byte_timeout = 15000ms;
  .between_bytes_timeout = 10000ms;
  .max_connections = 600;
  .probe = {
    .request = "HEAD / HTTP/1.1" "Host: www.webplatform.org" "Connection: close";
    .expected_response = 200;
    .interval = 15000ms;
    .timeout = 5000ms;
    .window = 5;
    .threshold = 3;
    .initial = 3;
  }
}

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

backend F_salt {
  .host = "203.0.113.10";
  .port = "80";
  .connect_timeout = 1000ms;
  .first_byte_timeout = 15000ms;
  .between_bytes_timeout = 10000ms;
  .max_connections = 200;
}

director app random {
  .quorum = 1%;
  .retries = 3;
  { .backend = F_app1; .weight = 100; }
  { .backend = F_app2; .weight = 100; }
  { .backend = F_app3; .weight = 100; }
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
