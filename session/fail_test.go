package session

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/redact"
)

// failSession is a session with no client: Fail and Failures only print.
func failSession() (*Session, *bytes.Buffer) {
	var stderr bytes.Buffer
	red := redact.NewRedactor()
	red.AddPrivate("secret", "if (req.http.X-Private-Token == \"s3cr3t-include\") { }")
	return &Session{Redactor: red, Stderr: red.Writer(&stderr)}, &stderr
}

func TestFail(t *testing.T) {
	var defErr diag.List
	defErr.Errorf(diag.Pos{File: "services/www.yaml", Line: 3, Col: 5}, "fix it", "bad key")
	tests := []struct {
		name       string
		err        error
		wantErr    error
		wantStderr string
	}{
		{"nil", nil, nil, ""},
		{"already reported", fmt.Errorf("x: %w", diag.ErrReported), diag.ErrReported, ""},
		{"definition", &DefinitionError{Diags: defErr}, diag.ErrReported, "services/www.yaml:3:5: error: bad key"},
		{"other", errors.New("fastly said: boom"), diag.ErrReported, "edgectl: fastly said: boom\n"},
		{"quoting the private include", errors.New(`fastly said: if (req.http.X-Private-Token == "s3cr3t-include") { }`), diag.ErrReported, "edgectl: (a message about the private include, hidden)\n"},
	}
	for _, tt := range tests {
		s, stderr := failSession()
		err := s.Fail(tt.err)
		if (tt.wantErr == nil) != (err == nil) || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.wantErr)
		}
		if strings.Contains(stderr.String(), "s3cr3t") {
			t.Errorf("%s: the private include is printed: %q", tt.name, stderr.String())
		}
		if !strings.HasPrefix(stderr.String(), tt.wantStderr) || (tt.wantStderr == "" && stderr.Len() > 0) {
			t.Errorf("%s: stderr %q, want it to start with %q", tt.name, stderr.String(), tt.wantStderr)
		}
	}
}

func TestFailures(t *testing.T) {
	s, stderr := failSession()
	if err := s.Failures(nil); err != nil || stderr.Len() > 0 {
		t.Errorf("no failures: %v, stderr %q", err, stderr.String())
	}
	err := s.Failures([]error{errors.New("www: 503"), errors.New("docs: timeout")})
	if !errors.Is(err, diag.ErrReported) || stderr.String() != "edgectl: www: 503\nedgectl: docs: timeout\n" {
		t.Errorf("two failures: %v, stderr %q", err, stderr.String())
	}
}
