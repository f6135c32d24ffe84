package localserve

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
)

// Edge Side Includes. falco v1.13.0 acts on the esi statement only, never
// on beresp.do_esi, which edgectl's VCL sets; and its own assembly sends
// relative includes nowhere. So Falco assembles them itself, the way
// Fastly describes (https://www.fastly.com/documentation/reference/vcl/statements/esi/):
// only include, comment and remove are supported; "ESI requests are made
// to your Fastly service as new client requests, with a copy of the HTTP
// header information from the original client request"; a src with a
// hostname sets the include's Host, otherwise it keeps the parent's. Each
// include runs through the VCL at req.esi_level one more than its parent.

// maxESILevel bounds nesting, so that a page including itself ends; it is
// edgectl's guard, not a number from Fastly.
const maxESILevel = 5

var (
	esiInclude = regexp.MustCompile(`<esi:include\s+src="([^"]*)"\s*/>`)
	esiRemove  = regexp.MustCompile(`(?s)<esi:remove>.*?</esi:remove>`)
	esiComment = regexp.MustCompile(`<esi:comment\s[^>]*/>`)
)

// assemble replaces each include of a's body with the body of its answer
// (nothing when that fails: a note says why), drops remove and comment.
func (f *Falco) assemble(parent *http.Request, a *Answer, level int) *Answer {
	body := esiComment.ReplaceAll(esiRemove.ReplaceAll(a.Body, nil), nil)
	var out bytes.Buffer
	includes := 0
	for {
		m := esiInclude.FindSubmatchIndex(body)
		if m == nil {
			break
		}
		out.Write(body[:m[0]])
		src := string(body[m[2]:m[3]])
		body = body[m[1]:]
		includes++
		part, err := f.include(parent, src, level+1)
		if err != nil {
			a.Notes = append(a.Notes, fmt.Sprintf("ESI include %q left out: %v", src, err))
			continue
		}
		out.Write(part.Body)
		a.Fetched = append(a.Fetched, part.Fetched...)
		a.Notes = append(a.Notes, part.Notes...)
	}
	out.Write(body)
	a.Body = out.Bytes()
	a.Notes = append(a.Notes, fmt.Sprintf("ESI assembled by edgectl serve (falco does not act on beresp.do_esi): %d include(s) at req.esi_level %d", includes, level+1))
	return a
}

// include answers one include of parent at an ESI level.
func (f *Falco) include(parent *http.Request, src string, level int) (*Answer, error) {
	if level > maxESILevel {
		return nil, fmt.Errorf("more than %d levels of includes", maxESILevel)
	}
	child, err := esiRequest(parent, src)
	if err != nil {
		return nil, err
	}
	return f.serveAt(child, level)
}

// esiRequest is the new client request of an include: a GET with the
// parent's headers, src resolved against the parent's URL.
func esiRequest(parent *http.Request, src string) (*http.Request, error) {
	ref, err := url.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("src is not a URL: %v", err)
	}
	target := parent.URL.ResolveReference(ref)
	child := parent.Clone(parent.Context())
	child.Method, child.Body, child.ContentLength = http.MethodGet, http.NoBody, 0
	child.URL = &url.URL{Path: target.Path, RawPath: target.RawPath, RawQuery: target.RawQuery}
	child.RequestURI = child.URL.RequestURI()
	if ref.Host != "" {
		child.Host = ref.Host
	}
	return child, nil
}
