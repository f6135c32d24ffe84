# Declarations Fastly would generate for the service, then the main VCL.
backend F_app1 {
  .host = "app1.example.com";
  .port = "443";
  .ssl = true;
  .ssl_cert_hostname = "app1.example.com";
  .ssl_sni_hostname = "app1.example.com";
}

table redirects {
  "/old": "/new",
}

include "main";
