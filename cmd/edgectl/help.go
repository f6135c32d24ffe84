package main

import (
	"embed"
	"strings"
	"text/template"

	"github.com/webplatform/edgectl/compiler"
	"github.com/webplatform/edgectl/errorpage"
	"github.com/webplatform/edgectl/fleet"
)

// helpFiles are the commands' help texts, one prose file per command: the
// long help, then, after a line "--- examples ---", the examples. They
// are kept out of the Go code that wires the command.
//
//go:embed help/*.txt
var helpFiles embed.FS

// examplesMark separates a help file's long help from its examples.
const examplesMark = "\n--- examples ---\n"

// helpNames are the names a help text may quote, from the packages that
// own them, so that the help cannot drift from the code.
var helpNames = struct{ FleetFile, OriginDir, MonitServices, SettingsTable string }{
	fleet.FileName, errorpage.OriginDir, strings.Join(fleet.MonitServices(), ", "), compiler.SettingsTable,
}

// help is the long help of a command: help/<name>.txt with its names
// filled in, up to its examples.
func help(name string) string {
	long, _, _ := strings.Cut(helpFile(name), examplesMark)
	return long
}

// examples is the examples part of help/<name>.txt.
func examples(name string) string {
	_, ex, _ := strings.Cut(helpFile(name), examplesMark)
	return ex
}

// helpFile is help/<name>.txt with its names filled in, without its final
// newline. A missing file or an unknown name is a bug of this package,
// caught by any test that builds the command tree.
func helpFile(name string) string {
	t := template.Must(template.New(name).Option("missingkey=error").ParseFS(helpFiles, "help/"+name+".txt"))
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, name+".txt", helpNames); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}
