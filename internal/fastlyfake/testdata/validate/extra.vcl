sub extra_recv {
  set req.http.X-Extra = "1";
}
