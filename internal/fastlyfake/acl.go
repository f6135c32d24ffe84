package fastlyfake

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
)

// ACL entries belong to an ACL's ID, not to a version: they change with no
// new version and every version holding the ACL sees them (Fastly API
// reference, "Access control lists":
// https://www.fastly.com/documentation/reference/api/acls/). Their answers
// are typed as fixtures acl_entries/* record them: negated is a number in
// the create and update answers and a string ("0", "1") in every read;
// subnet is a number, null when not set ("If not provided, no mask is
// applied": Fastly's OpenAPI, "AclEntryResponse",
// https://docs.rs/crate/fastly-api/1.3.0/source/docs/AclEntryResponse.md).

// maxACLEntries is the number of entries an ACL holds at most (Fastly's
// default, ../shared/reference/fastly-vcl.md "Limits"), and maxACLBatch
// the operations one batch request holds at most ("The maximum batch size
// is 1000 entries": "bulk_update_acl_entries",
// https://docs.rs/crate/fastly-api/1.3.0/source/docs/AclEntryApi.md).
const (
	maxACLEntries = 1000
	maxACLBatch   = 1000
)

// aclEntry is one entry of an ACL: an address or a network, maybe negated.
type aclEntry struct {
	ID        string `json:"id"`
	IP        string `json:"ip"`
	Subnet    *int   `json:"subnet"`
	Negated   bool   `json:"negated"`
	Comment   string `json:"comment"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// acl resolves {acl_id} to an ACL of the service, in any version.
// call.run resolves it into c.aclID before an entry endpoint runs.
func (c *call) acl() (string, *apiError) {
	id := c.path("acl_id")
	if c.svc.objectByID(kindACL, id) == nil {
		// Unrecorded wording, after the dictionary's.
		return "", notFound("ACL", fmt.Sprintf("id => %s, service_id => %s", id, c.svc.ID))
	}
	return id, nil
}

// aclEntryJSON renders an entry; written says whether it answers a create
// or an update, where negated is a number.
func aclEntryJSON(svcID, aclID string, e *aclEntry, written bool) map[string]any {
	var negated any = map[bool]string{false: "0", true: "1"}[e.Negated]
	if written {
		negated = map[bool]int{false: 0, true: 1}[e.Negated]
	}
	var subnet any
	if e.Subnet != nil {
		subnet = *e.Subnet
	}
	return map[string]any{
		"acl_id":     aclID,
		"comment":    e.Comment,
		"created_at": e.CreatedAt,
		"id":         e.ID,
		"ip":         e.IP,
		"negated":    negated,
		"service_id": svcID,
		"subnet":     subnet,
		"updated_at": e.UpdatedAt,
	}
}

func aclEntryNotFound(c *call, aclID, id string) *apiError {
	// Unrecorded wording.
	return notFound("ACLEntry", fmt.Sprintf("acl_id => %s, id => %s, service_id => %s", aclID, id, c.svc.ID))
}

// entryFields are the settable fields of an entry, as strings: from a form
// or from one operation of a batch.
type entryFields map[string]string

// applyEntry sets the fields present in f on e and checks the result.
func applyEntry(e *aclEntry, f entryFields) *apiError {
	if v, ok := f["ip"]; ok {
		e.IP = v
	}
	if v, ok := f["comment"]; ok {
		e.Comment = v
	}
	if v, ok := f["negated"]; ok {
		b, err := parseValue(fBool, "negated", []string{v})
		if err != nil {
			return badRequest("%s", err)
		}
		e.Negated = b.(bool)
	}
	if v, ok := f["subnet"]; ok {
		e.Subnet = nil
		if v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return badRequest("subnet must be an integer, not %q", v)
			}
			e.Subnet = &n
		}
	}
	ip := net.ParseIP(e.IP)
	if ip == nil {
		return badRequest("IP '%s' is not a valid IPv4 or IPv6 address", e.IP)
	}
	bits := 128
	if ip.To4() != nil {
		bits = 32
	}
	if e.Subnet != nil && (*e.Subnet < 0 || *e.Subnet > bits) {
		return badRequest("Subnet %d is out of range for %s (0 to %d)", *e.Subnet, e.IP, bits)
	}
	return nil
}

// formEntry reads an entry's fields from the request's form.
func formEntry(c *call) entryFields {
	f := entryFields{}
	for _, name := range []string{"ip", "subnet", "negated", "comment"} {
		if _, ok := c.form[name]; ok {
			f[name] = c.form.Get(name)
		}
	}
	return f
}

func (c *call) entries(aclID string) []*aclEntry {
	return c.st.ACLEntries[c.svc.ID][aclID]
}

func (c *call) setEntries(aclID string, list []*aclEntry) {
	c.st.setACLEntries(c.svc.ID, aclID, list)
}

// setACLEntries replaces the entries of an ACL, kept sorted by ID.
func (st *state) setACLEntries(svcID, aclID string, list []*aclEntry) {
	setSorted(&st.ACLEntries, svcID, aclID, list, func(e *aclEntry) string { return e.ID })
}

// seedEntry reads a seeded entry: an address or a network
// ("192.0.2.0/24"), negated when it starts with "!".
func seedEntry(spec, id, now string) (*aclEntry, error) {
	f := entryFields{"negated": "0"}
	if rest, ok := strings.CutPrefix(spec, "!"); ok {
		spec, f["negated"] = rest, "1"
	}
	ip, subnet, ok := strings.Cut(spec, "/")
	f["ip"] = ip
	if ok {
		f["subnet"] = subnet
	}
	e := &aclEntry{ID: id, CreatedAt: now, UpdatedAt: now}
	if aerr := applyEntry(e, f); aerr != nil {
		return nil, fmt.Errorf("ACL entry %q: %s", spec, aerr.detail)
	}
	return e, nil
}

func findEntry(list []*aclEntry, id string) int {
	return slices.IndexFunc(list, func(e *aclEntry) bool { return e.ID == id })
}

// listACLEntries lists an ACL's entries a page at a time, by id (as
// recorded in acl_entries_batch/delete/list_before_delete) or by sort=ip
// or sort=created, descending with direction=descend.
func listACLEntries(c *call) (any, *apiError) {
	aclID := c.aclID
	list := slices.Clone(c.entries(aclID))
	slices.SortStableFunc(list, func(a, b *aclEntry) int {
		switch c.form.Get("sort") {
		case "ip":
			return strings.Compare(a.IP, b.IP)
		case "created":
			return cmp.Compare(a.CreatedAt, b.CreatedAt)
		}
		return 0
	})
	if c.form.Get("direction") == "descend" {
		slices.Reverse(list)
	}
	out := []any{}
	for _, e := range paginate(c, list) {
		out = append(out, aclEntryJSON(c.svc.ID, aclID, e, false))
	}
	return out, nil
}

func getACLEntry(c *call) (any, *apiError) {
	aclID := c.aclID
	list := c.entries(aclID)
	i := findEntry(list, c.path("entry_id"))
	if i < 0 {
		return nil, aclEntryNotFound(c, aclID, c.path("entry_id"))
	}
	return aclEntryJSON(c.svc.ID, aclID, list[i], false), nil
}

// createEntry adds an entry to the ACL's list.
func (c *call) createEntry(aclID string, f entryFields) (*aclEntry, *apiError) {
	list := c.entries(aclID)
	if len(list) >= maxACLEntries {
		return nil, badRequest("The ACL holds %d entries, its limit", maxACLEntries)
	}
	e := &aclEntry{CreatedAt: c.now, UpdatedAt: c.now}
	if aerr := applyEntry(e, f); aerr != nil {
		return nil, aerr
	}
	e.ID = c.s.opts.NewID()
	c.setEntries(aclID, append(slices.Clone(list), e))
	return e, nil
}

// updateEntry changes the fields f names of entry id.
func (c *call) updateEntry(aclID, id string, f entryFields) (*aclEntry, *apiError) {
	list := slices.Clone(c.entries(aclID))
	i := findEntry(list, id)
	if i < 0 {
		return nil, aclEntryNotFound(c, aclID, id)
	}
	e := *list[i]
	if aerr := applyEntry(&e, f); aerr != nil {
		return nil, aerr
	}
	e.UpdatedAt = c.now
	list[i] = &e
	c.setEntries(aclID, list)
	return &e, nil
}

func (c *call) deleteEntry(aclID, id string) *apiError {
	list := slices.Clone(c.entries(aclID))
	i := findEntry(list, id)
	if i < 0 {
		return aclEntryNotFound(c, aclID, id)
	}
	c.setEntries(aclID, slices.Delete(list, i, i+1))
	return nil
}

func createACLEntry(c *call) (any, *apiError) {
	e, aerr := c.createEntry(c.aclID, formEntry(c))
	return writtenEntryJSON(c, e, aerr)
}

func updateACLEntry(c *call) (any, *apiError) {
	e, aerr := c.updateEntry(c.aclID, c.path("entry_id"), formEntry(c))
	return writtenEntryJSON(c, e, aerr)
}

// writtenEntryJSON answers a create or update of entry e of the path's
// ACL, or the error that refused it.
func writtenEntryJSON(c *call, e *aclEntry, aerr *apiError) (any, *apiError) {
	if aerr != nil {
		return nil, aerr
	}
	return aclEntryJSON(c.svc.ID, c.aclID, e, true), nil
}

func deleteACLEntry(c *call) (any, *apiError) {
	if aerr := c.deleteEntry(c.aclID, c.path("entry_id")); aerr != nil {
		return nil, aerr
	}
	return statusOK, nil
}

// batchACLEntries applies {"entries": [{"op", "id", "ip", "subnet",
// "negated", "comment"}]} (PATCH .../acl/{acl_id}/entries) all or nothing:
// ops create, update and delete, at most maxACLBatch of them.
func batchACLEntries(c *call) (any, *apiError) {
	aclID := c.aclID
	var body struct {
		Entries []map[string]any `json:"entries"`
	}
	if err := json.Unmarshal(c.body, &body); err != nil {
		return nil, badRequest("invalid JSON body: %v", err)
	}
	if len(body.Entries) > maxACLBatch {
		return nil, badRequest("A batch holds at most %d operations", maxACLBatch)
	}
	saved := c.entries(aclID)
	for _, raw := range body.Entries {
		if aerr := c.batchOp(aclID, batchFields(raw)); aerr != nil {
			c.setEntries(aclID, saved)
			return nil, aerr
		}
	}
	return statusOK, nil
}

// batchOp applies one operation of a batch.
func (c *call) batchOp(aclID string, f entryFields) *apiError {
	op, id := f["op"], f["id"]
	delete(f, "op")
	delete(f, "id")
	var aerr *apiError
	switch op {
	case "create":
		_, aerr = c.createEntry(aclID, f)
	case "update":
		_, aerr = c.updateEntry(aclID, id, f)
	case "delete":
		aerr = c.deleteEntry(aclID, id)
	default:
		aerr = badRequest("Invalid op '%s': use create, update or delete", op)
	}
	return aerr
}

// batchFields turns one decoded batch operation into strings: go-fastly
// sends negated as a string and subnet as a number.
func batchFields(raw map[string]any) entryFields {
	f := entryFields{}
	for k, v := range raw {
		switch x := v.(type) {
		case string:
			f[k] = x
		case float64:
			f[k] = strconv.FormatFloat(x, 'f', -1, 64)
		case bool:
			f[k] = map[bool]string{false: "0", true: "1"}[x]
		case nil:
			f[k] = ""
		}
	}
	return f
}
