package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"
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
