package fastlyfake

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// heapAfterGC is the live heap once garbage is collected.
func heapAfterGC() uint64 {
	var m runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestMemoryUnderLoad runs 200 clients at once on 127.0.0.1, each a bounded
// loop of reads and writes with 7 KB bodies, twice, and checks the live
// heap after garbage collection: the first load may leave what it stored,
// the second must leave the heap flat. The request log is a bounded ring,
// and bodies are not kept.
func TestMemoryUnderLoad(t *testing.T) {
	const clients, rounds = 200, 6
	s, u := NewTest(t, Options{RateLimit: 1 << 20}, testSeed)
	dict := dictionaryID(t, s)
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	defer hc.CloseIdleConnections()
	value := strings.Repeat("v", 7000)
	send := func(method, path string, form url.Values) error {
		var body *strings.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		} else {
			body = strings.NewReader("")
		}
		req, err := http.NewRequest(method, u+path, body)
		if err != nil {
			return err
		}
		req.Header.Set("Fastly-Key", TestToken)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("%s %s: %d", method, path, resp.StatusCode)
		}
		return nil
	}
	load := func() {
		errs := make(chan error, clients)
		var wg sync.WaitGroup
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range rounds {
					var err error
					if i%2 == 0 {
						err = send("GET", "/service/"+testSeed.ID+"/details", nil)
					} else {
						err = send("PUT", fmt.Sprintf("/service/%s/dictionary/%s/item/k%d", testSeed.ID, dict, c), url.Values{"item_value": {value}})
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		hc.CloseIdleConnections()
	}
	before := heapAfterGC()
	start := time.Now()
	load()
	first := heapAfterGC()
	load()
	second := heapAfterGC()
	t.Logf("2 × %d requests from %d clients in %v; live heap %.1f MiB before, %.1f MiB after the first load, %.1f MiB after the second; %d requests logged",
		clients*rounds, clients, time.Since(start).Round(time.Millisecond), mib(before), mib(first), mib(second), len(s.Requests()))
	// The first load leaves the items (200 keys of 7 KB: 1.4 MB) and fills
	// the log's ring; the second must leave the heap where it was.
	if grown := int64(first) - int64(before); grown > 8<<20 {
		t.Errorf("the live heap grew by %.1f MiB under the first load", float64(grown)/(1<<20))
	}
	if grown := int64(second) - int64(first); grown > 2<<20 {
		t.Errorf("the live heap grew by %.1f MiB more under the second load: it is not flat", float64(grown)/(1<<20))
	}
	if n := s.Count("", ""); n != 2*clients*rounds {
		t.Errorf("%d requests counted, want %d", n, 2*clients*rounds)
	}
	if len(s.Requests()) > MaxLogged {
		t.Errorf("%d requests kept in the log, more than %d", len(s.Requests()), MaxLogged)
	}
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// TestOversizedBodyRefusedBeforeReading announces a body over the limit and
// sends none of it: the answer, 413, must come without the sandbox waiting
// for (or holding) the body.
func TestOversizedBodyRefusedBeforeReading(t *testing.T) {
	_, u := NewTest(t, Options{}, testSeed)
	conn, err := net.DialTimeout("tcp", strings.TrimPrefix(u, "http://"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /service/%s/version/1/vcl HTTP/1.1\r\nHost: sandbox\r\nFastly-Key: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", testSeed.ID, TestToken, 100<<20)
	conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.Contains(status, " 413 ") {
		t.Errorf("answer %q, %v; want 413 at once", status, err)
	}
}
