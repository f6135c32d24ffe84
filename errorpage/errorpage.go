// Package errorpage reads the error pages in errors/ (Markdown with YAML
// front matter, one file per page) and renders them into one shared,
// self-contained HTML layout: for Fastly to serve from vcl_error, and for
// the origins' own Apache and nginx error documents.
package errorpage

import (
	"bytes"
	"fmt"
	"html/template"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/yuin/goldmark"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/definition/yamldec"
	"github.com/webplatform/edgectl/diag"
	"github.com/webplatform/edgectl/repofs"
)

// Dir holds the pages and the layout, relative to the repository root.
const (
	Dir        = "errors"
	LayoutFile = "layout.html"
)

// MaxBytes is the budget of one rendered page: it travels inside the VCL of
// every service, and is shown when something is already failing.
const MaxBytes = 16 << 10

// MaxSourceBytes bounds a page's Markdown and the layout before they are
// read: a page must render within MaxBytes anyway, so a larger source is a
// mistake, and Markdown rendering time grows with its size.
const MaxSourceBytes = 32 << 10

// Kinds of pages.
const (
	// KindFastly pages explain one cause Fastly reports in obj.response.
	KindFastly = "fastly"
	// KindGeneric is the page for any other 503 Fastly generates.
	KindGeneric = "generic"
	// KindMaintenance is the page of the maintenance switch and fallback.
	KindMaintenance = "maintenance"
	// KindOrigin pages stand for an origin's own error responses.
	KindOrigin = "origin"
)

// Page is one error page.
type Page struct {
	Meta yamldec.Meta `yaml:"-" doc:"error page front matter"`
	// Cause is the page's short key, also its file name: backend-read-error.
	Cause string `yaml:"cause" required:"true"`
	Kind  string `yaml:"kind" required:"true"`
	// Match is the obj.response text of a Fastly cause, matched
	// case-insensitively as a prefix; empty for other kinds.
	Match string `yaml:"match"`
	// Confirmed says whether Fastly's documentation confirms Match.
	Confirmed bool   `yaml:"confirmed"`
	Status    int    `yaml:"status" required:"true"`
	Title     string `yaml:"title" required:"true"`
	// RetryAfter is sent where retrying helps; zero sends none.
	RetryAfter definition.Duration `yaml:"retry_after"`

	// File is the page's path relative to the repository root; Body its
	// Markdown.
	File string `yaml:"-"`
	Body string `yaml:"-"`
	// bodyLine is the line of File where Body starts.
	bodyLine int
}

// Set is every page, in a stable order: Fastly causes, generic,
// maintenance, then origin pages by status.
type Set struct {
	Pages  []*Page
	layout *template.Template
	// layoutSource is the layout's text, to find a line in it.
	layoutSource string

	// rendered memoizes Render: every service of a level carries the same
	// pages, and rendering Markdown is most of a build's compile time.
	mu       sync.Mutex
	rendered map[renderKey]string
}

type renderKey struct {
	page *Page
	vars Vars
}

var causeRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load reads every errors/*.md and the layout, reporting every problem.
func Load(root string) (*Set, diag.List) {
	var diags diag.List
	set := &Set{}
	layoutPath := Dir + "/" + LayoutFile
	diags.Add(set.loadLayout(root, layoutPath)...)
	entries, err := repofs.ReadDir(root, Dir)
	if err != nil {
		diags.Errorf(diag.Pos{File: Dir}, repofs.Hint(err, "create errors/ with one Markdown file per page"), "cannot read the error pages: %s", repofs.Message(err))
		return set, diags
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".md") {
			continue
		}
		rel := Dir + "/" + e.Name()
		if e.IsDir() {
			// Skipping it would silently drop a page someone meant to write.
			diags.Errorf(diag.Pos{File: rel}, "an error page is a file: remove or rename the directory", "%s is a directory, not a page", rel)
			continue
		}
		data, err := repofs.ReadFile(root, rel, MaxSourceBytes)
		if err != nil {
			diags.Errorf(diag.Pos{File: rel}, repofs.Hint(err, "check the file's permissions"), "cannot read the page: %s", repofs.Message(err))
			continue
		}
		p, ds := parse(rel, data)
		diags.Add(ds...)
		if p != nil {
			set.Pages = append(set.Pages, p)
		}
	}
	// A page that failed to load may be the generic or maintenance page:
	// saying it is missing would send the reader after the wrong problem.
	diags.Add(set.check(!diags.HasErrors())...)
	set.sort()
	diags.Sort()
	return set, diags
}

// loadLayout reads and parses the shared layout.
func (s *Set) loadLayout(root, layoutPath string) diag.List {
	var diags diag.List
	layout, err := repofs.ReadFile(root, layoutPath, MaxSourceBytes)
	if err != nil {
		diags.Errorf(diag.Pos{File: layoutPath}, repofs.Hint(err, "create the shared layout of the error pages"), "cannot read the layout: %s", repofs.Message(err))
		return diags
	}
	if ds := utf8Error(layoutPath, "layout", layout); len(ds) > 0 {
		return ds
	}
	s.layoutSource = string(layout)
	if s.layout, err = template.New(LayoutFile).Option("missingkey=error").Parse(s.layoutSource); err != nil {
		diags.Errorf(diag.Pos{File: layoutPath}, "fix the template syntax (Go html/template)", "invalid layout: %s", err)
	}
	return diags
}

// parse splits the front matter from the Markdown and decodes it.
func parse(file string, data []byte) (*Page, diag.List) {
	var diags diag.List
	if ds := utf8Error(file, "page", data); len(ds) > 0 {
		return nil, ds
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	if !strings.HasPrefix(text, "---\n") {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "start the file with a line '---', the front matter (cause, kind, match, status, title), and another '---'", "no front matter")
		return nil, diags
	}
	end := strings.Index(text[4:], "\n---\n")
	if end < 0 {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "close the front matter with a line '---'", "front matter is not closed")
		return nil, diags
	}
	front := text[4 : 4+end+1]
	head := text[:4+end+5]
	p := &Page{File: file, Body: text[len(head):], bodyLine: 1 + strings.Count(head, "\n")}
	// Before goldmark ever sees the body: some Markdown costs it seconds.
	if ds := checkMarkdownCost(file, p.bodyLine, p.Body); len(ds) > 0 {
		return nil, ds
	}
	for _, d := range yamldec.Decode(file, []byte(front), p) {
		if d.Pos.Line > 0 {
			d.Pos.Line++ // the front matter starts on line 2
		}
		diags.Add(d)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	at := func(key string) diag.Pos {
		pos := p.Meta.At(key)
		if pos.Line > 0 {
			pos.Line++
		}
		return pos
	}
	if want := strings.TrimSuffix(filepath.Base(file), ".md"); p.Cause != want {
		diags.Errorf(at("cause"), fmt.Sprintf("name the file %s.md, or write cause: %s", p.Cause, want), "cause %q does not match the file name", p.Cause)
	}
	if !causeRE.MatchString(p.Cause) {
		diags.Errorf(at("cause"), "write lower-case words joined by '-', e.g. backend-read-error", "invalid cause key %q", p.Cause)
	}
	switch p.Kind {
	case KindFastly:
		if p.Match == "" {
			diags.Errorf(at("kind"), "give the obj.response text Fastly reports for this cause in match", "a Fastly cause page needs match")
		}
		if p.Status != 503 {
			diags.Errorf(at("status"), "Fastly reports every cause with status 503", "status %d for a Fastly cause", p.Status)
		}
	case KindGeneric, KindMaintenance, KindOrigin:
		if p.Match != "" {
			diags.Errorf(at("match"), "only kind: fastly pages match a cause", "match on a %s page", p.Kind)
		}
	default:
		diags.Errorf(at("kind"), "write fastly, generic, maintenance or origin", "unknown kind %q", p.Kind)
	}
	if p.Status < 400 || p.Status > 599 {
		diags.Errorf(at("status"), "write an HTTP error status such as 503", "status %d is not an error", p.Status)
	}
	// Both are printed by errors list and placed in HTML and VCL: one line
	// of text, nothing a terminal would act on.
	if hasControl(p.Match) || hasControl(p.Title) {
		diags.Errorf(at("title"), "write one line of text, without escape sequences or other control characters", "title or match contains a control character (a line break, NUL, ESC, ...)")
	}
	if strings.TrimSpace(p.Body) == "" {
		diags.Errorf(diag.Pos{File: file}, "write the page's text below the front matter", "empty page")
	}
	return p, diags
}

func (s *Set) check(reportMissing bool) diag.List {
	var diags diag.List
	matches := map[string]string{}
	for _, p := range s.Pages {
		if p.Match == "" {
			continue
		}
		key := strings.ToLower(p.Match)
		if other, dup := matches[key]; dup {
			diags.Errorf(diag.Pos{File: p.File}, "each cause has one page", "match %q is also the match of %s", p.Match, other)
		}
		matches[key] = p.File
	}
	// A match that is a prefix of another would shadow it.
	for a, fa := range matches {
		for b := range matches {
			if a != b && strings.HasPrefix(b, a) {
				diags.Errorf(diag.Pos{File: fa}, "make the match longer so it selects one cause", "match %q is a prefix of %q and would hide it", a, b)
			}
		}
	}
	for _, want := range []string{KindGeneric, KindMaintenance} {
		if s.kind(want) == nil && reportMissing {
			diags.Errorf(diag.Pos{File: Dir}, fmt.Sprintf("add errors/%s.md with kind: %s", want, want), "no %s page", want)
		}
	}
	return diags
}

func (s *Set) kind(k string) *Page {
	for _, p := range s.Pages {
		if p.Kind == k {
			return p
		}
	}
	return nil
}

// Generic returns the page for 503s no cause page matches.
func (s *Set) Generic() *Page { return s.kind(KindGeneric) }

// Maintenance returns the maintenance page.
func (s *Set) Maintenance() *Page { return s.kind(KindMaintenance) }

// Causes returns the Fastly cause pages.
func (s *Set) Causes() []*Page { return s.ofKind(KindFastly) }

// Origin returns the origin page for a status, or nil.
func (s *Set) Origin(status int) *Page {
	for _, p := range s.ofKind(KindOrigin) {
		if p.Status == status {
			return p
		}
	}
	return nil
}

func (s *Set) ofKind(k string) []*Page {
	var out []*Page
	for _, p := range s.Pages {
		if p.Kind == k {
			out = append(out, p)
		}
	}
	return out
}

var kindOrder = []string{KindFastly, KindGeneric, KindMaintenance, KindOrigin}

func (s *Set) sort() {
	slices.SortStableFunc(s.Pages, func(a, b *Page) int {
		if d := slices.Index(kindOrder, a.Kind) - slices.Index(kindOrder, b.Kind); d != 0 {
			return d
		}
		if a.Status != b.Status {
			return a.Status - b.Status
		}
		return strings.Compare(a.Cause, b.Cause)
	})
}

// Vars are what a rendering fills in.
type Vars struct {
	// StatusURL is the status page of the level.
	StatusURL string
	// RequestID and POP are filled in at request time in VCL; rendered
	// with the Marker values they can be split out again (see Parts).
	RequestID string
	POP       string
}

// Markers stand for request-time values in a rendering meant for VCL.
// MarkerStatusURL stands for the level's status page, so that one rendering
// serves every level (made only of characters html/template and goldmark
// leave as they are in a URL, an attribute and text).
const (
	MarkerRequestID = "@@EDGECTL_REQUEST_ID@@"
	MarkerPOP       = "@@EDGECTL_POP@@"
	MarkerStatusURL = "@@EDGECTL_STATUS_URL@@"
)

// layoutData is what the layout template sees.
type layoutData struct {
	Page      *Page
	Body      template.HTML
	StatusURL string
	RequestID string
	POP       string
}

// Render returns the page as a complete HTML document. It is safe for
// concurrent use.
func (s *Set) Render(p *Page, v Vars) (string, error) {
	key := renderKey{p, v}
	s.mu.Lock()
	html, ok := s.rendered[key]
	s.mu.Unlock()
	if ok {
		return html, nil
	}
	html, err := s.render(p, v)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	if s.rendered == nil {
		s.rendered = map[renderKey]string{}
	}
	s.rendered[key] = html
	s.mu.Unlock()
	return html, nil
}

func (s *Set) render(p *Page, v Vars) (string, error) {
	if s.layout == nil {
		return "", fmt.Errorf("no layout")
	}
	var md bytes.Buffer
	body := strings.ReplaceAll(p.Body, "{status_page}", v.StatusURL)
	// goldmark's default renderer drops raw HTML: page text cannot inject
	// markup or scripts.
	if err := goldmark.Convert([]byte(body), &md); err != nil {
		return "", fmt.Errorf("%s: %w", p.File, err)
	}
	var out bytes.Buffer
	err := s.layout.Execute(&out, layoutData{Page: p, Body: template.HTML(md.String()), StatusURL: v.StatusURL, RequestID: v.RequestID, POP: v.POP})
	if err != nil {
		return "", fmt.Errorf("%s: %w", p.File, err)
	}
	return out.String(), nil
}

// CheckBudget renders every page with the longest request-time values
// Fastly can give and reports those over MaxBytes, and those that would load
// anything from the network (see checkSelfContained).
func (s *Set) CheckBudget(statusURL string) diag.List {
	var diags diag.List
	seen := map[string]bool{} // a layout problem shows on every page: once
	// Rendered with the markers, as for VCL (so the rendering is shared
	// through the memo), then measured with the status page and the longest
	// values Fastly fills in: a request id of up to 64 and a POP of up to 16
	// characters.
	const maxRequestID, maxPOP = 64, 16
	for _, p := range s.Pages {
		html, err := s.Render(p, Vars{StatusURL: MarkerStatusURL, RequestID: MarkerRequestID, POP: MarkerPOP})
		if err != nil {
			diags.Errorf(diag.Pos{File: p.File}, "fix the page or the layout", "cannot render: %s", err)
			continue
		}
		size := len(html) +
			strings.Count(html, MarkerRequestID)*(maxRequestID-len(MarkerRequestID)) +
			strings.Count(html, MarkerPOP)*(maxPOP-len(MarkerPOP)) +
			strings.Count(html, MarkerStatusURL)*(len(statusURL)-len(MarkerStatusURL))
		for _, d := range s.checkSelfContained(p, strings.ReplaceAll(html, MarkerStatusURL, statusURL)) {
			if !seen[d.String()] {
				seen[d.String()] = true
				diags.Add(d)
			}
		}
		if size > MaxBytes {
			diags.Errorf(diag.Pos{File: p.File}, "shorten the text, or the layout's CSS", "rendered page is %d bytes, over the budget of %d", size, MaxBytes)
		}
	}
	return diags
}
