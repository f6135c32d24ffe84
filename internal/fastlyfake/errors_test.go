package fastlyfake

import (
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestErrorAnswers runs testdata/errors.yaml: each bad request gets
// Fastly's status and error body, and changes nothing.
func TestErrorAnswers(t *testing.T) {
	var cases []struct {
		Name, Method, Path, Form, JSON, Token string
		Status                                int
		Msg, Detail                           string
	}
	data, err := os.ReadFile("testdata/errors.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	s, u := NewTest(t, Options{}, testSeed)
	if r := do(t, u, "PUT", "/service/"+testSeed.ID+"/version/1/clone", nil); r.status != 200 {
		t.Fatalf("clone: %d %s", r.status, r.body)
	}
	dict := names(details(t, u, testSeed.ID)["active_version"].(map[string]any), "dictionaries")
	if len(dict) != 1 {
		t.Fatalf("dictionaries %v", dict)
	}
	dictID := details(t, u, testSeed.ID)["active_version"].(map[string]any)["dictionaries"].([]any)[0].(map[string]any)["id"].(string)
	expand := func(s string) string {
		return strings.NewReplacer("SID", testSeed.ID, "DICT", dictID).Replace(s)
	}
	before := stateBytes(t, s)

	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			var body io.Reader
			req, err := http.NewRequest(tc.Method, u+expand(tc.Path), nil)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.Form != "":
				body = strings.NewReader(tc.Form)
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			case tc.JSON != "":
				body = strings.NewReader(tc.JSON)
				req.Header.Set("Content-Type", "application/json")
			}
			if body != nil {
				req.Body = io.NopCloser(body)
			}
			if tc.Token != "-" {
				req.Header.Set("Fastly-Key", TestToken)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			r := apiResp{resp.StatusCode, resp.Header, b}
			if r.status != tc.Status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.Status, r.body)
			}
			m := r.obj(t)
			if msg, _ := m["msg"].(string); msg == "" || tc.Msg != "" && msg != tc.Msg {
				t.Errorf("msg %q, want %q", msg, tc.Msg)
			}
			if detail, _ := m["detail"].(string); !strings.Contains(detail, expand(tc.Detail)) {
				t.Errorf("detail %q lacks %q", detail, expand(tc.Detail))
			}
		})
	}
	if after := stateBytes(t, s); after != before {
		t.Errorf("bad requests changed the state:\nbefore %s\nafter %s", before, after)
	}
}

func stateBytes(t *testing.T, s *Server) string {
	t.Helper()
	s.mu.RLock()
	defer s.mu.RUnlock()
	b, err := marshalState(s.st)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
