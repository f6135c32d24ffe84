package compiler

import (
	"html"
	"sort"
	"strings"
)

// MaintenancePage is the page vcl_error serves when the origin and the
// maintenance backend both failed. It is self-contained: nothing it needs can
// be down when it is shown.
func MaintenancePage(statusURL string) string {
	return strings.ReplaceAll(maintenanceHTML, "{{status}}", html.EscapeString(statusURL))
}

const maintenanceHTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Maintenance in progress - WebPlatform.org</title>
<style>body{font:1.1em/1.5 sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#222}h1{font-size:1.6em}a{color:#0645ad}</style>
</head>
<body>
<main>
<h1>Maintenance in progress</h1>
<p>This part of WebPlatform.org is being worked on and cannot answer right now. Please try again in a few minutes.</p>
<p>The <a href="{{status}}">status page</a> says what is going on.</p>
</main>
</body>
</html>
`

func sortStrings(s []string) { sort.Strings(s) }
