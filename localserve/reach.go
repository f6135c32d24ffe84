package localserve

import (
	"net"
	"sort"
	"sync"
	"time"
)

// Unreachable returns the targets that do not accept a TCP connection
// within timeout, tried at once. falco gives a backend its whole
// first_byte_timeout (15 s by default) to connect, holding every other
// request meanwhile, so serve says at start which backends will not
// answer from this machine.
func Unreachable(targets []Target, timeout time.Duration) []Target {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var down []Target
	for _, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.DialTimeout("tcp", t.Address, timeout)
			if err == nil {
				conn.Close()
				return
			}
			mu.Lock()
			down = append(down, t)
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.Slice(down, func(i, j int) bool { return down[i].Backend < down[j].Backend })
	return down
}
