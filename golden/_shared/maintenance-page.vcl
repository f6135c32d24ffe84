sub edgectl_maintenance_page_error {
  set obj.http.Retry-After = "300";
  synthetic {"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Maintenance in progress · WebPlatform.org</title>
<link rel="icon" href="data:,">
<style>
:root{color-scheme:light dark}
*{box-sizing:border-box}
body{margin:0;font:1.0625rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1d1d1f;background:#f5f5f7}
main{max-width:40rem;margin:0 auto;padding:2.5rem 1.25rem 3rem}
.brand{font-weight:700;letter-spacing:.02em;color:#8a1c1c;margin:0 0 1.5rem}
.status{display:inline-block;font:600 .875rem/1 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#fff;background:#8a1c1c;border-radius:.25rem;padding:.35rem .5rem;margin:0 0 1rem}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}
a{color:#0b57d0}
a:focus{outline:3px solid #f5b400;outline-offset:2px}
.next{background:#fff;border-left:.25rem solid #8a1c1c;padding:.75rem 1rem;margin:1.5rem 0}
.tech{font:.8125rem/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#4a4a4f;border-top:1px solid #d2d2d7;padding-top:1rem;margin-top:2rem;overflow-wrap:anywhere}
@media (prefers-color-scheme:dark){body{color:#f5f5f7;background:#1d1d1f}.next{background:#2c2c2e}.tech{color:#c7c7cc;border-color:#48484a}a{color:#8ab4f8}.brand{color:#ff8a80}.status{background:#b3261e}}
@media (max-width:30rem){h1{font-size:1.4rem}main{padding-top:1.5rem}}
</style>
</head>
<body>
<main>
<p class="brand">WebPlatform.org</p>
<p class="status">Error 503</p>
<h1>Maintenance in progress</h1>
<p>This part of WebPlatform.org is being worked on and cannot answer right now. Nothing is wrong with your browser or your connection.</p>
<p><strong>Retrying helps</strong> when the work is done: please come back in a few minutes.</p>

<p class="next">Check the <a href=""} edgectl_status_page_url() {"">WebPlatform.org status page</a> for news about this problem.</p>
<p class="tech">For operators: maintenance page “maintenance”, status 503, request "} req.xid {", POP "} server.datacenter {".</p>
</main>
</body>
</html>
"};
}
