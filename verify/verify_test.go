package verify

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/internal/testtool"
)

// loadFiles reads testdata/dir/*.vcl into Files keyed by name without .vcl.
func loadFiles(t *testing.T, dir string) Files {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", dir, "*.vcl"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no VCL in testdata/%s: %v", dir, err)
	}
	files := Files{}
	for _, p := range paths {
		files[strings.TrimSuffix(filepath.Base(p), ".vcl")] = testtool.ReadFile(t, p)
	}
	return files
}

// want describes an expected finding; an empty Rule or Message matches any,
// Message matches as a substring.
type want struct {
	File     string
	Line     int
	Severity string
	Rule     string
	Message  string
}

func (w want) matches(f Finding) bool {
	return w.File == f.File && w.Line == f.Line && w.Severity == f.Severity &&
		(w.Rule == "" || w.Rule == f.Rule) &&
		strings.Contains(f.Message, w.Message)
}

func bySeverity(fs []Finding, sev ...string) []Finding {
	return slices.DeleteFunc(slices.Clone(fs), func(f Finding) bool { return !slices.Contains(sev, f.Severity) })
}

func TestLint(t *testing.T) {
	tests := []struct {
		dir string
		// want lists every error and warning expected, in sorted order.
		want []want
	}{
		{
			// Backends, a director and a table declared in local and used
			// in main; #FASTLY macros everywhere. error 801 and 802 only
			// draw info findings.
			dir:  "clean",
			want: nil,
		},
		{
			dir: "undeclared_backend",
			want: []want{
				{File: "main", Line: 14, Severity: SeverityError, Rule: "operator/assignment", Message: "req.backend requires type REQBACKEND"},
				{File: "main", Line: 14, Severity: SeverityError, Rule: "", Message: `Undefined variable "F_x"`},
			},
		},
		{
			dir: "syntax_error_include",
			want: []want{
				{File: "private", Line: 3, Severity: SeverityError, Rule: RuleParse, Message: "Missing semicolon"},
			},
		},
		{
			dir: "unknown_variable",
			want: []want{
				{File: "main", Line: 78, Severity: SeverityError, Rule: "operator/assignment", Message: "requires type STRING but NULL"},
				{File: "main", Line: 78, Severity: SeverityError, Rule: "", Message: `Undefined variable "req.bogus"`},
			},
		},
		{
			dir: "missing_include",
			want: []want{
				{File: "main", Line: 2, Severity: SeverityError, Rule: "include/module-load-failed", Message: "nothere.vcl"},
			},
		},
		{
			// falco does not detect include cycles and would overflow the
			// stack; Lint bounds how often a file is included.
			dir: "include_cycle",
			want: []want{
				{File: "private", Line: 2, Severity: SeverityError, Rule: "include/module-load-failed", Message: "Include cycle: main.vcl"},
				{File: "private", Line: 4, Severity: SeverityError, Rule: "subroutine/duplicated", Message: `"private_recv"`},
			},
		},
		{
			// A vcl_* subroutine without its #FASTLY macro is a warning.
			dir: "missing_macro",
			want: []want{
				{File: "main", Line: 76, Severity: SeverityWarning, Rule: "subroutine/boilerplate-macro", Message: `"#FASTLY DELIVER"`},
			},
		},
		{
			// "#FASTLY recv" and "#FASTLY HASH" count; so does a macro
			// after the last statement or in an empty body. "# FASTLY miss"
			// (space after #) and a macro nested in an if do not.
			dir: "macro_variants",
			want: []want{
				{File: "main", Line: 12, Severity: SeverityWarning, Rule: "subroutine/boilerplate-macro", Message: `"vcl_miss"`},
				{File: "main", Line: 26, Severity: SeverityWarning, Rule: "subroutine/boilerplate-macro", Message: `"vcl_deliver"`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			got, err := Lint(loadFiles(t, tt.dir), "local")
			if err != nil {
				t.Fatalf("Lint: %v", err)
			}
			got = bySeverity(got, SeverityError, SeverityWarning)
			ok := len(got) == len(tt.want)
			for i := 0; ok && i < len(got); i++ {
				ok = tt.want[i].matches(got[i])
			}
			if !ok {
				t.Errorf("Lint findings:\n%s\nwant:\n%+v", join(got), tt.want)
			}
		})
	}
}

func join(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.String() + "\n")
	}
	return b.String()
}

