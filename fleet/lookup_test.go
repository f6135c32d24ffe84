package fleet

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/inventory"
)

func TestCredentialsPrecedence(t *testing.T) {
	withCloud := &Level{Name: "staging", Cloud: "webplatform-staging"}
	bare := &Level{Name: "staging"}
	tests := []struct {
		name                 string
		flag, osCloud, osURL string
		level                *Level
		levels               int
		wantEntry, wantWhat  string
		wantErr              string
	}{
		{"--cloud beats everything", "mine", "env", "http://auth", withCloud, 1, "mine", "--cloud mine", ""},
		{"OS_CLOUD beats OS_AUTH_URL", "", "env", "http://auth", withCloud, 1, "env", "OS_CLOUD=env", ""},
		{"OS_* variables beat the level's entry", "", "", "http://auth", withCloud, 1, "", "OS_AUTH_URL=http://auth", ""},
		{"the level's entry", "", "", "", withCloud, 3, "webplatform-staging", "clouds.yaml entry webplatform-staging", ""},
		{"nothing at all", "", "", "", bare, 1, "", "", "no credentials for level staging"},
		{"one project for several levels", "", "env", "", withCloud, 2, "", "", "OS_CLOUD=env names one project but 2 levels are selected"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("OS_CLOUD", tt.osCloud)
			t.Setenv("OS_AUTH_URL", tt.osURL)
			t.Setenv("OS_PROJECT_NAME", "")
			t.Setenv("OS_PROJECT_ID", "")
			entry, what, err := Credentials(tt.flag, tt.level, tt.levels)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || entry != tt.wantEntry || what != tt.wantWhat {
				t.Fatalf("got %q, %q, %v; want %q, %q", entry, what, err, tt.wantEntry, tt.wantWhat)
			}
		})
	}
}

func TestDestructionNamesWhatIsLost(t *testing.T) {
	tests := []struct {
		name    string
		changes []Change
		want    string
	}{
		{"only creations", []Change{{Action: Create, Name: "app1"}, {Action: Keep, Name: "db1"}}, ""},
		{"one deletion", []Change{{Action: Delete, Name: "app9"}}, "apply this plan, which deletes 1 server (app9) in staging"},
		{"deletions and a replacement", []Change{{Action: Delete, Name: "app8"}, {Action: Delete, Name: "app9"}, {Action: Replace, Name: "db1"}},
			"apply this plan, which deletes 2 servers (app8, app9) and replaces (deletes and creates again) 1 server (db1) in staging"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (&Plan{Changes: tt.changes}).Destruction("staging"); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSaltMasterAddress(t *testing.T) {
	f := &Fleet{File: File{SaltMaster: "salt"}}
	inv := &inventory.Inventory{File: "fleet/inventory/staging.json", VMs: []inventory.VM{{Name: "app1", PrivateIP: "10.0.0.2"}, {Name: "salt", PrivateIP: "10.0.0.9"}}}
	if got, err := f.SaltMasterAddress(inv); err != nil || got != "10.0.0.9" {
		t.Errorf("got %q, %v; want 10.0.0.9", got, err)
	}
	inv.VMs = inv.VMs[:1]
	if _, err := f.SaltMasterAddress(inv); err == nil || err.Error() != "the salt master salt is not in fleet/inventory/staging.json: give --master" {
		t.Errorf("without the master: error %v", err)
	}
}

func TestSelectLevels(t *testing.T) {
	f := &Fleet{Levels: []*Level{{Name: "production"}, {Name: "staging"}}}
	if got, err := f.SelectLevels(nil); err != nil || len(got) != 2 {
		t.Errorf("no names: got %d levels, %v; want every level", len(got), err)
	}
	if got, err := f.SelectLevels([]string{"staging"}); err != nil || len(got) != 1 || got[0].Name != "staging" {
		t.Errorf("staging: got %v, %v", got, err)
	}
	if _, err := f.SelectLevels([]string{"stagign"}); err == nil || !strings.HasPrefix(err.Error(), `unknown level "stagign"; did you mean "staging"?`) {
		t.Errorf("typo: error %v", err)
	}
}
