sub private_recv {
  declare local var.secret_bucket_zq STRING;
  set req.http.Authorization = "AWS AKIA-SECRET-ZQ";
}
sub private_miss {
}
sub private_pass {
}
sub private_sign_helper_zq {
  set req.http.X-Sig = "SIG-ZQ";
}
