package openstackfake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func do(t *testing.T, c *Cloud, method, path, token, body string) (int, map[string]any, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, c.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(data, &out)
	return resp.StatusCode, out, resp.Header
}

// TestWireFormats checks the bodies gophercloud and operators rely on:
// the token and catalog, Nova's quota error, the 401 without a token.
func TestWireFormats(t *testing.T) {
	c := Start(Options{MaxInstances: 1})
	defer c.Close()
	status, _, _ := do(t, c, "GET", "/compute/v2.1/servers/detail", "", "")
	if status != 401 {
		t.Errorf("no token: %d", status)
	}
	status, _, _ = do(t, c, "POST", "/v3/auth/tokens", "", `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"edgectl","password":"nope"}}}}}`)
	if status != 401 {
		t.Errorf("wrong password: %d", status)
	}
	status, body, hdr := do(t, c, "POST", "/v3/auth/tokens", "", `{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"edgectl","password":"sandbox"}}}}}`)
	token := hdr.Get("X-Subject-Token")
	if status != 201 || token == "" {
		t.Fatalf("token: %d %v", status, body)
	}
	catalog, _ := json.Marshal(body["token"].(map[string]any)["catalog"])
	for _, typ := range []string{`"type":"compute"`, `"type":"network"`, `"type":"image"`, `"type":"identity"`, c.URL + "/compute/v2.1/"} {
		if !bytes.Contains(catalog, []byte(typ)) {
			t.Errorf("catalog lacks %s: %s", typ, catalog)
		}
	}
	create := `{"server":{"name":"app1","imageRef":"` + uuid(kindImage, 1) + `","flavorRef":"100","networks":[{"uuid":"` + privateNetID + `"}]}}`
	if status, body, _ := do(t, c, "POST", "/compute/v2.1/servers", token, create); status != 202 {
		t.Fatalf("create: %d %v", status, body)
	}
	status, body, _ = do(t, c, "POST", "/compute/v2.1/servers", token, create)
	forbidden, _ := body["forbidden"].(map[string]any)
	if status != 403 || forbidden["code"] != float64(403) || !strings.HasPrefix(forbidden["message"].(string), "Quota exceeded for instances") {
		t.Errorf("quota: %d %v", status, body)
	}
	if got := c.Requests()["POST /compute/v2.1/servers"]; got != 2 {
		t.Errorf("%d create requests counted", got)
	}
}

// TestRequestErrors: a body that is not JSON is Nova's 400 on every route
// that reads one, a server the path does not name is Nova's 404, and
// neither changes anything.
func TestRequestErrors(t *testing.T) {
	c := Start(Options{})
	defer c.Close()
	id := c.Seed("app1", "", "", "203.0.113.7", nil)
	fip := c.fips[c.fipOfPort(c.servers[id].portID).ID].ID
	missing := uuid(kindServer, 99)
	tests := []struct {
		method, path, body string
		status             int
		kind, message      string
	}{
		{"POST", "/compute/v2.1/servers", "{", 400, "badRequest", "Malformed request body: unexpected EOF"},
		{"POST", "/network/v2.0/floatingips", `{"floatingip": {"port_id": 1}}`, 400, "badRequest", "Malformed request body: json: cannot unmarshal number into Go struct field .floatingip.port_id of type string"},
		{"PUT", "/network/v2.0/floatingips/" + fip, `{"floatingip": {"port_id": 7}}`, 400, "badRequest", "Malformed request body: json: cannot unmarshal number into Go struct field .floatingip.port_id of type string"},
		{"GET", "/compute/v2.1/servers/" + missing, "", 404, "itemNotFound", "Instance " + missing + " could not be found."},
		{"DELETE", "/compute/v2.1/servers/" + missing, "", 404, "itemNotFound", "Instance " + missing + " could not be found."},
	}
	for _, tt := range tests {
		status, body, _ := do(t, c, tt.method, tt.path, c.token, tt.body)
		got, _ := body[tt.kind].(map[string]any)
		if status != tt.status || got["message"] != tt.message || got["code"] != float64(tt.status) {
			t.Errorf("%s %s: %d %v, want %d with %s %q", tt.method, tt.path, status, body, tt.status, tt.kind, tt.message)
		}
	}
	if servers := c.Servers(); len(servers) != 1 || servers[0].PublicIP != "203.0.113.7" {
		t.Errorf("servers after the errors: %+v", servers)
	}
}
