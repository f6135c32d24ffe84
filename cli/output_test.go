package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/webplatform/edgectl/diag"
)

func TestExitStatus(t *testing.T) {
	tests := []struct {
		err        error
		want       int
		wantStderr string
	}{
		{nil, 0, ""},
		{Exit(2), 2, ""},
		{fmt.Errorf("wrapped: %w", &ExitError{3}), 3, ""},
		{diag.ErrReported, 1, ""},
		{fmt.Errorf("fleet: %w", diag.ErrReported), 1, ""},
		{errors.New("boom\x1b[31m"), 1, "edgectl: boom\\x1b[31m\n"},
	}
	for _, tt := range tests {
		var stderr strings.Builder
		if got := ExitStatus(tt.err, &stderr); got != tt.want || stderr.String() != tt.wantStderr {
			t.Errorf("ExitStatus(%v) = %d, stderr %q; want %d, %q", tt.err, got, stderr.String(), tt.want, tt.wantStderr)
		}
	}
	if Exit(0) != nil {
		t.Error("Exit(0) is not nil")
	}
}

func TestOutputCheck(t *testing.T) {
	for format, wantErr := range map[string]bool{"text": false, "json": false, "yaml": true, "": true} {
		o := Output{Format: format}
		if err := o.Check(); (err != nil) != wantErr {
			t.Errorf("--output %q: error %v, want error %v", format, err, wantErr)
		}
	}
}

func TestOutputFlagsApply(t *testing.T) {
	tests := []struct {
		color   string
		quiet   bool
		wantErr string
		discard bool
	}{
		{"auto", false, "", false},
		{"never", true, "", true},
		{"blue", false, `unknown --color "blue": write auto, always or never`, false},
	}
	for _, tt := range tests {
		root := &cobra.Command{Use: "x"}
		var out strings.Builder
		root.SetOut(&out)
		o := OutputFlags{Color: tt.color, Quiet: tt.quiet}
		err := o.Apply(root)
		if (err == nil) != (tt.wantErr == "") || (err != nil && err.Error() != tt.wantErr) {
			t.Errorf("%+v: error %v, want %q", tt, err, tt.wantErr)
		}
		if discarded := root.OutOrStdout() == io.Discard; discarded != tt.discard {
			t.Errorf("%+v: stdout discarded %v, want %v", tt, discarded, tt.discard)
		}
	}
}

// textReport is a report that writes itself as a fixed line.
type textReport struct{}

func (textReport) WriteText(w io.Writer) error { _, err := io.WriteString(w, "text <\n"); return err }

func TestReport(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		json    bool
		err     error
		want    string
		wantErr error
	}{
		{false, nil, "text <\n", nil},
		{true, nil, "{\n  \"a\": \"<\"\n}\n", nil},
		{true, boom, "", boom},
	}
	for _, tt := range tests {
		var out strings.Builder
		err := Report(&out, tt.json, map[string]string{"a": "<"}, textReport{}, tt.err)
		if out.String() != tt.want || err != tt.wantErr {
			t.Errorf("json %v, err %v: wrote %q, returned %v; want %q, %v", tt.json, tt.err, out.String(), err, tt.want, tt.wantErr)
		}
	}
}

func TestBoolWithOldName(t *testing.T) {
	for _, args := range [][]string{{"--new"}, {"--old"}, {}} {
		var p, ran bool
		cmd := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { ran = true; return nil }}
		BoolWithOldName(cmd, &p, "new", "the flag", "old", "use --new")
		var stderr strings.Builder
		cmd.SetErr(&stderr)
		cmd.SetArgs(args)
		if err := cmd.Execute(); err != nil || !ran {
			t.Fatalf("%v: error %v, ran %v", args, err, ran)
		}
		wantWarning := ""
		if len(args) == 1 && args[0] == "--old" {
			wantWarning = "edgectl: --old is deprecated: use --new\n"
		}
		if p != (len(args) == 1) || stderr.String() != wantWarning {
			t.Errorf("%v: value %v, stderr %q; want %v, %q", args, p, stderr.String(), len(args) == 1, wantWarning)
		}
		if f := cmd.Flags().Lookup("old"); f == nil || !f.Hidden {
			t.Errorf("--old is not a hidden flag")
		}
	}
}
