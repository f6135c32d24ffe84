package fleet_test

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/webplatform/edgectl/fleet"
	"github.com/webplatform/edgectl/internal/openstackfake"
)

// Benchmarks of plan and apply. Run them with
//
//	go test ./fleet -run XXX -bench . -benchtime 1x
//
// BenchmarkApply50 sleeps 200 ms in every API request: one iteration of the
// one-at-a-time variant takes about 30 s, hence -benchtime 1x.

// writeSyntheticFleet writes a repository root whose production level has
// the salt master of fleet.MinimalFleet plus the VMs of types, each
// "name: count".
func writeSyntheticFleet(tb testing.TB, public bool, types map[string]int) string {
	tb.Helper()
	def := fleet.MinimalFleet
	for name, n := range types {
		def += fmt.Sprintf("  %s:\n    flavor: subsonic\n    security_groups: [default]\n    public: %v\n    name: %s-pool{n}\n    count: {production: %d}\n", name, public, name, n)
	}
	return fleet.WriteRoot(tb, def)
}

// BenchmarkPlan500 plans a 500-VM level against a cloud listing 500
// servers: 470 kept, 10 created, 5 replaced (ERROR), 5 waited for (BUILD),
// 10 given a floating IP, 10 deleted.
func BenchmarkPlan500(b *testing.B) {
	root := writeSyntheticFleet(b, true, map[string]int{"app": 250, "memcache": 149, "db": 100})
	f, diags := fleet.Load(root, "")
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	level := f.Level("production")
	if len(level.VMs) != 500 {
		b.Fatalf("%d VMs", len(level.VMs))
	}
	var servers []fleet.Server
	for i, vm := range level.VMs {
		s := fleet.Server{ID: fmt.Sprintf("id-%04d", i), Name: vm.Name, Status: fleet.StatusActive, Flavor: "subsonic",
			PrivateIP: fmt.Sprintf("10.10.%d.%d", i/250, i%250+2), PublicIP: fmt.Sprintf("203.0.%d.%d", i/250, i%250+2)}
		switch {
		case i < 10:
			continue // to create
		case i < 15:
			s.Status, s.Fault = fleet.StatusError, "No valid host was found."
		case i < 20:
			s.Status = fleet.StatusBuild
		case i < 30:
			s.PublicIP = ""
		}
		servers = append(servers, s)
	}
	for i := range 10 {
		servers = append(servers, fleet.Server{ID: fmt.Sprintf("id-x%d", i), Name: fmt.Sprintf("old%d", i), Status: fleet.StatusActive})
	}
	b.Run("compute", func(b *testing.B) {
		for b.Loop() {
			p, err := fleet.MakePlan(f, level, servers)
			if err != nil {
				b.Fatal(err)
			}
			p.Write(io.Discard)
		}
	})
	// Through gophercloud against the local OpenStack API: list the 500
	// servers (one page) and their floating IPs, then plan.
	b.Run("api", func(b *testing.B) {
		o := openstackfake.Start(openstackfake.Options{})
		defer o.Close()
		for _, s := range servers {
			o.Seed(s.Name, "subsonic", "", "", map[string]string{fleet.LevelMetadata: "production"})
		}
		c := connect(b, o, "private", "public")
		o.ResetRequests()
		for b.Loop() {
			planFromCloud(b, c, f, level).Write(io.Discard)
		}
		b.ReportMetric(float64(o.TotalRequests())/float64(b.N), "requests/op")
	})
}

// BenchmarkApply50 applies a 50-VM level (the salt master and 49 private
// VMs) to an empty project whose every API request takes 200 ms, servers
// answering BUILD once before ACTIVE: bounded-concurrent (the default, 8)
// versus one at a time.
func BenchmarkApply50(b *testing.B) {
	root := writeSyntheticFleet(b, false, map[string]int{"app": 49})
	f, diags := fleet.Load(root, "")
	if diags.HasErrors() {
		b.Fatal(diags.Err())
	}
	level := f.Level("production")
	for _, parallel := range []int{fleet.DefaultParallel, 1} {
		b.Run(fmt.Sprintf("parallel=%d", parallel), func(b *testing.B) {
			requests, maxConcurrent := 0, 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				o := openstackfake.Start(openstackfake.Options{BuildPolls: 1})
				c := connect(b, o, "private", "public")
				p := planFromCloud(b, c, f, level)
				o.SetLatency(200 * time.Millisecond)
				o.ResetRequests()
				b.StartTimer()
				rep, err := fleet.Apply(context.Background(), c, f, p, fleet.ApplyOptions{Parallel: parallel, PollInterval: time.Millisecond})
				b.StopTimer()
				if err != nil || !rep.OK() || len(rep.Created) != 50 {
					b.Fatalf("%v %s %v", err, rep.Summary(), rep.Failed)
				}
				requests += o.TotalRequests()
				maxConcurrent = max(maxConcurrent, o.MaxConcurrent())
				o.Close()
			}
			b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
			b.ReportMetric(float64(maxConcurrent), "max-in-flight")
		})
	}
}
