package fastlyfake

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// loggedAtAnswer is a ResponseWriter that records how many requests the
// sandbox had logged when the answer's status line was written: the moment
// a client can see the answer.
type loggedAtAnswer struct {
	*httptest.ResponseRecorder
	s      *Server
	logged int
}

func (w *loggedAtAnswer) WriteHeader(status int) {
	w.logged = len(w.s.Requests())
	w.ResponseRecorder.WriteHeader(status)
}

// TestRequestLoggedBeforeAnswer checks that a request is in the log before
// its answer is sent (issue 10 point 11: a test reading the log right after
// an answer missed the request about 3 times in 100). Each row is one kind of
// answer: an endpoint's, an error, an injected fault applied before or after
// the change.
func TestRequestLoggedBeforeAnswer(t *testing.T) {
	tests := []struct {
		name   string
		method string
		path   string
		fault  *Fault
	}{
		{"read", "GET", "/service/" + testSeed.ID + "/details", nil},
		{"write", "PUT", "/service/" + testSeed.ID + "/version/1/clone", nil},
		{"unknown route", "GET", "/nowhere", nil},
		{"fault", "PUT", "/service/" + testSeed.ID + "/version/1/clone", &Fault{Method: "PUT", Nth: 1, Status: 503}},
		{"fault after apply", "PUT", "/service/" + testSeed.ID + "/version/1/clone", &Fault{Method: "PUT", Nth: 1, Status: 503, AfterApply: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := NewTest(t, Options{}, testSeed)
			if tt.fault != nil {
				s.SetFaults(Faults{Fail: []Fault{*tt.fault}})
			}
			s.ResetRequests()
			req := httptest.NewRequest(tt.method, tt.path, nil)
			req.Header.Set("Fastly-Key", TestToken)
			w := &loggedAtAnswer{ResponseRecorder: httptest.NewRecorder(), s: s}
			s.ServeHTTP(w, req)
			if w.Code == 0 || w.Code == http.StatusOK && tt.fault != nil {
				t.Fatalf("status %d", w.Code)
			}
			if w.logged != 1 {
				t.Errorf("%d requests logged when the answer was written, want 1", w.logged)
			}
		})
	}
}
