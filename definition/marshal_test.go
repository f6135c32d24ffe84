package definition

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/webplatform/edgectl/definition/yamldec"
)

// TestWrittenDefinitionReadsBack: the types edgectl import writes marshal
// to what a person would write (required fields, then only what is set;
// durations and ACL entries in the definition's syntax), and decode back
// strictly to the same values.
func TestWrittenDefinitionReadsBack(t *testing.T) {
	priority := 10
	type durations struct {
		Meta yamldec.Meta `yaml:"-"`
		A    Duration     `yaml:"a,omitempty"`
		B    Duration     `yaml:"b,omitempty"`
		C    Duration     `yaml:"c,omitempty"`
		D    Duration     `yaml:"d,omitempty"`
		E    Duration     `yaml:"e,omitempty"`
	}
	for _, tc := range []struct {
		name string
		v    any // a pointer, decoded into a new value of its type
		want string
	}{
		{"durations", &durations{A: Duration(1500 * time.Millisecond), B: Duration(90 * time.Second), C: Duration(90 * time.Minute), D: Duration(36 * time.Hour), E: Duration(14 * 24 * time.Hour)},
			"a: 1500ms\nb: 90s\nc: 90m\nd: 36h\ne: 2w\n"},
		{"healthcheck", &Healthcheck{Path: "/health", Interval: Duration(15 * time.Second), Window: 5},
			"path: /health\ninterval: 15s\nwindow: 5\n"},
		{"acl", &ACL{Name: "office", Entries: []ACLEntry{{IP: "198.51.100.0", Subnet: 24}, {IP: "198.51.100.9", Negated: true}, {IP: "2001:db8::", Subnet: 32}}},
			"name: office\nentries:\n  - 198.51.100.0/24\n  - '!198.51.100.9'\n  - 2001:db8::/32\n"},
		{"fleet acl", &ACL{Name: "fleet", Fleet: true}, "name: fleet\nfleet: true\n"},
		{"logging", &Logging{
			Syslog: []SyslogEndpoint{{Name: "salt", Address: &LogAddress{Role: "salt"}, Port: 49111, Token: &Secret{Private: "salt-token"}}},
			S3:     []S3Endpoint{{Name: "archive", Bucket: "logs", Domain: "objects.example.net", Period: Duration(10 * time.Minute), AccessKey: &Secret{Private: "a"}, SecretKey: &Secret{Private: "s"}}},
		}, `syslog:
  - name: salt
    address:
      role: salt
    port: 49111
    token:
      private: salt-token
s3:
  - name: archive
    bucket: logs
    domain: objects.example.net
    period: 10m
    access_key:
      private: a
    secret_key:
      private: s
`},
		{"fastly objects", &FastlyObjects{
			Conditions: []FastlyCondition{{Name: "api", Type: "REQUEST", Statement: `req.url ~ "^/api/"`, Priority: &priority}},
			Snippets:   []FastlySnippet{{Name: "empty", Type: "recv"}},
		}, `conditions:
  - name: api
    type: REQUEST
    statement: req.url ~ "^/api/"
    priority: 10
snippets:
  - name: empty
    type: recv
    content: ""
`},
		{"backend values", &BackendValues{Port: 8080, HostHeader: "www"}, "port: 8080\nhost_header: www\n"},
		{"logging values", &LoggingValues{Address: &LogAddress{Host: "logs.example.net"}}, "address:\n  host: logs.example.net\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			written := marshal(t, tc.v)
			if written != tc.want {
				t.Errorf("written:\n%s\nwant:\n%s", written, tc.want)
			}
			back := reflect.New(reflect.TypeOf(tc.v).Elem()).Interface()
			if diags := yamldec.Decode("written.yaml", []byte(written), back); len(diags) > 0 {
				t.Fatalf("does not read back: %v", diags)
			}
			if again := marshal(t, back); again != written {
				t.Errorf("read back as:\n%s\nwritten:\n%s", again, written)
			}
		})
	}
}

// marshal writes v as edgectl import does (two-space indent).
func marshal(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
