package fastlyapi

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
)

// fixtureBody is the first answer of a go-fastly v9.14.0 fixture (a go-vcr
// recording of Fastly's API).
func fixtureBody(t *testing.T, name string) []byte {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/fastly/go-fastly/v9").Output()
	if err != nil {
		t.Skipf("go list go-fastly: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "fastly", "fixtures", name))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Interactions []struct {
			Response struct {
				Body string `yaml:"body"`
			} `yaml:"response"`
		} `yaml:"interactions"`
	}
	if err := yaml.Unmarshal(data, &c); err != nil || len(c.Interactions) == 0 {
		t.Fatalf("%s: %v", name, err)
	}
	return []byte(c.Interactions[0].Response.Body)
}

// TestDecodeLoggingFixtures decodes the list answers Fastly gave in
// go-fastly's recordings: numbers as strings ("1234", "1"), credentials
// into Secrets and not into the endpoints (the S3 recording lists four).
func TestDecodeLoggingFixtures(t *testing.T) {
	var l fastlyplan.Logging
	for kind, file := range map[desired.Kind]string{desired.KindSyslog: "syslogs/list.yaml", desired.KindHTTPS: "https/list.yaml", desired.KindS3: "s3s/list.yaml"} {
		if err := DecodeLogging(&l, kind, fixtureBody(t, file)); err != nil {
			t.Fatal(err)
		}
	}
	if len(l.Syslogs) != 1 || len(l.HTTPS) != 1 || len(l.S3s) != 4 || len(l.Read) != 3 {
		t.Fatalf("decoded %d syslog, %d https, %d s3 endpoints, read %v", len(l.Syslogs), len(l.HTTPS), len(l.S3s), l.Read)
	}
	s, h, s3 := l.Syslogs[0], l.HTTPS[0], l.S3s[0]
	checks := []struct {
		what      string
		got, want any
	}{
		{"syslog name", s.Name, "test-syslog"},
		{"syslog port", s.Port, 1234},
		{"syslog use_tls", s.UseTLS, true},
		{"syslog format_version", s.FormatVersion, 2},
		{"syslog placement", s.Placement, "waf_debug"},
		{"syslog token", l.Secrets[fastlyplan.SecretRef{Kind: desired.KindSyslog, Name: "test-syslog", Field: "token"}], "abcd1234"},
		{"syslog tls_client_key", strings.HasPrefix(l.Secrets[fastlyplan.SecretRef{Kind: desired.KindSyslog, Name: "test-syslog", Field: "tls_client_key"}], "-----BEGIN PRIVATE KEY-----"), true},
		{"https method", h.Method, "PUT"},
		{"https request_max_bytes", h.RequestMaxBytes, 1000},
		{"https header_value", l.Secrets[fastlyplan.SecretRef{Kind: desired.KindHTTPS, Name: "test-https", Field: "header_value"}], "ExampleValue"},
		{"s3 bucket", s3.BucketName, "bucket-name"},
		{"s3 timestamp_format", s3.TimestampFormat, "%Y"},
		{"secrets kept out of the objects", s.Token == nil && s.TLSClientKey == nil && h.HeaderValue == nil && s3.AccessKey == nil, true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
	if err := DecodeLogging(&l, "logging_ftp", []byte("[]")); err == nil || !slices.Contains(l.Read, desired.KindS3) {
		t.Errorf("an unknown kind decoded: %v", err)
	}
}
