backend F_app1 {
  .host = "app1.example.com";
  .port = "443";
  .ssl = true;
  .ssl_cert_hostname = "app1.example.com";
  .ssl_sni_hostname = "app1.example.com";
  .connect_timeout = 1s;
  .first_byte_timeout = 15s;
  .between_bytes_timeout = 10s;
  .probe = {
    .request = "HEAD / HTTP/1.1" "Host: app1.example.com" "Connection: close";
    .expected_response = 200;
    .interval = 60s;
    .timeout = 5s;
    .window = 5;
    .threshold = 3;
    .initial = 4;
  }
}

backend F_app2 {
  .host = "app2.example.com";
  .port = "443";
  .ssl = true;
}

director app_pool random {
  .quorum = 50%;
  { .backend = F_app1; .weight = 1; }
  { .backend = F_app2; .weight = 1; }
}

table redirects {
  "/old": "/new",
}

include "main";