func TestLintInfoOnFastlyErrorCodes(t *testing.T) {
	got, err := Lint(loadFiles(t, "clean"), "local")
	if err != nil {
		t.Fatal(err)
	}
	want := []Finding{
		{File: "main", Line: 6, Col: 11, Severity: SeverityInfo, Rule: "error-statement/code",
			Message:   "Error code 801: use a code between 600-699 instead",
			Reference: "https://developer.fastly.com/reference/vcl/statements/error/#best-practices-for-using-status-codes-for-errors"},
		{File: "main", Line: 9, Col: 11, Severity: SeverityInfo, Rule: "error-statement/code",
			Message:   "Error code 802: use a code between 600-699 instead",
			Reference: "https://developer.fastly.com/reference/vcl/statements/error/#best-practices-for-using-status-codes-for-errors"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Lint(clean) =\n%s\nwant\n%s", join(got), join(want))
	}
}

func TestLintParseErrorInEntry(t *testing.T) {
	files := Files{"local": "backend F_a {\n  .host = \"a\"\n}\n"}
	got, err := Lint(files, "local")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].File != "local" || got[0].Line != 2 || got[0].Severity != SeverityError || got[0].Rule != RuleParse {
		t.Errorf("Lint = %s, want one parse error at local:2", join(got))
	}
}

func TestLintIncludeWithExtension(t *testing.T) {
	files := Files{
		"local": "include \"main.vcl\";\n",
		"main":  "sub vcl_recv {\n#FASTLY recv\n  return(lookup);\n}\n",
	}
	got, err := Lint(files, "local")
	if err != nil || len(got) != 0 {
		t.Errorf("Lint = %s, %v; want no findings", join(got), err)
	}
}

func TestLintMissingEntry(t *testing.T) {
	if _, err := Lint(Files{"main": ""}, "local"); err == nil {
		t.Error("Lint with a missing entry: want error")
	}
}

func TestLintDeterministic(t *testing.T) {
	files := loadFiles(t, "undeclared_backend")
	first, _ := Lint(files, "local")
	for range 5 {
		again, _ := Lint(files, "local")
		if !slices.Equal(first, again) {
			t.Fatalf("Lint is not deterministic:\n%s\nthen\n%s", join(first), join(again))
		}
	}
}

func TestFormatFinding(t *testing.T) {
	src := "sub vcl_recv {\n\tset req.backend = F_x;\n}\n"
	tests := []struct {
		f    Finding
		want string
	}{
		{
			Finding{File: "main", Line: 2, Col: 20, Severity: SeverityError, Message: `Undefined variable "F_x"`},
			"main:2:20: error: Undefined variable \"F_x\"\n\tset req.backend = F_x;\n\t                  ^",
		},
		{
			Finding{File: "main", Line: 1, Col: 1, Severity: SeverityWarning, Rule: "subroutine/boilerplate-macro", Message: "missing macro"},
			"main:1:1: warning: missing macro (subroutine/boilerplate-macro)\nsub vcl_recv {\n^",
		},
		{
			Finding{File: "local", Severity: SeverityWarning, Rule: "unused/declaration", Message: "unused"},
			"local: warning: unused (unused/declaration)",
		},
		{
			Finding{File: "main", Line: 99, Col: 1, Severity: SeverityError, Message: "past end"},
			"main:99:1: error: past end",
		},
	}
	for _, tt := range tests {
		if got := FormatFinding(tt.f, src); got != tt.want {
			t.Errorf("FormatFinding(%v) =\n%s\nwant\n%s", tt.f, got, tt.want)
		}
	}
}

func TestFormatFindingOfLint(t *testing.T) {
	files := loadFiles(t, "undeclared_backend")
	got, err := Lint(files, "local")
	if err != nil {
		t.Fatal(err)
	}
	errs := bySeverity(got, SeverityError)
	if len(errs) == 0 {
		t.Fatal("no errors")
	}
	out := FormatFinding(errs[len(errs)-1], files[errs[len(errs)-1].File])
	want := "main:14:23: error: Undefined variable \"F_x\"\n    set req.backend = F_x;\n                      ^"
	if out != want {
		t.Errorf("FormatFinding =\n%s\nwant\n%s", out, want)
	}
}

func TestLintRecoversFromFalcoPanic(t *testing.T) {
	got, err := Lint(loadFiles(t, "falco_panic"), "local")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].File != "local" || got[0].Severity != SeverityError ||
		got[0].Rule != RuleInternal || !strings.Contains(got[0].Message, "nil pointer") {
		t.Errorf("Lint = %s, want one internal error naming local", join(got))
	}
}
