
backend F_web_1 {
  .host = "192.0.2.1";
  .port = "443";
  .host_header = "www.example.org";
  .always_use_host_header = true;
  .connect_timeout = 1000ms;
  .first_byte_timeout = 15000ms;
  .between_bytes_timeout = 10000ms;
  .max_connections = 200;
  .ssl = true;
  .ssl_cert_hostname = "www.example.org";
  .ssl_sni_hostname = "www.example.org";
  .probe = {
    .request = "HEAD /health HTTP/1.1" "Host: www.example.org" "Connection: close";
    .expected_response = 200;
    .interval = 15000ms;
    .timeout = 5000ms;
    .window = 5;
    .threshold = 3;
    .initial = 3;
  }
}

backend F_web_2 {
  .host = "192.0.2.2";
  .port = "80";
  .connect_timeout = 2000ms;
  .first_byte_timeout = 30000ms;
  .between_bytes_timeout = 5000ms;
  .max_connections = 50;
}

director pool random {
  .quorum = 50%;
  .retries = 2;
  { .backend = F_web_1; .weight = 100; }
  { .backend = F_web_2; .weight = 1; }
}

director sticky hash {
  .quorum = 1%;
  { .backend = F_web_1; .weight = 100; }
}

table settings STRING {
  "a": "say %22hi%22 100%25",
  "z": "last",
}
