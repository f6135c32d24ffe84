package fleet_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/fleet/cloud"
	"github.com/webplatform/edgectl/internal/openstackfake"
	"github.com/webplatform/edgectl/internal/testtool"
)

// sandbox is a local OpenStack API with a gophercloud client logged in to
// it through the OS_* variables, and the real fleet definition.
type sandbox struct {
	t     *testing.T
	os    *openstackfake.Cloud
	c     *cloud.Client
	f     *fleet.Fleet
	level *fleet.Level
}

func newSandbox(t *testing.T, opts openstackfake.Options, level, image string) *sandbox {
	t.Helper()
	o := openstackfake.Start(opts)
	t.Cleanup(o.Close)
	f, diags := fleet.Load("..", image)
	if diags.HasErrors() {
		t.Fatal(diags.Err())
	}
	c := connect(t, o, f.Network, f.FloatingNetwork)
	return &sandbox{t: t, os: o, c: c, f: f, level: f.Level(level)}
}

func (s *sandbox) plan() *fleet.Plan {
	s.t.Helper()
	return planFromCloud(s.t, s.c, s.f, s.level)
}

// apply plans and applies with fast polling; it fails the test when Apply
// refuses the plan.
func (s *sandbox) apply(opts fleet.ApplyOptions) (*fleet.Report, string) {
	s.t.Helper()
	var progress testtool.SyncBuffer
	opts.Progress = &progress
	if opts.PollInterval == 0 {
		opts.PollInterval = time.Millisecond
	}
	if opts.Timeout == 0 {
		opts.Timeout = 10 * time.Second
	}
	rep, err := fleet.Apply(context.Background(), s.c, s.f, s.plan(), opts)
	if err != nil {
		s.t.Fatal(err)
	}
	return rep, progress.String()
}

func (s *sandbox) server(name string) openstackfake.ServerInfo {
	for _, si := range s.os.Servers() {
		if si.Name == name {
			return si
		}
	}
	s.t.Fatalf("no server %s", name)
	return openstackfake.ServerInfo{}
}

// assertConverged checks that the cloud holds exactly the level's VMs, each
// once, ACTIVE, public ones with a floating IP, and that a new plan has
// nothing to do.
func (s *sandbox) assertConverged() {
	s.t.Helper()
	var names []string
	for _, si := range s.os.Servers() {
		if si.Status != "ACTIVE" {
			s.t.Errorf("%s is %s", si.Name, si.Status)
		}
		vm := s.level.VM(si.Name)
		if vm != nil && vm.Type.Public != (si.PublicIP != "") {
			s.t.Errorf("%s (public %v) has public IP %q", si.Name, vm.Type.Public, si.PublicIP)
		}
		names = append(names, si.Name)
	}
	var want []string
	for _, vm := range s.level.VMs {
		want = append(want, vm.Name)
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		s.t.Errorf("servers %v, want %v", names, want)
	}
	if p := s.plan(); !p.Converged() {
		var b bytes.Buffer
		p.Write(&b)
		s.t.Errorf("not converged:\n%s", b.String())
	}
}

