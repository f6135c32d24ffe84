package fastlyfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"
)

// cassette is a go-vcr v1 recording, as go-fastly's fixtures hold them.
type cassette struct {
	Interactions []struct {
		Request struct {
			Body    string              `yaml:"body"`
			Headers map[string][]string `yaml:"headers"`
			URL     string              `yaml:"url"`
			Method  string              `yaml:"method"`
		} `yaml:"request"`
		Response struct {
			Body    string              `yaml:"body"`
			Headers map[string][]string `yaml:"headers"`
			Code    int                 `yaml:"code"`
		} `yaml:"response"`
	} `yaml:"interactions"`
}

// conformancePlan is testdata/conformance.yaml.
type conformancePlan struct {
	Suites  map[string][]string `yaml:"suites"`
	Relaxed map[string]string   `yaml:"relaxed"`
}

// requiredSuites are the fixture directories the issue names.
var requiredSuites = []string{"versions", "vcls", "backends", "health_checks", "domains", "gzips", "settings", "request_settings", "services", "diff",
	// Issue 12.
	"syslogs", "https", "s3s", "acls", "acl_entries", "acl_entries_batch/create", "acl_entries_batch/delete", "acl_entries_batch/update", "vcl_snippets", "headers", "response_objects", "conditions", "cache_settings",
	// Issue 13.
	"purges"}

var fixturesDir = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/fastly/go-fastly/v9").Output()
	if err != nil {
		return "", fmt.Errorf("go list go-fastly: %v", err)
	}
	return filepath.Join(strings.TrimSpace(string(out)), "fastly", "fixtures"), nil
})

func readCassette(t *testing.T, path string) *cassette {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c cassette
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return &c
}

// TestConformance replays go-fastly's recorded Fastly API traffic against
// the sandbox: every answer must have the recorded status and, for JSON,
// the same field names with the same JSON types, recursively. Values
// differ (IDs, timestamps) and are not compared.
func TestConformance(t *testing.T) {
	dir, err := fixturesDir()
	if err != nil {
		t.Fatal(err)
	}
	var plan conformancePlan
	data, err := os.ReadFile("testdata/conformance.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &plan); err != nil {
		t.Fatal(err)
	}
	for _, s := range requiredSuites {
		if _, ok := plan.Suites[s]; !ok {
			t.Errorf("the plan lacks the required suite %s", s)
		}
	}
	used := map[string]bool{}
	for _, suite := range sortedKeys(plan.Suites) {
		t.Run(suite, func(t *testing.T) {
			// Every cassette of the directory is in the plan.
			files, _ := filepath.Glob(filepath.Join(dir, suite, "*.yaml"))
			if len(files) == 0 {
				t.Fatalf("no cassettes in %s", filepath.Join(dir, suite))
			}
			for _, f := range files {
				name := strings.TrimSuffix(filepath.Base(f), ".yaml")
				if !slices.Contains(plan.Suites[suite], name) {
					t.Errorf("cassette %s/%s is not in the plan", suite, name)
				}
			}
			var cs []*cassette
			for _, name := range plan.Suites[suite] {
				cs = append(cs, readCassette(t, filepath.Join(dir, suite, name+".yaml")))
			}
			report := replaySuite(t, suite, plan.Suites[suite], cs, plan.Relaxed, used)
			t.Log("go-fastly fixtures/" + suite + ":\n" + strings.Join(report, "\n"))
		})
	}
	for key := range plan.Relaxed {
		if !used[key] {
			t.Errorf("relaxed entry %s matches no interaction", key)
		}
	}
}

var serviceInURL = regexp.MustCompile(`^/service/([^/?]+)`)

