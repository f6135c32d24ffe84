package localserve

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/webplatform/edgectl/internal/testtool"
)

// Run says what it serves, and warns when the origin does not answer.
func TestRunBannerWarnsOfADownOrigin(t *testing.T) {
	o := origin(t, 200, "")
	addr := o.URL
	o.Close()
	log := &testtool.SyncBuffer{}
	settings := Settings{Unit: www(t), Origin: addr, Listen: "127.0.0.1:0", TLSListen: "127.0.0.1:0", Log: log}
	err := Run(context.Background(), settings, func(s *Servers) { _ = s.Shutdown(context.Background()) })
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"edgectl serve: www (production)",
		"every backend sends to " + addr,
		"director app (3 backends) is served by F_app1 alone",
		"director maintenance (1 backend) is served by F_salt alone",
		"warning: the origin " + addr + " does not accept connections",
	} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, log)
		}
	}
}

func TestRunRefusesNothingToListenOn(t *testing.T) {
	err := Run(context.Background(), Settings{Unit: www(t)}, nil)
	if err == nil || !strings.Contains(err.Error(), "--listen and --tls-listen are both empty") {
		t.Errorf("got %v", err)
	}
}

// Ctrl-C (the context ending) stops serve cleanly: Run returns nil and
// the listeners are closed.
func TestRunStopsWhenItsContextEnds(t *testing.T) {
	o := origin(t, 200, "")
	ctx, cancel := context.WithCancel(context.Background())
	var plain string
	err := Run(ctx, Settings{Unit: www(t), Origin: o.URL, Listen: "127.0.0.1:0", Log: &testtool.SyncBuffer{}}, func(s *Servers) {
		plain = s.Plain.String()
		cancel()
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.DialTimeout("tcp", plain, time.Second); err == nil {
		t.Errorf("%s still accepts connections after Run returned", plain)
	}
}
