package compiler

// vcl_fetch: the definition's surrogate keys.

import (
	"fmt"
	"strings"

	"github.com/webplatform/edgectl/definition"
)

// surrogateKeys tags a response with the keys of the rules its URL path
// matches, after the keys the origin sent: "it's also possible to add them
// using VCL in vcl_fetch, by setting the value of the Surrogate-Key backend
// response header" (Fastly: Surrogate-Key,
// https://www.fastly.com/documentation/reference/http/http-headers/Surrogate-Key/).
// Fastly removes the header before the response reaches the client unless
// the request has Fastly-Debug (Fastly: Fastly-Debug,
// https://www.fastly.com/documentation/reference/http/http-headers/Fastly-Debug/).
// It runs before the error caching, so that a cached error of a page is
// purged with the page.
func (c *compilation) surrogateKeys(e *emitter) {
	for _, r := range c.Service.SurrogateKeys {
		e.from(r.Meta.Pos)
		key := surrogateKeyExpr(r.Key)
		e.when(matches("req.url.path", r.Path.Source), func() {
			// re.group.N is the last successful match's: the presence test
			// in between is no match and keeps it.
			e.choose(
				then(is("beresp.http.Surrogate-Key"), func() {
					e.line(`set beresp.http.Surrogate-Key = beresp.http.Surrogate-Key " " %s;`, key)
				}),
				otherwise(func() {
					e.line("set beresp.http.Surrogate-Key = %s;", key)
				}),
			)
		})
	}
}

// surrogateKeyExpr writes a key template as a VCL string expression:
// 'wiki-\1' is "wiki-" re.group.1.
func surrogateKeyExpr(key string) string {
	var parts []string
	for _, p := range definition.SurrogateKeyParts(key) {
		if p.Group > 0 {
			parts = append(parts, fmt.Sprintf("re.group.%d", p.Group))
		} else {
			parts = append(parts, Str(p.Text))
		}
	}
	return strings.Join(parts, " ")
}
