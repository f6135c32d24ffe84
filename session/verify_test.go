package session

import (
	"strings"
	"testing"

	"github.com/webplatform/edgectl/edgeverify"
)

func TestCheckVerify(t *testing.T) {
	tests := []struct {
		url     string
		stage   bool
		wantErr bool
	}{
		{"", false, false},
		{"", true, false},
		{"https://www.webplatform.org/", false, false},
		{"https://www.webplatform.org/", true, true},
	}
	for _, tt := range tests {
		r := &PublishRequest{Stage: tt.stage}
		if err := r.CheckVerify(tt.url); (err != nil) != tt.wantErr {
			t.Errorf("url %q, staging %v: error %v, want error %v", tt.url, tt.stage, err, tt.wantErr)
		}
	}
}

// TestVerifyPublishedSkips: no URL, or a dry run, verifies nothing (no
// request: the URL is unreachable).
func TestVerifyPublishedSkips(t *testing.T) {
	s, stderr := failSession()
	for _, tt := range []struct {
		url    string
		report PublishReport
	}{
		{"", PublishReport{Published: true}},
		{"http://127.0.0.1:1/", PublishReport{DryRun: true}},
	} {
		if err := s.VerifyPublished(tt.url, &tt.report, edgeverify.Options{}); err != nil {
			t.Errorf("url %q, %+v: %v", tt.url, tt.report, err)
		}
	}
	if strings.Contains(stderr.String(), "verified") {
		t.Errorf("stderr %q", stderr.String())
	}
}
