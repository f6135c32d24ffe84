package errorpage

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/webplatform/edgectl/diag"
)

// Listed is one page of errors list --output json (the README's Output
// table is its contract: fields are added, never renamed or removed).
type Listed struct {
	Cause  string `json:"cause"`
	Match  string `json:"match"`
	Status int    `json:"status"`
	Title  string `json:"title"`
	File   string `json:"file"`
}

// List is every page of the set, in its order, never nil.
func (s *Set) List() []Listed {
	out := []Listed{}
	for _, p := range s.Pages {
		out = append(out, Listed{p.Cause, p.Match, p.Status, p.Title, p.File})
	}
	return out
}

// WriteList writes pages as a table for people.
func WriteList(w io.Writer, pages []Listed) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "CAUSE\tSTATUS\tMATCH\tTITLE")
	for _, p := range pages {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", p.Cause, p.Status, p.Match, p.Title)
	}
	return tw.Flush()
}

// ExportChecked is Export after CheckBudget: the files, or the pages'
// problems (over budget, not self-contained) when there is an error.
func (s *Set) ExportChecked(statusURL string) (map[string][]byte, diag.List, error) {
	if diags := s.CheckBudget(statusURL); diags.HasErrors() {
		return nil, diags, nil
	}
	files, err := s.Export(statusURL)
	return files, nil, err
}
