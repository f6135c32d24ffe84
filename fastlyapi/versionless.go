package fastlyapi

// ACL entries and dictionary items: read with one list call per table (a
// page at a time), written with one batch call per 1,000 operations.

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/fastly/go-fastly/v9/fastly"

	"github.com/webplatform/edgectl/desired"
	"github.com/webplatform/edgectl/fastlyplan"
)

// ACLKey is the key of an ACL's ID in Remote.DictionaryIDs and in the ID
// map Apply and WriteBatch take (dictionary names cannot hold a space).
func ACLKey(name string) string { return "acl " + name }

// ReadVersionless reads into r.Config the entries of the ACLs and the items
// of the declared, readable dictionaries that both r's version and target
// have: one list call per table (go-fastly pages through it), and nothing
// for the other tables (the settings dictionary's items are operated, not
// compared; a write-only dictionary's cannot be read). Entries and Items
// are non-nil after it for every table it read.
func (c *Client) ReadVersionless(serviceID string, r *Remote, target *fastlyplan.Config) error {
	for i := range r.Config.ACLs {
		a := &r.Config.ACLs[i]
		id := r.DictionaryIDs[ACLKey(a.Name)]
		if id == "" || !slices.ContainsFunc(target.ACLs, func(t desired.ACL) bool { return t.Name == a.Name }) {
			continue
		}
		list, err := c.fc.ListACLEntries(&fastly.ListACLEntriesInput{ServiceID: serviceID, ACLID: id})
		if err != nil {
			return Describe(fmt.Sprintf("read the entries of ACL %s", a.Name), err)
		}
		a.Entries = []desired.ACLEntry{}
		for _, e := range list {
			a.Entries = append(a.Entries, decodeEntry(e))
		}
	}
	for i := range r.Config.Dictionaries {
		d := &r.Config.Dictionaries[i]
		id := r.DictionaryIDs[d.Name]
		j := slices.IndexFunc(target.Dictionaries, func(t desired.Dictionary) bool { return t.Name == d.Name })
		if id == "" || j < 0 || !target.Dictionaries[j].Declared || d.WriteOnly || target.Dictionaries[j].WriteOnly {
			continue
		}
		list, err := c.fc.ListDictionaryItems(&fastly.ListDictionaryItemsInput{ServiceID: serviceID, DictionaryID: id})
		if err != nil {
			return Describe(fmt.Sprintf("read the items of dictionary %s", d.Name), err)
		}
		d.Items = map[string]string{}
		for _, it := range list {
			d.Items[fastly.ToValue(it.ItemKey)] = fastly.ToValue(it.ItemValue)
		}
	}
	return nil
}

// decodeEntry turns an API entry into the desired state's terms: a
// full-length subnet (/32, /128) or none is the address alone.
func decodeEntry(e *fastly.ACLEntry) desired.ACLEntry {
	out := desired.ACLEntry{IP: fastly.ToValue(e.IP), Negated: fastly.ToValue(e.Negated), Comment: fastly.ToValue(e.Comment), ID: fastly.ToValue(e.EntryID)}
	if e.Subnet != nil {
		out.Subnet = *e.Subnet
	}
	if canonical, err := netip.ParseAddr(out.IP); err == nil {
		canonical = canonical.Unmap()
		out.IP = canonical.String()
		if out.Subnet == canonical.BitLen() {
			out.Subnet = 0
		}
	}
	return out
}

// WriteBatch makes one batch write of ACL entries (PATCH
// /service/{id}/acl/{acl_id}/entries) or dictionary items (PATCH
// /service/{id}/dictionary/{dictionary_id}/items). ids maps dictionary
// names, and ACLKey of ACL names, to their IDs.
func (c *Client) WriteBatch(serviceID string, b fastlyplan.Batch, ids map[string]string) error {
	if len(b.Ops) > fastlyplan.MaxBatch {
		return fmt.Errorf("%s: more than %d operations in one batch", b, fastlyplan.MaxBatch)
	}
	if b.Kind == fastlyplan.KindACLEntry {
		id := ids[ACLKey(b.Table)]
		if id == "" {
			return fmt.Errorf("ACL %s has no ID on Fastly", b.Table)
		}
		in := &fastly.BatchModifyACLEntriesInput{ServiceID: serviceID, ACLID: id}
		for _, op := range b.Ops {
			e := op.Entry
			x := &fastly.BatchACLEntry{Operation: fastly.ToPointer(fastly.BatchOperation(op.Op))}
			if op.Op == "delete" {
				if e.ID == "" {
					return fmt.Errorf("ACL %s: entry %s has no ID to delete it by", b.Table, e.IP)
				}
				x.EntryID = &e.ID
			} else {
				x.IP, x.Comment, x.Negated = &e.IP, &e.Comment, fastly.ToPointer(fastly.Compatibool(e.Negated))
				if e.Subnet > 0 {
					x.Subnet = &e.Subnet
				}
			}
			in.Entries = append(in.Entries, x)
		}
		return c.fc.BatchModifyACLEntries(in)
	}
	id := ids[b.Table]
	if id == "" {
		return fmt.Errorf("dictionary %s has no ID on Fastly", b.Table)
	}
	in := &fastly.BatchModifyDictionaryItemsInput{ServiceID: serviceID, DictionaryID: id}
	for _, op := range b.Ops {
		x := &fastly.BatchDictionaryItem{Operation: fastly.ToPointer(fastly.BatchOperation(op.Op)), ItemKey: fastly.ToPointer(op.Key)}
		if op.Op != "delete" {
			x.ItemValue = fastly.ToPointer(op.Value)
		}
		in.Items = append(in.Items, x)
	}
	return c.fc.BatchModifyDictionaryItems(in)
}

// errNoACLID is a created ACL whose answer lacks its ID.
var errNoACLID = errors.New("Fastly's answer to the ACL's creation has no ID")
