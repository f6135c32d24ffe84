// Package endpoint checks API endpoint URLs given by users (the Fastly API,
// OpenStack's Keystone) before any library reads them: some parse them
// lazily, some at package initialisation, and their errors (or panics) do
// not say what to fix.
package endpoint

import (
	"fmt"
	"net/url"
	"strconv"
)

// Check reports whether raw is an absolute http or https URL with a host,
// a numeric port in range when it has one, and no query, fragment or user
// information. With allowPath false the path must be empty or "/" (the
// Fastly API lives at the root of its host; a path would be prepended to
// every request). The error says what is wrong with raw; callers name where
// it came from and give an example.
func Check(raw string, allowPath bool) error {
	u, err := url.Parse(raw)
	if err != nil {
		if ue, ok := err.(*url.Error); ok {
			err = ue.Err // without the URL, which the caller quotes
		}
		return fmt.Errorf("it does not parse: %v", err)
	}
	switch {
	case u.Scheme == "":
		return fmt.Errorf("it has no scheme: write http:// or https:// in front")
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("its scheme is %q: use http or https", u.Scheme)
	case u.Opaque != "":
		return fmt.Errorf("it has no host: write %s://HOST[:PORT]", u.Scheme)
	case u.Hostname() == "":
		return fmt.Errorf("it has no host")
	case u.User != nil:
		return fmt.Errorf("it holds user information: give credentials another way")
	case u.RawQuery != "" || u.ForceQuery:
		return fmt.Errorf("it has a query (?%s): remove it", u.RawQuery)
	case u.Fragment != "":
		return fmt.Errorf("it has a fragment (#%s): remove it", u.Fragment)
	case !allowPath && u.Path != "" && u.Path != "/":
		return fmt.Errorf("it has the path %q: give the API's root, no path", u.Path)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("port %s is not a number from 1 to 65535", p)
		}
	}
	return nil
}
