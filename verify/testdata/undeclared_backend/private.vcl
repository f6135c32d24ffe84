sub private_recv {
  if (req.http.X-Private) {
    set req.http.X-Private-Seen = "1";
  }
}
