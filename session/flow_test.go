package session

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/fastlyplan"
	"github.com/webplatform/edgectl/fastlysync"
	"github.com/webplatform/edgectl/internal/fastlyfake"
	"github.com/webplatform/edgectl/internal/siteseed"
	"github.com/webplatform/edgectl/internal/testtool"
)

// talkID is the production Fastly service of services/talk.yaml, which
// has the maintenance switch and no private include.
const talkID = "MlDExXk3HS6KZF1RttviLH"

// testSession is a session on a local Fastly API seeded with every real
// service at production as the web UI leaves it (one locked version 1).
func testSession(t *testing.T) (*Session, *fastlyfake.Server, *bytes.Buffer) {
	t.Helper()
	site, diags := definition.Load(repoRoot)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	seeds, err := siteseed.SiteSeeds(site, "production")
	if err != nil {
		t.Fatal(err)
	}
	srv, url := fastlyfake.NewTest(t, fastlyfake.Options{}, seeds...)
	var stderr bytes.Buffer
	t.Setenv(TokenEnv, "sandbox")
	s, err := Open(Options{APIURL: url, Stderr: &stderr, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	return s, srv, &stderr
}

// writes counts the requests that were not reads.
func writes(srv *fastlyfake.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method != "GET" {
			n++
		}
	}
	return n
}

// prompter records what a flow showed and asked, and answers with answer.
type prompter struct {
	shown, asked int
	question     string
	answer       error
}

func (p *prompter) Show(*fastlyplan.Plan) error { p.shown++; return nil }
func (p *prompter) Confirm(q string) error {
	p.asked++
	p.question = q
	return p.answer
}

var errRefused = errors.New("refused")

// TestPublishFlow: the plan is always shown; the question only comes
// before a write, and a refusal is returned as it is, with nothing written.
func TestPublishFlow(t *testing.T) {
	s, srv, _ := testSession(t)
	build := Build{Root: repoRoot, Level: "production", Services: []string{"talk"}}
	for _, tt := range []struct {
		name                string
		req                 PublishRequest
		answer, wantErr     error
		shown, asked        int
		published, upToDate bool
		wantWrites          bool
		base                int
	}{
		{name: "dry run", req: PublishRequest{Build: build, DryRun: true}, shown: 1, base: 1},
		{name: "refused", req: PublishRequest{Build: build}, answer: errRefused, wantErr: errRefused, shown: 1, asked: 1},
		{name: "published", req: PublishRequest{Build: build}, shown: 1, asked: 1, published: true, wantWrites: true, base: 1},
		{name: "nothing left to publish", req: PublishRequest{Build: build}, shown: 1, upToDate: true, base: 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			p := &prompter{answer: tt.answer}
			r, err := s.Publish(tt.req, p)
			if err != tt.wantErr || p.shown != tt.shown || p.asked != tt.asked || (writes(srv) > 0) != tt.wantWrites {
				t.Fatalf("error %v, shown %d, asked %d, %d writes", err, p.shown, p.asked, writes(srv))
			}
			if err != nil {
				return
			}
			if r.Published != tt.published || r.UpToDate() != tt.upToDate || r.Service != "talk" || r.ServiceID != talkID || r.Base != tt.base {
				t.Errorf("report %+v", r)
			}
			if tt.req.DryRun && (len(r.Operations) == 0 || !r.DryRun) {
				t.Errorf("a dry run lists its writes: %+v", r)
			}
			if tt.asked > 0 && p.question != "publish these changes to talk (production)" {
				t.Errorf("asked %q", p.question)
			}
		})
	}
}

