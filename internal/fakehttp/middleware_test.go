package fakehttp

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// fake is a minimal fake behind the middleware: it counts the requests it
// applied and answers 201.
type fake struct {
	applied atomic.Int32
	mw      *Middleware
}

func newFake() *fake {
	f := &fake{}
	f.mw = &Middleware{
		Route: func(r *http.Request) string { return r.URL.Path },
		Answer: func(rec, _ http.ResponseWriter, r *http.Request) {
			f.applied.Add(1)
			rec.WriteHeader(http.StatusCreated)
			io.WriteString(rec, "applied")
		},
		Fail: func(w http.ResponseWriter, fault *Fault) {
			w.WriteHeader(fault.Status)
			io.WriteString(w, "injected")
		},
		Log: Log{Secrets: []string{"X-Key"}},
	}
	return f
}

// TestMiddleware: each kind of answer, what the client gets, whether the
// request was applied, and what the log says, read as soon as the client
// has its answer (the entry is logged before the answer is sent).
func TestMiddleware(t *testing.T) {
	tests := []struct {
		name        string
		fault       *Fault
		wantStatus  int // 0: the connection is dropped
		wantApplied int32
		wantFault   string
	}{
		{"plain", nil, http.StatusCreated, 1, ""},
		{"fault before", &Fault{Status: 503}, 503, 0, "status 503"},
		{"fault after apply", &Fault{Status: 500, AfterApply: true}, 500, 1, "status 500 after apply"},
		{"drop", &Fault{Drop: true}, 0, 0, "drop"},
		{"drop after apply", &Fault{Drop: true, AfterApply: true}, 0, 1, "drop after apply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			if tt.fault != nil {
				f.mw.Faults.Set(Faults{Fail: []Fault{*tt.fault}})
			}
			srv := httptest.NewServer(f.mw)
			defer srv.Close()
			req, _ := http.NewRequest("POST", srv.URL+"/things?secret=Q", nil)
			req.Header.Set("X-Key", "SECRET-KEY")
			resp, err := srv.Client().Do(req)
			status := 0
			if err == nil {
				status = resp.StatusCode
				resp.Body.Close()
			}
			if status != tt.wantStatus {
				t.Errorf("status %d (%v), want %d", status, err, tt.wantStatus)
			}
			if n := f.applied.Load(); n != tt.wantApplied {
				t.Errorf("applied %d times, want %d", n, tt.wantApplied)
			}
			log := f.mw.Log.Entries()
			if len(log) != 1 {
				t.Fatalf("%d entries logged, want 1", len(log))
			}
			e := log[0]
			if e.Status != tt.wantStatus || e.Fault != tt.wantFault || e.Route != "/things" || e.Method != "POST" || e.Query != "secret=Q" {
				t.Errorf("entry %+v", e)
			}
			if got := e.Header.Get("X-Key"); got != Redacted {
				t.Errorf("X-Key logged as %q", got)
			}
		})
	}
}

// TestMiddlewareLatency: the latency is waited and logged; a client that
// leaves during it is still logged, unless SkipCancelled.
func TestMiddlewareLatency(t *testing.T) {
	tests := []struct {
		name       string
		cancel     bool
		skip       bool
		wantLogged int
	}{
		{"waited", false, false, 1},
		{"client left", true, false, 1},
		{"client left, skipped", true, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake()
			f.mw.SkipCancelled = tt.skip
			latency := 20 * time.Millisecond
			if tt.cancel {
				latency = time.Hour
			}
			f.mw.Faults.Set(Faults{Latency: latency})
			ctx, cancel := context.WithCancel(context.Background())
			if tt.cancel {
				cancel()
			}
			defer cancel()
			start := time.Now()
			w := httptest.NewRecorder()
			f.mw.ServeHTTP(w, httptest.NewRequest("GET", "/x", nil).WithContext(ctx))
			if took := time.Since(start); !tt.cancel && took < latency || tt.cancel && took > time.Minute {
				t.Errorf("took %v with latency %v", took, latency)
			}
			log := f.mw.Log.Entries()
			if len(log) != tt.wantLogged {
				t.Fatalf("%d logged, want %d", len(log), tt.wantLogged)
			}
			if len(log) == 1 && log[0].Latency != latency {
				t.Errorf("logged latency %v, want %v", log[0].Latency, latency)
			}
		})
	}
}