func TestApplyCreatesTheLevelAndConverges(t *testing.T) {
	s := newSandbox(t, openstackfake.Options{}, "workbench", "")
	p := s.plan()
	if p.Count(fleet.Create) != 8 {
		t.Fatalf("plan of an empty project: %s", p.Summary())
	}
	rep, progress := s.apply(fleet.ApplyOptions{})
	if !rep.OK() || len(rep.Created) != 8 || len(rep.Attached) != 5 {
		t.Fatalf("report: %s %v", rep.Summary(), rep.Failed)
	}
	s.assertConverged()

	salt := s.server("salt")
	for _, si := range s.os.Servers() {
		vm := s.level.VM(si.Name)
		if si.Metadata[fleet.LevelMetadata] != "workbench" || si.KeyName != "webplatform" || si.Image != "Ubuntu-14.04-Trusty" ||
			si.Flavor != vm.Type.Flavor || !slices.Equal(si.SecurityGroups, vm.Type.SecurityGroups) {
			t.Errorf("%s booted as %+v", si.Name, si)
		}
		if !bytes.Equal(si.UserData, s.f.UserData(s.level, vm, salt.PrivateIP)) {
			t.Errorf("%s booted with other user-data:\n%s", si.Name, si.UserData)
		}
		// The salt master is created first: every other server is newer.
		if si.Name != "salt" && si.ID < salt.ID {
			t.Errorf("%s was created before the salt master", si.Name)
		}
	}
	if !bytes.Contains(s.server("app1").UserData, []byte(`master: "`+salt.PrivateIP+`"`)) {
		t.Error("app1's user-data does not name the salt master's address")
	}
	for _, want := range []string{"salt: creating (supersonic, Ubuntu-14.04-Trusty)", "app1: BUILD (", "app1: ACTIVE at 10.10.10.", "app1: floating IP 203.0.113."} {
		if !strings.Contains(progress, want) {
			t.Errorf("progress lacks %q:\n%s", want, progress)
		}
	}

	// A second apply changes nothing.
	s.os.ResetRequests()
	rep, _ = s.apply(fleet.ApplyOptions{})
	if !rep.OK() || rep.Summary() != "0 created, 0 replaced, 0 waited for, 0 floating IPs attached, 0 deleted" {
		t.Errorf("second apply: %s", rep.Summary())
	}
	for route, n := range s.os.Requests() {
		if !strings.HasPrefix(route, "GET ") {
			t.Errorf("second apply sent %d %s", n, route)
		}
	}

	// The inventory of the result matches the definition.
	servers, _ := s.c.Servers(context.Background())
	inv := fleet.InventoryOf(servers)
	if len(inv) != 8 || inv[0].Name != "app1" || inv[0].PublicIP == "" {
		t.Errorf("inventory %+v", inv)
	}
}

func TestApplyServerGoesToError(t *testing.T) {
	s := newSandbox(t, openstackfake.Options{}, "workbench", "")
	const fault = "No valid host was found. There are not enough hosts available."
	s.os.FailBuild("blog", 1, fault)
	rep, progress := s.apply(fleet.ApplyOptions{Parallel: 1})
	if rep.OK() || len(rep.Failed) != 1 {
		t.Fatalf("report: %s %v", rep.Summary(), rep.Failed)
	}
	fl := rep.Failed[0]
	blog := s.server("blog")
	if fl.Name != "blog" || fl.ServerID != blog.ID || !strings.Contains(fl.Err.Error(), "went to ERROR: "+fault) {
		t.Errorf("failure %s", fl)
	}
	if blog.Status != "ERROR" {
		t.Errorf("the failed server is %s, want it left in ERROR", blog.Status)
	}
	// One at a time: after blog failed, nothing else started.
	if strings.Join(rep.Created, " ") != "app1 salt" || strings.Join(rep.NotStarted, " ") != "db1-masterdb memcache-alpha1 piwik project sessions1" {
		t.Errorf("created %v, not started %v", rep.Created, rep.NotStarted)
	}
	if !strings.Contains(progress, "blog: FAILED: went to ERROR: "+fault) {
		t.Errorf("progress:\n%s", progress)
	}

	p := s.plan()
	if p.Count(fleet.Replace) != 1 || p.Count(fleet.Create) != 5 {
		t.Fatalf("plan after the failure: %s", p.Summary())
	}
	rep, _ = s.apply(fleet.ApplyOptions{})
	if !rep.OK() || strings.Join(rep.Replaced, " ") != "blog" || len(rep.Created) != 5 {
		t.Fatalf("second apply: %s %v", rep.Summary(), rep.Failed)
	}
	s.assertConverged()
}

func TestApplyQuotaExceeded(t *testing.T) {
	for _, status := range []int{403, 413} {
		t.Run(map[int]string{403: "forbidden", 413: "overLimit"}[status], func(t *testing.T) {
			s := newSandbox(t, openstackfake.Options{MaxInstances: 4, QuotaStatus: status}, "workbench", "")
			rep, _ := s.apply(fleet.ApplyOptions{Parallel: 2})
			if rep.OK() || len(rep.Failed) == 0 {
				t.Fatalf("report: %s", rep.Summary())
			}
			for _, fl := range rep.Failed {
				msg := fl.Err.Error()
				if !strings.Contains(msg, "create server "+fl.Name) || !strings.Contains(msg, "HTTP "+map[int]string{403: "403", 413: "413"}[status]) ||
					!strings.Contains(msg, "Quota exceeded for instances: Requested 1, but already used 4 of 4 instances") {
					t.Errorf("failure %s", fl)
				}
			}
			if n := len(s.os.Servers()); n != 4 {
				t.Errorf("%d servers after the quota failure, want 4", n)
			}
			s.os.SetMaxInstances(0)
			rep, _ = s.apply(fleet.ApplyOptions{Parallel: 2})
			if !rep.OK() {
				t.Fatalf("after raising the quota: %s %v", rep.Summary(), rep.Failed)
			}
			s.assertConverged()
		})
	}
}

