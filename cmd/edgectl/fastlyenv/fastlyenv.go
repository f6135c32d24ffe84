// Package fastlyenv keeps go-fastly from panicking before edgectl's main
// runs. go-fastly v9's package variables (TestClient, TestStatsClient in
// fastly_test_utils.go, compiled into every binary) parse $FASTLY_API_URL
// and $FASTLY_RTS_URL when the package initialises and panic, exit status
// 2, when url.Parse rejects either (a scheme-less "127.0.0.1:8080", say).
//
// Go initialises packages one at a time, each as soon as its imports are:
// "the first uninitialized package in the list [sorted by import path] for
// which all imports are already initialized" (The Go Programming Language
// Specification, Package initialization, Go 1.21 and later). This package
// imports only packages go-fastly imports too, and its import path
// (edgectl.invalid/...) sorts before github.com/fastly/..., so its init runs
// first. It takes a value that would panic out of the environment and keeps
// it, so that edgectl reports it as an error when a command uses it. It is a
// module of its own only because no import path inside
// github.com/webplatform/edgectl sorts early enough.
package fastlyenv

import (
	"net/url"
	"os"
)

// Variables go-fastly parses at initialisation.
var Variables = []string{"FASTLY_API_URL", "FASTLY_RTS_URL"}

// removed holds the values taken out of the environment.
var removed = map[string]string{}

func init() {
	for _, name := range Variables {
		v, ok := os.LookupEnv(name)
		if !ok {
			continue
		}
		if _, err := url.Parse(v); err != nil {
			removed[name] = v
			os.Unsetenv(name)
		}
	}
}

// Removed returns the value of the environment variable name when init
// took it out of the environment (it does not parse as a URL).
func Removed(name string) (string, bool) {
	v, ok := removed[name]
	return v, ok
}