// TestRollbackFlow: after a publish, rollback shows the way back to
// version 1, asks before activating it, and activates only when allowed.
func TestRollbackFlow(t *testing.T) {
	s, srv, _ := testSession(t)
	if _, err := s.Publish(PublishRequest{Build: Build{Root: repoRoot, Level: "production", Services: []string{"talk"}}}, &prompter{}); err != nil {
		t.Fatal(err)
	}
	req := RollbackRequest{Root: repoRoot, Service: "talk", Level: "production"}
	for _, tt := range []struct {
		name          string
		dryRun        bool
		answer        error
		asked, writes int
		wantErr       error
	}{
		{name: "dry run", dryRun: true},
		{name: "refused", answer: errRefused, asked: 1, wantErr: errRefused},
		{name: "rolled back", asked: 1, writes: 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			req.DryRun = tt.dryRun
			p := &prompter{answer: tt.answer}
			r, err := s.Rollback(req, p)
			if err != tt.wantErr || p.shown != 1 || p.asked != tt.asked || writes(srv) != tt.writes {
				t.Fatalf("error %v, shown %d, asked %d, %d writes", err, p.shown, p.asked, writes(srv))
			}
			if err == nil && (r.From != 2 || r.To != 1 || r.DryRun != tt.dryRun || r.ServiceID != talkID) {
				t.Errorf("report %+v", r)
			}
			if tt.asked > 0 && p.question != "activate version 1 of talk (production)" {
				t.Errorf("asked %q", p.question)
			}
		})
	}
}