func TestApplySlowBuilds(t *testing.T) {
	s := newSandbox(t, openstackfake.Options{BuildPolls: -1}, "workbench", "")
	s.os.SlowBuild("db1-masterdb", 1<<30)
	rep, progress := s.apply(fleet.ApplyOptions{Timeout: 300 * time.Millisecond, ProgressEvery: 10 * time.Millisecond})
	if len(rep.Failed) != 1 || rep.Failed[0].Name != "db1-masterdb" || !strings.Contains(rep.Failed[0].Err.Error(), "still BUILD after 300ms") {
		t.Fatalf("report: %s %v", rep.Summary(), rep.Failed)
	}
	if strings.Count(progress, "db1-masterdb: BUILD (") < 2 {
		t.Errorf("a slow build is not reported while it lasts:\n%s", progress)
	}
	if p := s.plan(); p.Count(fleet.Wait) != 1 {
		t.Fatalf("plan: %s", p.Summary())
	}
	s.os.SlowBuild("db1-masterdb", 3)
	rep, _ = s.apply(fleet.ApplyOptions{})
	if !rep.OK() || strings.Join(rep.Waited, " ") != "db1-masterdb" {
		t.Fatalf("second apply: %s %v", rep.Summary(), rep.Failed)
	}
	s.assertConverged()
}

// TestApplyDeletesLast: servers the definition lacks are deleted only when
// everything else succeeded; a server whose name is not a VM name is never
// touched.
func TestApplyDeletesLast(t *testing.T) {
	s := newSandbox(t, openstackfake.Options{}, "workbench", "")
	s.os.Seed("bots", "subsonic", "", "", nil)
	s.os.Seed("Scratch_Box", "subsonic", "", "", nil)
	s.os.FailBuild("app1", 1, "Build of instance aborted: Failure prepping block device.")
	rep, _ := s.apply(fleet.ApplyOptions{})
	if rep.OK() || !slices.Contains(rep.NotStarted, "bots") {
		t.Fatalf("report: %s, not started %v", rep.Summary(), rep.NotStarted)
	}
	s.server("bots")
	rep, _ = s.apply(fleet.ApplyOptions{})
	if !rep.OK() || strings.Join(rep.Deleted, " ") != "bots" || strings.Join(rep.Replaced, " ") != "app1" {
		t.Fatalf("second apply: %s %v", rep.Summary(), rep.Failed)
	}
	s.server("Scratch_Box")
	if n := len(s.os.Servers()); n != 9 {
		t.Errorf("%d servers, want the 8 VMs and Scratch_Box", n)
	}
}

func TestApplyKeepsTheFloatingIPOfARecreatedVM(t *testing.T) {
	s := newSandbox(t, openstackfake.Options{}, "workbench", "")
	if rep, _ := s.apply(fleet.ApplyOptions{}); !rep.OK() {
		t.Fatal(rep.Failed)
	}
	before := s.server("app1")
	if err := s.c.Delete(context.Background(), before.ID); err != nil {
		t.Fatal(err)
	}
	rep, _ := s.apply(fleet.ApplyOptions{})
	after := s.server("app1")
	if !rep.OK() || after.ID == before.ID || after.PublicIP != before.PublicIP {
		t.Errorf("app1 re-created as %s with %s, was %s with %s (%s)", after.ID, after.PublicIP, before.ID, before.PublicIP, rep.Summary())
	}
}

