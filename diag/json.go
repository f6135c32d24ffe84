package diag

// JSON is one diagnostic as the --output json documents carry it (D in the
// README's Output table): where, how bad, what, and how to fix it. Fields
// are only ever added.
type JSON struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"` // error or warning
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

// JSON sorts l and returns it in its JSON form, never nil (an empty list
// is [] in the document, not null).
func (l List) JSON() []JSON {
	l.Sort()
	out := []JSON{}
	for _, d := range l {
		out = append(out, JSON{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Severity: d.Severity.String(), Message: d.Message, Hint: d.Hint})
	}
	return out
}
