package fastlyplan

// Versionless data: ACL entries and dictionary items. Fastly keeps them
// apart from versions ("Once you attach a dictionary container to a version
// of your service and that service is activated, the data in the container
// becomes versionless",
// https://www.fastly.com/documentation/reference/api/dictionaries/; ACL
// entries belong to the ACL's ID likewise,
// https://www.fastly.com/documentation/reference/api/acls/acl-entry/), so
// they are compared one by one and written with the batch endpoints,
// without a new version.

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/webplatform/edgectl/desired"
)

// The change kinds of versionless data.
const (
	KindACLEntry       = "acl_entry"
	KindDictionaryItem = "dictionary_item"
)

// MaxBatch is the most operations one batch request may carry: "The maximum
// batch size is 1000 entries" (Fastly API, "Update multiple ACL entries",
// PATCH /service/{service_id}/acl/{acl_id}/entries; the same for "Update
// multiple entries in a dictionary", PATCH
// /service/{service_id}/dictionary/{dictionary_id}/items).
const MaxBatch = 1000

// item is the object of a versionless change.
type item struct {
	table string
	// entry is an ACL entry; key and value a dictionary item.
	entry      desired.ACLEntry
	key, value string
}

// Batch is one batch write of versionless data to one ACL or dictionary.
type Batch struct {
	// Kind is KindACLEntry or KindDictionaryItem; Table the ACL's or the
	// dictionary's name.
	Kind  string
	Table string
	Ops   []BatchOp
}

// BatchOp is one operation of a batch, as Fastly's batch endpoints take it.
type BatchOp struct {
	// Op is "create" or "delete" (ACL entries), "upsert" or "delete"
	// (dictionary items).
	Op string
	// Entry is the ACL entry (its ID for a delete).
	Entry desired.ACLEntry
	// Key and Value are the dictionary item's.
	Key, Value string
}

// String names the batch for progress and error messages; it never holds
// an item's value.
func (b Batch) String() string {
	what := "entries of ACL"
	if b.Kind == KindDictionaryItem {
		what = "items of dictionary"
	}
	return fmt.Sprintf("write %s to the %s %s (one batch)", Plural(len(b.Ops), "change"), what, b.Table)
}

// versionedDictionaries are the dictionaries as a version holds them: a
// declared dictionary's items are compared one by one instead.
func versionedDictionaries(ds []desired.Dictionary) []desired.Dictionary {
	out := make([]desired.Dictionary, len(ds))
	for i, d := range ds {
		if d.Declared {
			d.Items = nil
		}
		out[i] = d
	}
	return out
}

// compareVersionless adds a change per ACL entry and per item of a declared
// dictionary that differs. Only what was read is compared (Entries and
// Items are nil until read); the settings dictionary's items are operated
// (edgectl maintenance on|off), not declared, and never compared; a
// write-only dictionary's items cannot be read back, and a note says so.
func compareVersionless(p *Plan, current, target *Config) {
	for _, t := range target.ACLs {
		i := slices.IndexFunc(current.ACLs, func(c desired.ACL) bool { return c.Name == t.Name })
		var cur []desired.ACLEntry
		if i >= 0 {
			if current.ACLs[i].Entries == nil {
				continue
			}
			cur = current.ACLs[i].Entries
		}
		compareEntries(p, t.Name, cur, t.Entries)
	}
	for _, t := range target.Dictionaries {
		if !t.Declared {
			continue
		}
		i := slices.IndexFunc(current.Dictionaries, func(c desired.Dictionary) bool { return c.Name == t.Name })
		cur := map[string]string{}
		switch {
		case i >= 0 && (t.WriteOnly || current.Dictionaries[i].WriteOnly):
			p.Notes = append(p.Notes, fmt.Sprintf("dictionary %s is write-only: Fastly does not return its items, so they were not compared; publish writes them only when it creates the dictionary", t.Name))
			continue
		case i >= 0 && current.Dictionaries[i].Items == nil:
			continue
		case i >= 0:
			cur = current.Dictionaries[i].Items
		}
		compareItems(p, t, cur)
	}
}

