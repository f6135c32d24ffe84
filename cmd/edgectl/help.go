package main

import (
	"embed"
	"strings"
	"text/template"

	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/fleet"
)

// helpFiles are the long help texts of the commands, one prose file per
// command, kept out of the Go code that wires the command.
//
//go:embed help/*.txt
var helpFiles embed.FS

// helpNames are the names a help text may quote, from the packages that
// own them, so that the help cannot drift from the code.
var helpNames = struct{ FleetFile, OriginDir, MonitServices string }{
	fleet.FileName, errorpage.OriginDir, strings.Join(fleet.MonitServices(), ", "),
}

// help is the long help of a command: help/<name>.txt with its names
// filled in. A missing file or an unknown name is a bug of this package,
// caught by any test that builds the command tree.
func help(name string) string {
	t := template.Must(template.New(name).Option("missingkey=error").ParseFS(helpFiles, "help/"+name+".txt"))
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, name+".txt", helpNames); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
