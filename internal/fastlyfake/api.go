package fastlyfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// apiError is an error answer in Fastly's legacy form {"msg", "detail"},
// which go-fastly turns into *fastly.HTTPError{Errors: [{Title, Detail}]}.
type apiError struct {
	status      int
	msg, detail string
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.msg, e.detail) }

func badRequest(format string, args ...any) *apiError {
	return &apiError{http.StatusBadRequest, "Bad request", fmt.Sprintf(format, args...)}
}

// notFound is Fastly's answer for a missing object; what is the object's
// identifying fields, written as Fastly writes them:
// Couldn't find Backend '{ deleted => 0000-00-00 00:00:00, name => x, service => y, version => 3 }'.
func notFound(title, what string) *apiError {
	return &apiError{http.StatusNotFound, "Record not found", fmt.Sprintf("Couldn't find %s '{ %s }'", title, what)}
}

func duplicate(lower, name string) *apiError {
	return &apiError{http.StatusConflict, "Duplicate record", fmt.Sprintf("Duplicate %s: '%s'", lower, name)}
}

func writeError(w http.ResponseWriter, e *apiError) {
	body := map[string]any{"msg": e.msg}
	if e.detail != "" {
		body["detail"] = e.detail
	}
	writeJSON(w, e.status, body)
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		// Only values the sandbox built are encoded; this is a bug.
		status = http.StatusInternalServerError
		buf.Reset()
		fmt.Fprintf(&buf, `{"msg":"Internal error","detail":%q}`, err.Error())
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

var statusOK = map[string]any{"status": "ok"}

// call is one API request being handled, with the service and version its
// path names resolved.
type call struct {
	s    *Server
	r    *http.Request
	st   *state
	form url.Values
	body []byte
	now  string
	svc  *service
	ver  *version
	// dictID and aclID are the dictionary and the ACL whose items or
	// entries the route names ({dictionary_id}, {acl_id}), in any version.
	dictID, aclID string
	// header holds response headers to add (pagination links).
	header http.Header
}

func (c *call) path(name string) string { return c.r.PathValue(name) }

// endpoint is the handler of one route.
type endpoint func(c *call) (any, *apiError)

// access is what an endpoint does to the state.
type access int

const (
	read   access = iota // reads
	change               // changes, whatever the version
	edit                 // changes objects of a version: refused on locked ones
)

// handle registers fn for method and route. The wrapper takes the state
// lock, parses the body, resolves {service_id} and {version_id} (or, on the
// versionless routes of items and ACL entries, {dictionary_id} and
// {acl_id}), refuses edits of locked versions, writes the answer and saves
// the state after a change.
func (s *Server) handle(mux *http.ServeMux, method, route string, acc access, fn endpoint) {
	mux.HandleFunc(method+" "+route, func(w http.ResponseWriter, r *http.Request) {
		if acc == read {
			s.mu.RLock()
			defer s.mu.RUnlock()
		} else {
			s.mu.Lock()
			defer s.mu.Unlock()
		}
		c := &call{s: s, r: r, st: s.st, now: stamp(s.now()), header: http.Header{}}
		body, aerr := c.run(route, acc, fn)
		for k, v := range c.header {
			w.Header()[k] = v
		}
		if aerr != nil {
			writeError(w, aerr)
			return
		}
		if acc != read {
			s.save()
		}
		writeJSON(w, http.StatusOK, body)
	})
}

func (c *call) run(route string, acc access, fn endpoint) (any, *apiError) {
	// ServeHTTP has read the body into memory already.
	c.body, _ = io.ReadAll(c.r.Body)
	form, err := parseBody(c.r, c.body)
	if err != nil {
		return nil, badRequest("%s", err)
	}
	c.form = form
	if strings.Contains(route, "{service_id}") {
		id := c.path("service_id")
		if c.svc = c.st.service(id); c.svc == nil {
			// Fastly answers an unknown service ID with 400, not 404. The
			// detail text is not recorded in any fixture.
			return nil, badRequest("Cannot find service '%s'", id)
		}
	}
	if strings.Contains(route, "{version_id}") {
		n, err := strconv.Atoi(c.path("version_id"))
		if err != nil || n < 1 {
			return nil, badRequest("Invalid version number '%s'", c.path("version_id"))
		}
		if c.ver = c.svc.version(n); c.ver == nil {
			return nil, notFound("Version", fmt.Sprintf("deleted => 0000-00-00 00:00:00, number => %d, service => %s", n, c.svc.ID))
		}
		if acc == edit && !c.ver.editable() {
			// Not recorded in a fixture; the wording is unconfirmed.
			return nil, badRequest("Version %d is locked", n)
		}
	}
	// Items and entries belong to the dictionary or ACL in whichever
	// version holds it. A route of a version (RouteDictionaryInfo) looks
	// in that version only, itself.
	if c.ver == nil {
		var aerr *apiError
		switch {
		case strings.Contains(route, "{dictionary_id}"):
			c.dictID, aerr = c.dictionary()
		case strings.Contains(route, "{acl_id}"):
			c.aclID, aerr = c.acl()
		}
		if aerr != nil {
			return nil, aerr
		}
	}
	return fn(c)
}

// parseBody returns the request's parameters: the query, then the form or
// JSON body. go-fastly sends forms for most writes and JSON for batches;
// Fastly accepts JSON objects for single objects too.
func parseBody(r *http.Request, body []byte) (url.Values, error) {
	vals := r.URL.Query()
	if len(bytes.TrimSpace(body)) == 0 {
		return vals, nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("invalid form body: %v", err)
		}
		for k, v := range form {
			vals[k] = v
		}
	case "application/json":
		// A JSON object body: its members become parameters. Batch
		// endpoints decode the body themselves.
		var obj map[string]any
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, fmt.Errorf("invalid JSON body: %v", err)
		}
		for k, v := range obj {
			switch x := v.(type) {
			case string:
				vals.Set(k, x)
			case bool:
				vals.Set(k, map[bool]string{true: "1", false: "0"}[x])
			case float64:
				vals.Set(k, strconv.FormatFloat(x, 'f', -1, 64))
			case nil:
				vals.Set(k, "")
			default:
				b, _ := json.Marshal(x)
				vals.Set(k, string(b))
			}
		}
	}
	return vals, nil
}

// versionJSON renders a version as the version endpoints answer it.
func versionJSON(svcID string, v *version) map[string]any {
	return map[string]any{
		"active":     v.Active,
		"comment":    v.Comment,
		"created_at": v.CreatedAt,
		"deleted_at": nil,
		"deployed":   v.Deployed,
		"locked":     v.Locked,
		"number":     v.Number,
		"service_id": svcID,
		"staging":    v.Staging,
		"testing":    v.Testing,
		"updated_at": v.UpdatedAt,
	}
}

// objectJSON renders a versioned object as its endpoints answer it.
func objectJSON(k *kind, svcID string, v *version, rec record) map[string]any {
	out := make(map[string]any, len(rec)+4)
	for key, val := range rec {
		if sec, ok := val.(secret); ok {
			val = string(sec)
		}
		out[key] = val
	}
	out["service_id"] = svcID
	if k.versionString {
		out["version"] = strconv.Itoa(v.Number)
	} else {
		out["version"] = v.Number
	}
	out["deleted_at"] = nil
	if k == kindDirector {
		out["backends"] = v.directorBackends(rec.str("name"))
	}
	return out
}

func settingsJSON(svcID string, v *version) map[string]any {
	out := map[string]any{}
	for k, val := range v.Settings {
		out[k] = val
	}
	out["service_id"] = svcID
	out["version"] = v.Number
	return out
}
