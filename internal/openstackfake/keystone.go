package openstackfake

import (
	"encoding/json"
	"net/http"
	"time"
)

// Keystone v3: the version documents and password tokens whose service
// catalog points every service at this same server.

func (c *Cloud) versions(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusMultipleChoices, map[string]any{"versions": map[string]any{"values": []any{c.versionBody(r)}}})
}

func (c *Cloud) version(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"version": c.versionBody(r)})
}

func (c *Cloud) versionBody(r *http.Request) map[string]any {
	return map[string]any{"id": "v3.14", "status": "stable", "updated": "2020-04-07T00:00:00Z",
		"links": []any{map[string]any{"rel": "self", "href": base(r) + "/v3/"}}}
}

// serviceVersions serves a Nova-style version document: one CURRENT version.
func serviceVersions(id, path string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"versions": []any{map[string]any{"id": id, "status": "CURRENT",
			"links": []any{map[string]any{"rel": "self", "href": base(r) + path}}}}})
	}
}

func (c *Cloud) createToken(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Auth struct {
			Identity struct {
				Methods  []string `json:"methods"`
				Password struct {
					User struct {
						Name     string `json:"name"`
						Password string `json:"password"`
					} `json:"user"`
				} `json:"password"`
			} `json:"identity"`
		} `json:"auth"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{"code": 400, "title": "Bad Request", "message": err.Error()}})
		return
	}
	u := body.Auth.Identity.Password.User
	if u.Name != c.opts.Username || u.Password != c.opts.Password {
		writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]any{"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}})
		return
	}
	b := base(r)
	endpoint := func(typ, name, url string) map[string]any {
		return map[string]any{"type": typ, "name": name, "id": name + "-service", "endpoints": []any{
			map[string]any{"id": name + "-public", "interface": "public", "region": "RegionOne", "region_id": "RegionOne", "url": url},
		}}
	}
	w.Header().Set("X-Subject-Token", c.token)
	writeJSON(w, http.StatusCreated, map[string]any{"token": map[string]any{
		"methods":    []string{"password"},
		"expires_at": time.Now().Add(12 * time.Hour).UTC().Format("2006-01-02T15:04:05.000000Z"),
		"issued_at":  time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
		"user":       map[string]any{"id": userID, "name": c.opts.Username, "domain": map[string]any{"id": "default", "name": "Default"}},
		"project":    map[string]any{"id": projectID, "name": c.opts.Project, "domain": map[string]any{"id": "default", "name": "Default"}},
		"catalog": []any{
			endpoint("identity", "keystone", b+"/v3/"),
			endpoint("compute", "nova", b+"/compute/v2.1/"),
			endpoint("network", "neutron", b+"/network/"),
			endpoint("image", "glance", b+"/image/"),
		},
	}})
}
