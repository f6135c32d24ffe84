package usertest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sample is a report of one unit with a passing and a failing test.
var sample = &Report{Units: []UnitReport{{Service: "www", Level: "production", Tests: []Test{
	{File: "vcl/tls.test.vcl", Line: 7, Name: "plain HTTP", Scope: "RECV", Passed: true},
	{File: "vcl/www/www.test.vcl", Line: 12, Suite: "cookies", Name: "stripped", Scope: "FETCH",
		Message: "vcl/www/www.test.vcl:15:3: Assertion Error: value should be unset\n\tassert.is_notset(beresp.http.Set-Cookie);"},
}}}}

func present(t *testing.T, p Presentation) (stdout, stderr string, err error) {
	t.Helper()
	var out, errs bytes.Buffer
	p.Stdout, p.Stderr = &out, &errs
	err = Present(sample, p)
	return out.String(), errs.String(), err
}

func TestPresentText(t *testing.T) {
	stdout, stderr, err := present(t, Presentation{})
	if !errors.Is(err, ErrFailed) {
		t.Errorf("err = %v, want ErrFailed", err)
	}
	if want := "www/production: 1 passed, 1 failed\n1 passed, 1 failed\n"; stdout != want {
		t.Errorf("stdout = %q, want %q", stdout, want)
	}
	wantErr := "vcl/www/www.test.vcl:12: FAIL www/production [FETCH] cookies › stripped\n" +
		"    vcl/www/www.test.vcl:15:3: Assertion Error: value should be unset\n" +
		"    assert.is_notset(beresp.http.Set-Cookie);\n"
	if stderr != wantErr {
		t.Errorf("stderr = %q, want %q", stderr, wantErr)
	}
	if stdout, _, _ := present(t, Presentation{Quiet: true}); stdout != "" {
		t.Errorf("quiet stdout = %q, want nothing", stdout)
	}
}

func TestPresentJSON(t *testing.T) {
	stdout, _, err := present(t, Presentation{JSON: true})
	if !errors.Is(err, ErrFailed) {
		t.Errorf("err = %v, want ErrFailed", err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("%v in %s", err, stdout)
	}
	for k, v := range map[string]any{"ok": false, "passed": 1.0, "failed": 1.0} {
		if doc[k] != v {
			t.Errorf("%s = %v, want %v", k, doc[k], v)
		}
	}
	units := doc["units"].([]any)
	if len(units) != 1 {
		t.Fatalf("units = %v", units)
	}
	u := units[0].(map[string]any)
	if u["service"] != "www" || u["level"] != "production" {
		t.Errorf("unit = %v", u)
	}
	tests := u["tests"].([]any)
	want := []map[string]any{
		{"file": "vcl/tls.test.vcl", "line": 7.0, "suite": "", "name": "plain HTTP", "scope": "RECV", "passed": true, "message": ""},
		{"file": "vcl/www/www.test.vcl", "line": 12.0, "suite": "cookies", "name": "stripped", "scope": "FETCH", "passed": false,
			"message": "vcl/www/www.test.vcl:15:3: Assertion Error: value should be unset\n\tassert.is_notset(beresp.http.Set-Cookie);"},
	}
	for i, w := range want {
		got := tests[i].(map[string]any)
		if len(got) != len(w) {
			t.Errorf("test %d has fields %v, want %v", i, got, w)
		}
		for k, v := range w {
			if got[k] != v {
				t.Errorf("test %d: %s = %#v, want %#v", i, k, got[k], v)
			}
		}
	}
}

func TestPresentJUnit(t *testing.T) {
	file := filepath.Join(t.TempDir(), "junit.xml")
	if _, _, err := present(t, Presentation{JUnit: file}); !errors.Is(err, ErrFailed) {
		t.Errorf("err = %v, want ErrFailed", err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("no XML header: %s", data)
	}
	// Decoded with its own structs, not the writer's.
	var doc struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				ClassName string `xml:"classname,attr"`
				Name      string `xml:"name,attr"`
				File      string `xml:"file,attr"`
				Line      int    `xml:"line,attr"`
				Failure   *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Name != "edgectl test" || doc.Tests != 2 || doc.Failures != 1 || len(doc.Suites) != 1 {
		t.Fatalf("testsuites = %+v", doc)
	}
	s := doc.Suites[0]
	if s.Name != "www/production" || s.Tests != 2 || s.Failures != 1 || len(s.Cases) != 2 {
		t.Fatalf("testsuite = %+v", s)
	}
	pass, fail := s.Cases[0], s.Cases[1]
	if pass.ClassName != "www/production/vcl/tls.test.vcl" || pass.Name != "[RECV] plain HTTP" || pass.File != "vcl/tls.test.vcl" || pass.Line != 7 || pass.Failure != nil {
		t.Errorf("passing testcase = %+v", pass)
	}
	if fail.ClassName != "www/production/vcl/www/www.test.vcl" || fail.Name != "[FETCH] cookies › stripped" || fail.File != "vcl/www/www.test.vcl" || fail.Line != 12 || fail.Failure == nil {
		t.Fatalf("failing testcase = %+v", fail)
	}
	if fail.Failure.Message != "vcl/www/www.test.vcl:15:3: Assertion Error: value should be unset" {
		t.Errorf("failure message = %q", fail.Failure.Message)
	}
	if !strings.HasPrefix(fail.Failure.Text, "vcl/www/www.test.vcl:12: vcl/www/www.test.vcl:15:3: Assertion Error") || !strings.Contains(fail.Failure.Text, "assert.is_notset(beresp.http.Set-Cookie);") {
		t.Errorf("failure text = %q", fail.Failure.Text)
	}
}

func TestPresentPassingAndEmpty(t *testing.T) {
	var out bytes.Buffer
	if err := Present(&Report{Units: []UnitReport{{Service: "docs", Level: "staging", Tests: []Test{}}}}, Presentation{Stdout: &out, Stderr: &out}); err != nil {
		t.Errorf("Present with no test: %v", err)
	}
	if !strings.Contains(out.String(), "no test ran: add falco test files as vcl/*.test.vcl") {
		t.Errorf("output %q does not say no test ran", out.String())
	}
}

// TestPresentJSONUnescaped: the JSON report is written like every other
// edgectl document (package jsonout): a falco message quoting VCL such as
// `resp.status >= 500 && req.http.X <> ""` stays readable instead of
// turning into \u003e and \u0026.
func TestPresentJSONUnescaped(t *testing.T) {
	var out bytes.Buffer
	rep := &Report{Units: []UnitReport{{Service: "www", Level: "production", Tests: []Test{
		{File: "vcl/www/www.test.vcl", Line: 3, Name: "<status>", Scope: "DELIVER",
			Message: `assert.true(resp.status >= 500 && resp.http.Location ~ "<&>");`},
	}}}}
	_ = Present(rep, Presentation{JSON: true, Stdout: &out, Stderr: &bytes.Buffer{}})
	for _, want := range []string{`"name": "<status>"`, `resp.status >= 500 && resp.http.Location ~ \"<&>\"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("JSON report lacks %s:\n%s", want, out.String())
		}
	}
}
