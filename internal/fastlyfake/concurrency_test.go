package fastlyfake

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/fastly/go-fastly/v9/fastly"
)

// TestConcurrentClones clones from many clients at once: every clone gets
// its own number, none lost.
func TestConcurrentClones(t *testing.T) {
	const n = 20
	s, u := NewTest(t, Options{}, testSeed)
	var wg sync.WaitGroup
	numbers := make([]int, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := fastly.NewClientForEndpoint(TestToken, u)
			if err != nil {
				errs[i] = err
				return
			}
			v, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: testSeed.ID, ServiceVersion: 1})
			if err != nil {
				errs[i] = err
				return
			}
			numbers[i] = *v.Number
			_, errs[i] = c.UpdateDictionaryItem(&fastly.UpdateDictionaryItemInput{ServiceID: testSeed.ID, DictionaryID: dictionaryID(t, s), ItemKey: fmt.Sprintf("k%d", i), ItemValue: "v"})
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(numbers)
	for i, got := range numbers {
		if got != i+2 {
			t.Fatalf("clone numbers %v, want 2..%d", numbers, n+1)
		}
	}
	if got := s.Count("PUT", RouteClone); got != n {
		t.Errorf("%d clones logged, want %d", got, n)
	}
	items := s.st.items(testSeed.ID, dictionaryID(t, s))
	if len(items) != n+1 {
		t.Errorf("%d items, want %d", len(items), n+1)
	}
}

func dictionaryID(t *testing.T, s *Server) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	rec := s.st.service(testSeed.ID).version(1).Objects[kindDictionary.plural][0]
	return rec.str("id")
}

// BenchmarkDetails measures the sandbox's own cost of a details request
// over HTTP, without injected latency.
func BenchmarkDetails(b *testing.B) {
	_, u := NewTest(b, Options{}, testSeed)
	c, err := fastly.NewClientForEndpoint(TestToken, u)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		resp, err := c.Get("/service/"+testSeed.ID+"/details", nil)
		if err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}

// BenchmarkParallelLatency runs requests in parallel with 20 ms of
// injected latency each: when the delays overlap, as network latency does,
// ns/op falls well below 20 ms.
func BenchmarkParallelLatency(b *testing.B) {
	s, u := NewTest(b, Options{}, testSeed)
	s.SetFaults(Faults{Latency: 20 * time.Millisecond})
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		c, err := fastly.NewClientForEndpoint(TestToken, u)
		if err != nil {
			b.Error(err)
			return
		}
		for pb.Next() {
			resp, err := c.Get("/service/"+testSeed.ID, nil)
			if err != nil {
				b.Error(err)
				return
			}
			resp.Body.Close()
		}
	})
}

// TestConcurrentValidations validates several versions at once, one with an
// error: each answer must be that version's own (run with -race, as .ci/run
// does, to check that falco runs are serialised).
func TestConcurrentValidations(t *testing.T) {
	_, u := NewTest(t, Options{}, testSeed)
	c := newClient(t, u)
	sid := testSeed.ID
	const n = 6
	broken := map[int]bool{}
	for i := range n {
		v, err := c.CloneVersion(&fastly.CloneVersionInput{ServiceID: sid, ServiceVersion: 1})
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			broken[*v.Number] = true
			if _, err := c.UpdateBackend(&fastly.UpdateBackendInput{ServiceID: sid, ServiceVersion: *v.Number, Name: "origin", HealthCheck: fastly.ToPointer("nope")}); err != nil {
				t.Fatal(err)
			}
		}
	}
	var wg sync.WaitGroup
	status := make([]string, n+2)
	for v := 2; v < n+2; v++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := do(t, u, "GET", fmt.Sprintf("/service/%s/version/%d/validate", sid, v), nil)
			status[v], _ = r.obj(t)["status"].(string)
		}()
	}
	wg.Wait()
	for v := 2; v < n+2; v++ {
		want := map[bool]string{false: "ok", true: "error"}[broken[v]]
		if status[v] != want {
			t.Errorf("version %d validated %q, want %q", v, status[v], want)
		}
	}
}
