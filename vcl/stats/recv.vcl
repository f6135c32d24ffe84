# GeoIP for Piwik: it reads the visitor's location from these headers
# instead of running its own GeoIP database.
set req.http.X-Geo-Country = client.geo.country_code;
set req.http.X-Geo-Region = client.geo.region;
set req.http.X-Geo-City = client.geo.city;
set req.http.X-Geo-Latitude = client.geo.latitude;
set req.http.X-Geo-Longitude = client.geo.longitude;
