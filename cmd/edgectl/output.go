package main

// How the commands print (--output text|json, --color and --quiet: package
// cli). Each command that reports writes one JSON document on stdout:
// a report of the package that fills it (the sync commands' are
// session.PublishReport, RollbackReport, MaintenanceReport and
// MaintenanceStatus; diff's is fastlyplan.JSON's); the README lists them.
// Fields are only ever added, never renamed or removed, so that scripts
// keep working. Problems still go to stderr as text (and, for build and
// lint, into the document).

// quietMode is --quiet for the whole run: printDiags then prints errors only.
var quietMode bool
