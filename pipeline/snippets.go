package pipeline

import (
	"cmp"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/verify"
)

// snippetPrefix is how falco names the file of a snippet's statements.
const snippetPrefix = "snippet::"

// lintSnippets are a unit's snippets as falco inserts them: ordered as
// Fastly orders them ("Priority determines execution order. Lower numbers
// execute first.", API reference, "VCL Snippets":
// https://docs.fastly.com/documentation/reference/api/vcl-services/snippet),
// then by name.
func lintSnippets(s *desired.Service) []verify.Snippet {
	sorted := slices.Clone(s.Snippets)
	slices.SortStableFunc(sorted, func(a, b desired.Snippet) int {
		return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.Name, b.Name))
	})
	out := make([]verify.Snippet, len(sorted))
	for i, sn := range sorted {
		out[i] = verify.Snippet{Name: sn.Name, Type: sn.Type, Content: sn.Content}
	}
	return out
}

// snippetOrigin is where in the definition a finding in a snippet comes
// from: the snippet file's own line and column, or the snippet's entry in
// the service file when its content is inline.
func snippetOrigin(svc *definition.Service, f verify.Finding) (pos diag.Pos, ok bool) {
	name, found := strings.CutPrefix(f.File, snippetPrefix)
	if !found || svc.FastlyObjects == nil {
		return diag.Pos{}, false
	}
	for _, sn := range svc.FastlyObjects.Snippets {
		if sn.Name != name {
			continue
		}
		if sn.File != "" {
			return diag.Pos{File: sn.File, Line: f.Line, Col: f.Col}, true
		}
		return sn.Meta.At("content"), true
	}
	return diag.Pos{File: svc.File}, true
}
