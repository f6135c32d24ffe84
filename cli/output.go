package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/jsonout"
)

// ExitError carries an exit status through cobra: whatever the command had
// to say is already printed, so edgectl only exits with Code.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit %d", e.Code) }

// Exit is nil for 0, else an ExitError with code.
func Exit(code int) error {
	if code == 0 {
		return nil
	}
	return &ExitError{code}
}

// ExitStatus is the exit status of a command that returned err: 0 for
// nil, an ExitError's code, 1 for a failure already reported
// (diag.ErrReported), else 1 after printing err on stderr, escaped for the
// terminal (it may quote what an API or a file said).
func ExitStatus(err error, stderr io.Writer) int {
	var ee *ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.Code
	case errors.Is(err, diag.ErrReported):
		return 1
	}
	fmt.Fprintln(stderr, "edgectl:", diag.PrintableLines(err.Error()))
	return 1
}

// Output is a command's --output: text for people, json for tools.
type Output struct{ Format string }

// Register adds --output to cmd.
func (o *Output) Register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.Format, "output", "text", "text for people, or json for tools (shapes in the README)")
}

// Check refuses a format other than text and json.
func (o *Output) Check() error {
	if o.Format != "text" && o.Format != "json" {
		return fmt.Errorf("unknown --output %q: write text or json", o.Format)
	}
	return nil
}

// JSON reports whether the command prints JSON.
func (o *Output) JSON() bool { return o.Format == "json" }

// WantColor reports whether output to w is painted: --color always or
// never decide; auto paints a terminal unless NO_COLOR is set or TERM is
// dumb (https://no-color.org: an explicit flag overrides the variable).
func WantColor(cmd *cobra.Command, w io.Writer) bool {
	switch flag := cmd.Flag("color"); {
	case flag != nil && flag.Value.String() == "always":
		return true
	case flag != nil && flag.Value.String() == "never":
		return false
	}
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// Confirm asks question on a terminal and goes on only on "y" or "yes";
// off a terminal (CI, a pipe) it refuses unless --yes was given. Problems
// go to w; a refusal is an ExitError with status 1.
func Confirm(cmd *cobra.Command, w io.Writer, yes bool, question string) error {
	if yes {
		return nil
	}
	in, ok := cmd.InOrStdin().(*os.File)
	if !ok || !term.IsTerminal(int(in.Fd())) {
		fmt.Fprintf(w, "edgectl: not on a terminal: pass --yes to %s without asking\n", question)
		return &ExitError{1}
	}
	fmt.Fprintf(w, "%s? [y/N] ", question)
	line, _ := bufio.NewReader(in).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
		fmt.Fprintln(w, "nothing was done")
		return &ExitError{1}
	}
	return nil
}

// OutputFlags are the flags every command has for how it prints: --color
// and --quiet.
type OutputFlags struct {
	// Color is --color: auto, always or never (read by WantColor).
	Color string
	// Quiet is --quiet: print errors only.
	Quiet bool
}

// Register adds --color and --quiet to root, for every command. --quiet
// discards what a command prints on stdout and its warnings; errors still
// go to stderr and the exit status is unchanged.
func (o *OutputFlags) Register(root *cobra.Command) {
	root.PersistentFlags().StringVar(&o.Color, "color", "auto", "colour the output: auto (on a terminal, unless $NO_COLOR is set), always or never")
	root.PersistentFlags().BoolVarP(&o.Quiet, "quiet", "q", false, "print errors only")
}

// Apply checks --color and, with --quiet, discards what root prints on
// stdout; a command's pre-run calls it.
func (o *OutputFlags) Apply(root *cobra.Command) error {
	if o.Color != "auto" && o.Color != "always" && o.Color != "never" {
		return fmt.Errorf("unknown --color %q: write auto, always or never", o.Color)
	}
	if o.Quiet {
		root.SetOut(io.Discard)
	}
	return nil
}

// Report prints a command's outcome: doc as the JSON document when json,
// else text (a report that writes itself for people); err, when set,
// instead.
func Report(w io.Writer, json bool, doc any, text interface{ WriteText(io.Writer) error }, err error) error {
	switch {
	case err != nil:
		return err
	case json:
		return jsonout.Write(w, doc)
	}
	return text.WriteText(w)
}