// TestLookupWording: an unknown service or level is named with the
// closest known one, in definition's words, by every flow that looks one up.
func TestLookupWording(t *testing.T) {
	s, _, _ := testSession(t)
	const unknownLevel = `unknown level "stagign"; did you mean "staging"? levels: production, staging, workbench`
	for _, tt := range []struct {
		name string
		run  func() error
		want string
	}{
		{"rollback, level", func() error {
			_, err := s.Rollback(RollbackRequest{Root: repoRoot, Service: "talk", Level: "stagign"}, &prompter{})
			return err
		}, unknownLevel},
		{"rollback, service", func() error {
			_, err := s.Rollback(RollbackRequest{Root: repoRoot, Service: "tlak", Level: "production"}, &prompter{})
			return err
		}, `unknown service "tlak"; did you mean "talk"? services: blog, code, docs, project, static, stats, talk, www`},
		{"maintenance on, level", func() error {
			_, err := s.SetMaintenanceSwitch(MaintenanceRequest{Root: repoRoot, Service: "talk", Level: "stagign", State: "on"}, &prompter{})
			return err
		}, unknownLevel},
		{"maintenance status, level", func() error {
			_, err := s.ReadMaintenanceStatuses(repoRoot, "stagign", nil)
			return err
		}, unknownLevel},
		{"maintenance on, no switch", func() error {
			_, err := s.SetMaintenanceSwitch(MaintenanceRequest{Root: repoRoot, Service: "static", Level: "production", State: "on"}, &prompter{})
			return err
		}, "static has no maintenance switch: add a maintenance section to services/static.yaml and publish"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(); err == nil || err.Error() != tt.want {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

// TestMaintenanceFlow: the switch is absent until a publish creates it;
// then a dry run writes nothing, on asks and writes once, and a second on
// neither asks nor writes.
func TestMaintenanceFlow(t *testing.T) {
	s, srv, _ := testSession(t)
	req := MaintenanceRequest{Root: repoRoot, Service: "talk", Level: "production", State: "on"}
	if _, err := s.SetMaintenanceSwitch(req, &prompter{}); !errors.Is(err, fastlysync.ErrNoDictionary) {
		t.Fatalf("before a publish: %v, want ErrNoDictionary", err)
	}
	rows, err := s.ReadMaintenanceStatuses(repoRoot, "production", []string{"talk", "nosuch"})
	if err != nil || len(rows) != 2 || rows[0].State != "absent" || rows[1].Err == nil || len(rows.Read()) != 1 || len(rows.Failures()) != 1 {
		t.Fatalf("status before a publish: %+v, %v", rows, err)
	}
	if _, err := s.Publish(PublishRequest{Build: Build{Root: repoRoot, Level: "production", Services: []string{"talk"}}}, &prompter{}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		dryRun bool
		asked  int
		writes int
		want   MaintenanceReport
	}{
		{"dry run", true, 0, 0, MaintenanceReport{Old: "off", State: "on", DryRun: true}},
		{"on", false, 1, 1, MaintenanceReport{Old: "off", State: "on", Changed: true, Replaced: "off"}},
		{"on again", false, 0, 0, MaintenanceReport{Old: "on", State: "on"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetRequests()
			req.DryRun = tt.dryRun
			p := &prompter{}
			r, err := s.SetMaintenanceSwitch(req, p)
			tt.want.Service, tt.want.Level, tt.want.ServiceID = "talk", "production", talkID
			if err != nil || *r != tt.want || p.asked != tt.asked || writes(srv) != tt.writes {
				t.Errorf("got %+v, %v, asked %d, %d writes; want %+v", r, err, p.asked, writes(srv), tt.want)
			}
		})
	}
	rows, err = s.ReadMaintenanceStatuses(repoRoot, "production", []string{"talk"})
	if err != nil || len(rows) != 1 || rows[0].State != "on" {
		t.Errorf("status after on: %+v, %v", rows, err)
	}
}

// TestImportFlowChecks: an import that cannot be right is refused before
// anything is read.
func TestImportFlowChecks(t *testing.T) {
	for _, tt := range []struct {
		req  ImportRequest
		want string
	}{
		{ImportRequest{Name: "legacy"}, "import needs --service-id ID and --name NAME"},
		{ImportRequest{ServiceID: "X"}, "import needs --service-id ID and --name NAME"},
		{ImportRequest{ServiceID: "X", Name: "Legacy"}, `invalid name "Legacy"`},
		{ImportRequest{ServiceID: "X", Name: "legacy"}, ""},
	} {
		err := tt.req.Check()
		if (tt.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%+v: error %v, want %q", tt.req, err, tt.want)
		}
	}
}

// TestImportServiceFlow: a service set up in the web UI at every level is
// listed by a dry run, written (with no Log: nothing printed, no panic),
// refused a second time, and written again with Force.
func TestImportServiceFlow(t *testing.T) {
	s, srv, _ := testSession(t)
	webUI := &fastlyfake.SeedConfig{Domain: "legacy.webplatform.org", Backend: fastlyfake.SeedBackend{Name: "origin", Address: "198.51.100.7"}}
	if _, err := srv.Seed(fastlyfake.ServiceSeed{ID: "LegacyP", Config: webUI}, fastlyfake.ServiceSeed{ID: "LegacyS", Config: webUI}, fastlyfake.ServiceSeed{ID: "LegacyW", Config: webUI}); err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	testtool.CopyFiles(t, root, repoRoot, definition.LevelsFileName)
	req := ImportRequest{Root: root, Name: "legacy", Level: "production", ServiceID: "LegacyP", LevelIDs: []string{"staging=LegacyS", "workbench=LegacyW"}}
	want := []string{"services/legacy.yaml", "vcl/legacy/main.vcl"}
	for _, tt := range []struct {
		name          string
		dryRun, force bool
		wantErr       string
		wantFiles     bool
	}{
		{name: "dry run", dryRun: true},
		{name: "written", wantFiles: true},
		{name: "again", wantErr: "services/legacy.yaml exists; pass --force to overwrite", wantFiles: true},
		{name: "again with force", force: true, wantFiles: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req.DryRun, req.Force = tt.dryRun, tt.force
			r, err := s.ImportService(req)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("error %v, want %q", err, tt.wantErr)
				}
			} else if err != nil || !slices.Equal(r.Paths, want) || r.DryRun != tt.dryRun {
				t.Fatalf("got %+v, %v", r, err)
			}
			_, statErr := os.Stat(filepath.Join(root, want[0]))
			if (statErr == nil) != tt.wantFiles {
				t.Errorf("%s exists: %v, want %v", want[0], statErr == nil, tt.wantFiles)
			}
		})
	}
}
