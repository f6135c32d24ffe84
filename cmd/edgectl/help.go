package main

import (
	"embed"
	"strings"
	"text/template"

	"github.com/spf13/cobra"

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

// newCommand is a command whose long help and examples are help/<name>.txt
// (with its names filled in): every command that has a help file is made
// here, so that its long help and its examples come from the same file.
func newCommand(name, use, short string) *cobra.Command {
	long, examples, _ := strings.Cut(helpFile(name), examplesMark)
	return &cobra.Command{Use: use, Short: short, Long: long, Example: examples}
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