func compareEntries(p *Plan, acl string, current, target []desired.ACLEntry) {
	key := desired.ACLEntry.String
	cur := map[string]desired.ACLEntry{}
	for _, e := range current {
		cur[key(e)] = e
	}
	want := map[string]bool{}
	for _, e := range target {
		want[key(e)] = true
		if _, ok := cur[key(e)]; !ok {
			p.Changes = append(p.Changes, Change{Kind: KindACLEntry, Name: acl + " " + key(e), Action: Create, to: item{table: acl, entry: e}})
		}
	}
	for _, e := range current {
		if !want[key(e)] {
			p.Changes = append(p.Changes, Change{Kind: KindACLEntry, Name: acl + " " + key(e), Action: Delete, Drift: true, from: item{table: acl, entry: e}})
		}
	}
}

func compareItems(p *Plan, t desired.Dictionary, current map[string]string) {
	shown := func(v string) string {
		if t.WriteOnly {
			return "(write-only: hidden)"
		}
		return v
	}
	name := func(k string) string { return t.Name + "[" + strconv.Quote(k) + "]" }
	for _, k := range slices.Sorted(maps.Keys(t.Items)) {
		v := t.Items[k]
		to := item{table: t.Name, key: k, value: v}
		switch old, ok := current[k]; {
		case !ok:
			p.Changes = append(p.Changes, Change{Kind: KindDictionaryItem, Name: name(k), Action: Create, Fields: []Field{{Name: "value", New: shown(v)}}, to: to})
		case old != v:
			p.Changes = append(p.Changes, Change{Kind: KindDictionaryItem, Name: name(k), Action: Update, Fields: []Field{{Name: "value", Old: shown(old), New: shown(v)}}, from: item{table: t.Name, key: k, value: old}, to: to})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(current)) {
		if _, ok := t.Items[k]; !ok {
			p.Changes = append(p.Changes, Change{Kind: KindDictionaryItem, Name: name(k), Action: Delete, Drift: true, from: item{table: t.Name, key: k, value: current[k]}})
		}
	}
}

// VersionOnly returns a copy of c without versionless data (ACL entries and
// dictionary items unread), as a version alone holds it.
func (c *Config) VersionOnly() *Config {
	out := *c
	out.ACLs = make([]desired.ACL, len(c.ACLs))
	for i, a := range c.ACLs {
		out.ACLs[i] = desired.ACL{Name: a.Name}
	}
	out.Dictionaries = make([]desired.Dictionary, len(c.Dictionaries))
	for i, d := range c.Dictionaries {
		d.Items = nil
		out.Dictionaries[i] = d
	}
	return &out
}

// versionless reports whether a change kind is versionless data.
func versionless(kind string) bool { return kind == KindACLEntry || kind == KindDictionaryItem }

// Versioned reports whether anything of a version changes: some write of
// Operations needs a draft. When none does, publish writes the versionless
// changes (Batches, a dynamic snippet's content) and creates no version.
func (p *Plan) Versioned() bool {
	ops, err := p.Operations()
	if err != nil {
		return true
	}
	return slices.ContainsFunc(ops, func(o Operation) bool { return !o.Versionless() })
}

// Batches returns the versionless changes as batch writes: per ACL and per
// dictionary, deletes first, at most MaxBatch operations each.
func (p *Plan) Batches() []Batch {
	type tableKey struct{ kind, table string }
	var order []tableKey
	ops := map[tableKey][]BatchOp{}
	for _, deletes := range []bool{true, false} {
		for _, c := range p.Changes {
			if !versionless(c.Kind) || (c.Action == Delete) != deletes {
				continue
			}
			it, _ := c.to.(item)
			if c.Action == Delete {
				it = c.from.(item)
			}
			k := tableKey{c.Kind, it.table}
			if _, seen := ops[k]; !seen {
				order = append(order, k)
			}
			ops[k] = append(ops[k], batchOp(c.Kind, c.Action, it))
		}
	}
	var out []Batch
	for _, k := range order {
		for all := ops[k]; len(all) > 0; {
			n := min(len(all), MaxBatch)
			out = append(out, Batch{Kind: k.kind, Table: k.table, Ops: all[:n]})
			all = all[n:]
		}
	}
	return out
}

// batchOp is the batch operation of one change: ACL entries are created or
// deleted (an entry is its address, so it has nothing to update);
// dictionary items are upserted or deleted.
func batchOp(kind string, a Action, it item) BatchOp {
	switch {
	case kind == KindACLEntry && a == Delete:
		return BatchOp{Op: "delete", Entry: it.entry}
	case kind == KindACLEntry:
		return BatchOp{Op: "create", Entry: it.entry}
	case a == Delete:
		return BatchOp{Op: "delete", Key: it.key}
	}
	return BatchOp{Op: "upsert", Key: it.key, Value: it.value}
}
