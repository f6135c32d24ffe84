package errorpage

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/webplatform/edgectl/diag"
)

// Bounds on a page's Markdown, checked before goldmark sees it: goldmark's
// time grows faster than the input on deep nesting and on many unclosed
// brackets (measured with goldmark v1.8.7 on 64 KiB: block quotes nested
// 64 Ki deep took 28 s, list markers 33 s, "[a](" repeated 13 s). An error
// page is a few paragraphs: these limits are far above what one needs.
const (
	// maxNesting bounds how deep lists and block quotes nest.
	maxNesting = 8
	// maxBrackets bounds the links (and other '[') of a page.
	maxBrackets = 50
)

// checkMarkdownCost reports the first place where body (whose first line is
// line firstLine of file) nests too deep, and where it has too many
// brackets.
func checkMarkdownCost(file string, firstLine int, body string) diag.List {
	var diags diag.List
	nested, bracketed := false, false
	brackets := 0
	for i, line := range strings.Split(body, "\n") {
		pos := diag.Pos{File: file, Line: firstLine + i}
		if depth, col := nesting(line); depth > maxNesting && !nested {
			nested = true
			pos.Col = col
			diags.Errorf(pos, "flatten the lists and block quotes: an error page needs a few short paragraphs",
				"Markdown nests more than %d levels deep (lists, block quotes, indentation)", maxNesting)
		}
		for col, r := range line {
			if r != '[' || bracketed {
				continue
			}
			if brackets++; brackets > maxBrackets {
				bracketed = true
				p := pos
				p.Col = col + 1
				diags.Errorf(p, "keep a page to a few links: visitors need the status page and little else",
					"Markdown has more than %d links or brackets", maxBrackets)
			}
		}
	}
	return diags
}

// nesting returns how many container levels a line opens, counting block
// quote markers, list markers and every two columns of indentation (a
// generous upper bound of what CommonMark would nest), and the column at
// which the count passes maxNesting (0 if it does not).
func nesting(line string) (depth, col int) {
	i := 0
	exceed := func() {
		if depth > maxNesting && col == 0 {
			col = i + 1
		}
	}
	for i < len(line) {
		width := 0
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			if line[i] == '\t' {
				width += 4
			} else {
				width++
			}
			i++
		}
		depth += width / 2
		exceed()
		if i >= len(line) {
			break
		}
		n := listMarker(line[i:])
		if line[i] == '>' {
			n = 1
		}
		if n == 0 {
			break
		}
		depth++
		exceed()
		i += n
	}
	return depth, col
}

// listMarker returns the length of the list marker s starts with ("-",
// "*", "+", "1." or "1)" followed by a space, a tab or the line's end), or 0.
func listMarker(s string) int {
	n := 0
	switch {
	case s[0] == '-' || s[0] == '*' || s[0] == '+':
		n = 1
	default:
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(s) || (s[n] != '.' && s[n] != ')') {
			return 0
		}
		n++
	}
	if n < len(s) && s[n] != ' ' && s[n] != '\t' {
		return 0
	}
	return n
}

// invalidUTF8 returns the line and column (counting bytes) of the first
// byte of data that is not valid UTF-8, or ok.
func invalidUTF8(data []byte) (line, col int, ok bool) {
	line, start := 1, 0
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, i - start + 1, false
		}
		if r == '\n' {
			line, start = line+1, i+1
		}
		i += size
	}
	return 0, 0, true
}

// Self-contained: a rendered page may link anywhere (<a href>), but must
// load nothing: when it is shown, the origin is down and the network may be.
var (
	tagRE  = regexp.MustCompile(`(?is)<([a-z][a-z0-9-]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>`)
	attrRE = regexp.MustCompile(`(?is)([a-z][a-z0-9:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)
	// resourceAttrs are the attributes that make a browser fetch their URL.
	resourceAttrs = map[string]bool{"src": true, "srcset": true, "href": true, "poster": true, "data": true, "background": true, "manifest": true, "xlink:href": true}
	styleRE       = regexp.MustCompile(`(?is)<style\b[^>]*>(.*?)</style>`)
	cssURLRE      = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)`)
	cssImportRE   = regexp.MustCompile(`(?i)@import\s+(?:url\(\s*)?["']?([^"')\s;]+)`)
)

// resource is one thing a rendered page would fetch.
type resource struct {
	url, how string
}

// loadedResources lists what a rendered page would fetch: resource URLs in
// attributes (except links to follow, <a href>), and url() and @import in
// CSS. data: URIs and fragments are part of the page and allowed.
func loadedResources(page string) []resource {
	var out []resource
	add := func(url, how string) {
		url = html.UnescapeString(strings.TrimSpace(url))
		if lower := strings.ToLower(url); strings.HasPrefix(lower, "data:") || strings.HasPrefix(url, "#") {
			return
		}
		out = append(out, resource{url, how})
	}
	for _, tag := range tagRE.FindAllStringSubmatch(page, -1) {
		name := strings.ToLower(tag[1])
		for _, a := range attrRE.FindAllStringSubmatch(tag[2], -1) {
			attr, value := strings.ToLower(a[1]), a[2]+a[3]+a[4]
			switch {
			case attr == "style":
				addCSS(html.UnescapeString(value), add)
			case resourceAttrs[attr] && !(name == "a" && attr == "href"):
				add(value, name+" "+attr)
			}
		}
	}
	for _, s := range styleRE.FindAllStringSubmatch(page, -1) {
		addCSS(s[1], add)
	}
	return out
}

func addCSS(css string, add func(url, how string)) {
	for _, m := range cssImportRE.FindAllStringSubmatch(css, -1) {
		add(m[1], "CSS @import")
	}
	for _, m := range cssURLRE.FindAllStringSubmatch(css, -1) {
		add(m[1]+m[2]+m[3], "CSS url()")
	}
}

// checkSelfContained reports each resource the rendered page of p would
// load, at the line of the page's Markdown or of the layout that holds it.
func (s *Set) checkSelfContained(p *Page, rendered string) diag.List {
	var diags diag.List
	for _, r := range loadedResources(rendered) {
		diags.Errorf(s.sourceOf(p, r.url), "inline it (CSS in the layout's <style>, an image as a data: URI) or remove it; links to follow (<a href>) are fine",
			"the page loads %q (%s): an error page must need nothing from the network, since the origin is down when it is shown", r.url, r.how)
	}
	return diags
}

// sourceOf finds where text came from: the page's Markdown, else the
// layout, else the page as a whole.
func (s *Set) sourceOf(p *Page, text string) diag.Pos {
	if i := strings.Index(p.Body, text); i >= 0 {
		return diag.Pos{File: p.File, Line: p.bodyLine + strings.Count(p.Body[:i], "\n")}
	}
	for _, t := range []string{text, html.EscapeString(text)} {
		if i := strings.Index(s.layoutSource, t); i >= 0 {
			return diag.Pos{File: Dir + "/" + LayoutFile, Line: 1 + strings.Count(s.layoutSource[:i], "\n")}
		}
	}
	return diag.Pos{File: p.File}
}

// hasControl reports whether s holds a character diag.Printable escapes.
func hasControl(s string) bool { return diag.Printable(s) != s || strings.Contains(s, "\t") }

func utf8Error(file, what string, data []byte) diag.List {
	var diags diag.List
	if line, col, ok := invalidUTF8(data); !ok {
		diags.Errorf(diag.Pos{File: file, Line: line, Col: col}, "save the file as UTF-8 text", "the %s is not valid UTF-8", what)
	}
	return diags
}
