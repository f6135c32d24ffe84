sub private_recv {
  set req.http.Authorization = "AWS PRIVATE-KEY-ID:PRIVATE-SIGNATURE-0123";
}