// replaySuite replays a suite's cassettes in order against a fresh sandbox
// and returns one report line per cassette.
func replaySuite(t *testing.T, suite string, names []string, cs []*cassette, relaxed map[string]string, used map[string]bool) []string {
	// The IDs Fastly gave new services and dictionaries, in order, are
	// what the sandbox gives: later URLs name them.
	var ids []string
	for ci, c := range cs {
		for ii, in := range c.Interactions {
			if in.Request.Method == "PATCH" && strings.HasSuffix(in.Request.URL, "/entries") {
				ids = append(ids, batchCreatedIDs(cs, ci, ii)...)
				continue
			}
			if in.Request.Method != "POST" {
				continue
			}
			var m map[string]any
			if json.Unmarshal([]byte(in.Response.Body), &m) == nil {
				if id, ok := m["id"].(string); ok {
					ids = append(ids, id)
				}
			}
		}
	}
	var idMu sync.Mutex
	opts := Options{NewID: func() string {
		idMu.Lock()
		defer idMu.Unlock()
		if len(ids) == 0 {
			return randomID()
		}
		id := ids[0]
		ids = ids[1:]
		return id
	}}

	// The suite's service: created by the suite, or the recording
	// account's test service, seeded with the versions that existed
	// before the suite's first new version.
	var seeds []ServiceSeed
	first := cs[0].Interactions[0].Request
	path := strings.TrimPrefix(first.URL, "https://api.fastly.com")
	if !(first.Method == "POST" && path == "/service") {
		m := serviceInURL.FindStringSubmatch(path)
		if m == nil {
			t.Fatalf("%s: cannot tell the service of %s", suite, path)
		}
		seed := ServiceSeed{ID: m[1], Name: "go-fastly test service"}
		var created struct{ Number int }
		if first.Method == "POST" && strings.HasSuffix(path, "/version") && json.Unmarshal([]byte(cs[0].Interactions[0].Response.Body), &created) == nil && created.Number > 1 {
			seed.Drafts = created.Number - 2
		}
		seeds = append(seeds, seed)
	}
	_, u := NewTest(t, opts, seeds...)

	var report []string
	for ci, c := range cs {
		ok := 0
		var notes []string
		for ii, in := range c.Interactions {
			key := fmt.Sprintf("%s/%s#%d", suite, names[ci], ii+1)
			relax := relaxed[key]
			if relax != "" {
				used[key] = true
			}
			problems := replayOne(t, u, in.Request.Method, strings.TrimPrefix(in.Request.URL, "https://api.fastly.com"), in.Request.Body, in.Request.Headers, in.Response.Code, in.Response.Body, in.Response.Headers, relax)
			if len(problems) == 0 {
				ok++
				if relax != "" {
					notes = append(notes, fmt.Sprintf("#%d relaxed: %s", ii+1, relax))
				}
				continue
			}
			for _, p := range problems {
				t.Errorf("%s %s %s: %s", key, in.Request.Method, in.Request.URL, p)
			}
		}
		line := fmt.Sprintf("%-28s %d/%d interactions conform", names[ci], ok, len(c.Interactions))
		if len(notes) > 0 {
			line += " (" + strings.Join(notes, "; ") + ")"
		}
		report = append(report, line)
	}
	return report
}

// batchCreatedIDs returns the IDs Fastly gave the entries a batch request
// (cassette ci, interaction ii) created, in the order of its operations:
// Fastly answers a batch with {"status": "ok"}, so they are read from the
// next list of the entries, matching each created entry by ip and comment.
func batchCreatedIDs(cs []*cassette, ci, ii int) []string {
	var body struct{ Entries []map[string]any }
	if json.Unmarshal([]byte(cs[ci].Interactions[ii].Request.Body), &body) != nil {
		return nil
	}
	url := cs[ci].Interactions[ii].Request.URL
	var listed []map[string]any
	for c := ci; c < len(cs) && listed == nil; c++ {
		for i, in := range cs[c].Interactions {
			if (c > ci || i > ii) && listed == nil && in.Request.Method == "GET" && strings.HasPrefix(in.Request.URL, url) {
				_ = json.Unmarshal([]byte(in.Response.Body), &listed)
			}
		}
	}
	var ids []string
	for _, op := range body.Entries {
		if op["op"] != "create" {
			continue
		}
		for _, e := range listed {
			if e["ip"] == op["ip"] && e["comment"] == op["comment"] {
				ids = append(ids, fmt.Sprint(e["id"]))
			}
		}
	}
	return ids
}

