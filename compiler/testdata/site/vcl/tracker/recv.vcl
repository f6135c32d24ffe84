# The visitor's country, for the tracker.
# (line 3 is the one TestSourceMap follows)
set req.http.X-Geo-Country = client.geo.country_code;
