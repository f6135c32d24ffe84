package fakehttp

import (
	"fmt"
	"testing"
	"time"
)

type request struct{ method, route string }

// TestFaultSetNext: which request of a sequence meets which fault.
func TestFaultSetNext(t *testing.T) {
	put := request{"PUT", "/clone"}
	get := request{"GET", "/details"}
	tests := []struct {
		name     string
		faults   []Fault
		requests []request
		// want is the fault (by Status) each request meets, 0 for none.
		want []int
	}{
		{"none", nil, []request{put, get}, []int{0, 0}},
		{"first of any", []Fault{{Status: 500}}, []request{get, put, get}, []int{500, 0, 0}},
		{"Nth of a method", []Fault{{Method: "PUT", Nth: 2, Status: 503}}, []request{put, get, put, put}, []int{0, 0, 503, 0}},
		{"route only", []Fault{{Route: "/details", Status: 429}}, []request{put, get, get}, []int{0, 429, 0}},
		{"method and route", []Fault{{Method: "GET", Route: "/clone", Status: 500}}, []request{put, get}, []int{0, 0}},
		{"two faults, the first wins", []Fault{{Status: 500}, {Method: "GET", Status: 503}}, []request{get, get}, []int{500, 0}},
		{"both count", []Fault{{Nth: 2, Status: 500}, {Method: "GET", Nth: 2, Status: 503}}, []request{get, put, get}, []int{0, 500, 503}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fs FaultSet
			fs.Set(Faults{Latency: time.Millisecond, Fail: tt.faults})
			for i, r := range tt.requests {
				latency, f := fs.Next(r.method, r.route)
				got := 0
				if f != nil {
					got = f.Status
				}
				if got != tt.want[i] || latency != time.Millisecond {
					t.Errorf("request %d (%s %s): fault %d latency %v, want %d 1ms", i+1, r.method, r.route, got, latency, tt.want[i])
				}
			}
		})
	}
}

// TestFaultSetRestarts: Set restarts the counts and copies the faults;
// SetLatency keeps them.
func TestFaultSetRestarts(t *testing.T) {
	var fs FaultSet
	faults := []Fault{{Nth: 2, Status: 500}}
	fs.Set(Faults{Fail: faults})
	faults[0].Status = 999 // the caller's slice is not the set's
	fs.Next("GET", "")
	fs.SetLatency(time.Second)
	if latency, f := fs.Next("GET", ""); f == nil || f.Status != 500 || latency != time.Second {
		t.Fatalf("second request: %v %v, want status 500 after 1s", f, latency)
	}
	fs.Set(Faults{Fail: []Fault{{Nth: 2, Status: 500}}})
	if _, f := fs.Next("GET", ""); f != nil {
		t.Errorf("first request after Set met %v", f)
	}
	if latency, _ := fs.Next("GET", ""); latency != 0 {
		t.Errorf("latency %v after Set without one", latency)
	}
}

func TestFaultString(t *testing.T) {
	for _, c := range []struct {
		f    Fault
		want string
	}{
		{Fault{Status: 503}, "status 503"},
		{Fault{Drop: true, Status: 503}, "drop"},
		{Fault{Status: 500, AfterApply: true}, "status 500 after apply"},
	} {
		if got := c.f.String(); got != c.want {
			t.Errorf("%s: %q, want %q", fmt.Sprintf("%+v", c.f), got, c.want)
		}
	}
}