func TestApplyRefusesBeforeTouchingAnything(t *testing.T) {
	s := newSandbox(t, openstackfake.Options{}, "workbench", "Ubuntu-99.04")
	s.os.ResetRequests()
	_, err := fleet.Apply(context.Background(), s.c, s.f, s.plan(), fleet.ApplyOptions{})
	var pe *fleet.PlanError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), `image "Ubuntu-99.04" does not exist in the project`) {
		t.Errorf("err = %v", err)
	}
	s.os.Seed("salt", "supersonic", "", "", nil)
	s.os.Seed("salt", "supersonic", "", "", nil)
	_, err = fleet.Apply(context.Background(), s.c, s.f, s.plan(), fleet.ApplyOptions{})
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "2 servers are called salt") {
		t.Errorf("err = %v", err)
	}
	for route := range s.os.Requests() {
		if strings.HasPrefix(route, "POST /compute") || strings.HasPrefix(route, "DELETE") {
			t.Errorf("a refused apply sent %s", route)
		}
	}
}

func TestApplyBoundedConcurrency(t *testing.T) {
	s := newSandbox(t, openstackfake.Options{Latency: 10 * time.Millisecond, BuildPolls: -1}, "production", "")
	rep, _ := s.apply(fleet.ApplyOptions{Parallel: 3})
	if !rep.OK() {
		t.Fatal(rep.Failed)
	}
	if n := s.os.MaxConcurrent(); n > 3 || n < 2 {
		t.Errorf("%d requests in flight at most, want 2 or 3 with --parallel 3", n)
	}
	s.assertConverged()
}

func TestPlanRefusesServersOfAnotherLevel(t *testing.T) {
	s := newSandbox(t, openstackfake.Options{}, "workbench", "")
	s.os.Seed("app1", "lightspeed", "", "", map[string]string{fleet.LevelMetadata: "production"})
	servers, _ := s.c.Servers(context.Background())
	_, err := fleet.MakePlan(s.f, s.level, servers)
	var fe *fleet.ForeignError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "app1 (production)") {
		t.Errorf("err = %v", err)
	}
}

func TestCloudPaginationAndAuth(t *testing.T) {
	s := newSandbox(t, openstackfake.Options{PageSize: 3}, "workbench", "")
	for i := 0; i < 10; i++ {
		s.os.Seed("app"+string(rune('a'+i)), "subsonic", "", "", nil)
	}
	s.os.ResetRequests()
	servers, err := s.c.Servers(context.Background())
	if err != nil || len(servers) != 10 {
		t.Fatalf("%d servers, %v", len(servers), err)
	}
	if n := s.os.Requests()["GET /compute/v2.1/servers/detail"]; n != 4 {
		t.Errorf("%d list requests for 10 servers by 3, want 4", n)
	}

	t.Setenv("OS_PASSWORD", "wrong")
	_, err = cloud.Connect(context.Background(), cloud.Options{Network: "private", FloatingNetwork: "public"})
	if err == nil || !strings.Contains(err.Error(), "HTTP 401: The request you have made requires authentication.") {
		t.Errorf("wrong password: %v", err)
	}
	t.Setenv("OS_AUTH_URL", "")
	_, err = cloud.Connect(context.Background(), cloud.Options{})
	if err == nil || !strings.Contains(err.Error(), "OS_AUTH_URL") {
		t.Errorf("no credentials: %v", err)
	}
}

func TestCloudsYAML(t *testing.T) {
	s := newSandbox(t, openstackfake.Options{}, "workbench", "")
	env := s.os.Env()
	yaml := `clouds:
  webplatform-workbench:
    auth:
      auth_url: ` + env["OS_AUTH_URL"] + `
      username: ` + env["OS_USERNAME"] + `
      password: ` + env["OS_PASSWORD"] + `
      project_name: ` + env["OS_PROJECT_NAME"] + `
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
`
	path := filepath.Join(t.TempDir(), "clouds.yaml")
	os.WriteFile(path, []byte(yaml), 0o600)
	for k := range env {
		t.Setenv(k, "")
	}
	t.Setenv("OS_CLIENT_CONFIG_FILE", path)
	c, err := cloud.Connect(context.Background(), cloud.Options{Cloud: "webplatform-workbench", Network: "private", FloatingNetwork: "public"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Servers(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := cloud.Connect(context.Background(), cloud.Options{Cloud: "webplatform-nowhere"}); err == nil || !strings.Contains(err.Error(), `cloud "webplatform-nowhere" not found`) {
		t.Errorf("unknown entry: %v", err)
	}
}
