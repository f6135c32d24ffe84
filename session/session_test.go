package session

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/internal/testtool"
)

// twoLevels is a site with production and staging and one service, www.
func twoLevels() *definition.Site {
	return &definition.Site{
		Levels: []definition.Level{{Name: "production"}, {Name: "staging"}},
		Services: []*definition.Service{{
			Name: "www", File: "services/www.yaml",
			ServiceIDs: map[string]string{"production": "WWWPROD", "staging": "WWWSTAGE"},
		}},
	}
}

func TestImportServiceIDs(t *testing.T) {
	tests := []struct {
		name     string
		service  string
		levelIDs []string
		want     map[string]string
		wantErr  string
	}{
		{"every level given", "legacy", []string{"staging=S1"}, map[string]string{"production": "P1", "staging": "S1"}, ""},
		{"a level missing", "legacy", nil, nil, "add --level-id staging=ID for each of: staging"},
		{"no equals sign", "legacy", []string{"staging"}, nil, `invalid --level-id "staging": write LEVEL=ID`},
		{"empty ID", "legacy", []string{"staging="}, nil, `invalid --level-id "staging="`},
		// One wording for an unknown level (definition.Site.LevelNamed's), naming the flag that gave it.
		{"unknown level", "legacy", []string{"staging=S1", "stagign=X"}, nil, `--level-id stagign=X: unknown level "stagign"; did you mean "staging"? levels: production, staging`},
		{"two unknown levels: the first is named", "legacy", []string{"qa=Q", "staging=S1", "stagign=X"}, nil, `--level-id qa=Q: unknown level "qa"`},
		{"ID of another definition", "legacy", []string{"staging=WWWSTAGE"}, nil, `service ID "WWWSTAGE" (staging) is already used by services/www.yaml`},
		{"re-import of the same definition", "www", []string{"staging=WWWSTAGE"}, map[string]string{"production": "P1", "staging": "WWWSTAGE"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ImportServiceIDs(twoLevels(), tt.service, "production", "P1", tt.levelIDs)
			for range 20 { // map order must not choose which mistake is named
				if _, again := ImportServiceIDs(twoLevels(), tt.service, "production", "P1", tt.levelIDs); fmt.Sprint(again) != fmt.Sprint(err) {
					t.Fatalf("error %v, then %v", err, again)
				}
			}
			if testtool.WantError(t, err, tt.wantErr) {
				return
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for l, id := range tt.want {
				if got[l] != id {
					t.Errorf("level %s: got %q, want %q", l, got[l], id)
				}
			}
		})
	}
}

func TestCheckServiceName(t *testing.T) {
	for name, ok := range map[string]bool{"legacy": true, "a-1": true, "Legacy": false, "1abc": false, "": false, "a_b": false, strings.Repeat("a", 32): false, strings.Repeat("a", 31): true} {
		if err := CheckServiceName(name); (err == nil) != ok {
			t.Errorf("CheckServiceName(%q) = %v, want ok=%v", name, err, ok)
		}
	}
}

func TestTokenPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "token")
	if err := os.WriteFile(file, []byte("  FROMFILE\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte(" \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, primary, alt, want, wantErr string
	}{
		{"file beats the environment", file, "FROMENV", "FROMALT", "FROMFILE", ""},
		{"FASTLY_API_TOKEN beats FASTLY_API_KEY", "", "FROMENV", "FROMALT", "FROMENV", ""},
		{"FASTLY_API_KEY alone", "", "", "FROMALT", "FROMALT", ""},
		{"blank variables do not count", "", "  ", "", "", "no Fastly API token: set FASTLY_API_TOKEN"},
		{"empty file", empty, "FROMENV", "", "", "is empty; put a Fastly API token in it"},
		{"missing file", filepath.Join(dir, "nope"), "FROMENV", "", "", "cannot read the token file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(TokenEnv, tt.primary)
			t.Setenv(TokenEnvAlt, tt.alt)
			got, err := Token(tt.file)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestEndpointNamesItsSource(t *testing.T) {
	t.Setenv(APIURLEnv, "127.0.0.1:8080")
	if _, err := Endpoint(""); err == nil || !strings.Contains(err.Error(), "($FASTLY_API_URL)") {
		t.Errorf("bad $FASTLY_API_URL: error %v, want it named", err)
	}
	if _, err := Endpoint("ftp://x"); err == nil || !strings.Contains(err.Error(), "(--api-url)") {
		t.Errorf("bad --api-url: error %v, want it named", err)
	}
	if got, err := Endpoint("http://127.0.0.1:9"); err != nil || got != "http://127.0.0.1:9" {
		t.Errorf("good --api-url: got %q, %v", got, err)
	}
	t.Setenv(APIURLEnv, "")
	if got, err := Endpoint(""); err != nil || got != "" {
		t.Errorf("nothing set: got %q, %v; want Fastly's default (\"\")", got, err)
	}
}

func TestPrivateDirFlagBeatsEnvironment(t *testing.T) {
	t.Setenv(PrivateDirEnv, "/from/env")
	if got := PrivateDir("/from/flag"); got != "/from/flag" {
		t.Errorf("with the flag: %q", got)
	}
	if got := PrivateDir(""); got != "/from/env" {
		t.Errorf("without the flag: %q", got)
	}
}