// replayOne sends one recorded request and compares the answer with the
// recorded one. relax is "" (compare everything), "elements" (compare each
// element of a list with the recorded first one, whatever their numbers),
// "status" (compare the status only), "extra: f g" (fields f and g may
// be in the answer though not recorded) or "types: f g" (fields f and g
// may have another JSON type than recorded).
func replayOne(t *testing.T, u, method, path, body string, reqHeaders map[string][]string, wantCode int, wantBody string, wantHeaders map[string][]string, relax string) []string {
	t.Helper()
	req, err := http.NewRequest(method, u+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Fastly-Key", TestToken)
	// The headers that carry a request's meaning: the body's type, and a
	// batch purge's keys and a soft purge's flag.
	for _, h := range []string{"Content-Type", "Surrogate-Key", "Fastly-Soft-Purge"} {
		if v := reqHeaders[h]; len(v) > 0 {
			req.Header.Set(h, v[0])
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return []string{err.Error()}
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantCode {
		return []string{fmt.Sprintf("status %d, recorded %d (body %s)", resp.StatusCode, wantCode, got)}
	}
	if relax == "status" {
		return nil
	}
	var problems []string
	if _, ok := wantHeaders["Fastly-Ratelimit-Remaining"]; ok && resp.Header.Get("Fastly-RateLimit-Remaining") == "" {
		problems = append(problems, "no Fastly-RateLimit-Remaining header")
	}
	var want, have any
	if json.Unmarshal([]byte(wantBody), &want) != nil {
		return problems // not JSON: the status is all there is to compare
	}
	if err := json.Unmarshal(got, &have); err != nil {
		return append(problems, fmt.Sprintf("answer is not JSON: %s", got))
	}
	extra := map[string]bool{}
	if f, ok := strings.CutPrefix(relax, "extra:"); ok {
		for _, name := range strings.Fields(f) {
			extra["$."+name+": not recorded"] = true
		}
	}
	var anyType []string
	if f, ok := strings.CutPrefix(relax, "types:"); ok {
		for _, name := range strings.Fields(f) {
			anyType = append(anyType, "$."+name+": ")
		}
	}
	for _, p := range compareShape("$", want, have, relax == "elements") {
		if !extra[p] && !slices.ContainsFunc(anyType, func(prefix string) bool { return strings.HasPrefix(p, prefix) }) {
			problems = append(problems, p)
		}
	}
	return problems
}

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// compareShape compares the field names and JSON types of two decoded JSON
// values, recursively, and returns the differences. Arrays must have the
// same length, element by element; with anyLength, every element of have is
// compared with the first of want instead.
func compareShape(path string, want, have any, anyLength bool) []string {
	if jsonType(want) != jsonType(have) {
		return []string{fmt.Sprintf("%s: %s, recorded %s", path, jsonType(have), jsonType(want))}
	}
	var out []string
	switch w := want.(type) {
	case map[string]any:
		h := have.(map[string]any)
		for _, k := range sortedKeys(w) {
			if _, ok := h[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: missing", path, k))
				continue
			}
			out = append(out, compareShape(path+"."+k, w[k], h[k], false)...)
		}
		for _, k := range sortedKeys(h) {
			if _, ok := w[k]; !ok {
				out = append(out, fmt.Sprintf("%s.%s: not recorded", path, k))
			}
		}
	case []any:
		h := have.([]any)
		if anyLength {
			if len(w) > 0 {
				for i := range h {
					out = append(out, compareShape(fmt.Sprintf("%s[%d]", path, i), w[0], h[i], false)...)
				}
			}
			return out
		}
		if len(w) != len(h) {
			return []string{fmt.Sprintf("%s: %d elements, recorded %d", path, len(h), len(w))}
		}
		for i := range w {
			out = append(out, compareShape(fmt.Sprintf("%s[%d]", path, i), w[i], h[i], false)...)
		}
	}
	return out
}

// TestCompareShape checks the comparison the conformance test relies on:
// it must see every kind of difference.
func TestCompareShape(t *testing.T) {
	tests := []struct {
		name, want, have string
		anyLength        bool
		problems         int
	}{
		{"same shape, other values", `{"a":1,"b":"x","c":[{"d":null}]}`, `{"a":2,"b":"y","c":[{"d":null}]}`, false, 0},
		{"number as string", `{"version":51}`, `{"version":"51"}`, false, 1},
		{"null for string", `{"override_host":"x"}`, `{"override_host":null}`, false, 1},
		{"missing field", `{"a":1,"b":2}`, `{"a":1}`, false, 1},
		{"extra field", `{"a":1}`, `{"a":1,"b":2}`, false, 1},
		{"nested", `{"v":{"backends":[{"port":80}]}}`, `{"v":{"backends":[{"port":"80"}]}}`, false, 1},
		{"length", `[1,2]`, `[1]`, false, 1},
		{"any length", `[{"a":1},{"a":2}]`, `[{"a":3}]`, true, 0},
		{"any length checks shapes", `[{"a":1}]`, `[{"a":"x"},{"b":1}]`, true, 3},
		{"array for object", `{}`, `[]`, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w, h any
			if err := json.Unmarshal([]byte(tt.want), &w); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tt.have), &h); err != nil {
				t.Fatal(err)
			}
			if got := compareShape("$", w, h, tt.anyLength); len(got) != tt.problems {
				t.Errorf("%d problems %v, want %d", len(got), got, tt.problems)
			}
		})
	}
}
