package fastlyplan

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/desired"
)

// Operation is one API write of a publish, on the draft version.
type Operation struct {
	Action Action
	// Kind is an object kind of the plan, or one of the link kinds
	// director_backend and dictionary_item, vcl_main (mark a VCL main) or
	// snippet_content (a dynamic snippet's versionless content).
	Kind string
	Name string
	// Member is the backend of a director_backend and the key of a
	// dictionary_item.
	Member string
	// Value is what to write: the desired object, a VCL, or an item value.
	Value any
}

// Versionless reports whether the write changes no version: it takes
// effect on the active version at once (a dynamic snippet's content).
func (o Operation) Versionless() bool { return o.Kind == KindSnippetContent }

// String names the operation for progress and error messages. It never
// includes a VCL's content.
func (o Operation) String() string {
	switch o.Kind {
	case "director_backend":
		if o.Action == Create {
			return fmt.Sprintf("add backend %s to director %s", o.Member, o.Name)
		}
		return fmt.Sprintf("remove backend %s from director %s", o.Member, o.Name)
	case "dictionary_item":
		return fmt.Sprintf("seed item %s of dictionary %s", o.Member, o.Name)
	case "vcl_main":
		return fmt.Sprintf("mark vcl %s main", o.Name)
	case KindSnippetContent:
		return fmt.Sprintf("write content of dynamic snippet %s", o.Name)
	case "settings":
		return "update settings"
	case "vcl":
		if o.Action == Update {
			return fmt.Sprintf("upload vcl %s", o.Name)
		}
	}
	return fmt.Sprintf("%s %s %s", o.Action, o.Kind, o.Name)
}

// unmanagedDeleteOrder deletes what refers to conditions before conditions.
var unmanagedDeleteOrder = []string{"header", "response_object", "request_setting", "cache_setting", "snippet", "gzip", "condition", "acl"}

// Operations returns the API writes that apply the plan to a draft version
// (the versionless changes are Batches),
// one write each, in an order Fastly accepts: objects are created after
// what they refer to and deleted before it. Nothing is written for an
// unchanged object. It fails, before anything is written, when the plan
// cannot be applied (the private include must be created but its content
// was not given).
func (p *Plan) Operations() ([]Operation, error) {
	var ops []Operation
	byKind := map[string][]Change{}
	for _, c := range p.Changes {
		byKind[c.Kind] = append(byKind[c.Kind], c)
	}
	for _, c := range p.Changes {
		if versionless(c.Kind) {
			continue // written by Batches, apart from the version
		}
		if _, bare := c.to.(Object); bare && c.Action != Delete {
			// Known by name only (a rollback target's object of a kind
			// read by name): nothing to create it from.
			return nil, fmt.Errorf("cannot %s %s %q: edgectl only removes objects of this kind", c.Action, c.Kind, c.Name)
		}
		if kindRank(c.Kind) == len(kindOrder) && c.Action != Delete {
			return nil, fmt.Errorf("cannot %s %s %q: edgectl only removes objects of this kind", c.Action, c.Kind, c.Name)
		}
		if w, ok := c.to.(LoggingWrite); ok && c.Action == Create && len(w.Unknown) > 0 {
			return nil, fmt.Errorf("cannot create %s %q: the value of its %s was not given; pass --private-dir or set EDGECTL_PRIVATE_DIR to the directory holding its credentials", c.Kind, c.Name, strings.Join(w.Unknown, " and "))
		}
		if c.Kind == "gzip" && c.Action != Delete {
			return nil, fmt.Errorf("cannot %s gzip %q: compression is decided in VCL, edgectl only removes gzip objects", c.Action, c.Name)
		}
	}
	pick := func(kind string, a Action) []Change {
		var out []Change
		for _, c := range byKind[kind] {
			if c.Action == a {
				out = append(out, c)
			}
		}
		return out
	}
	// add appends an operation a for each change a of kind.
	add := func(a Action, kind string) {
		for _, c := range pick(kind, a) {
			ops = append(ops, Operation{Action: a, Kind: kind, Name: c.Name, Value: c.to})
		}
	}

	// 1. Drift that refers to other objects goes first.
	seenUnmanaged := map[string]bool{}
	for _, k := range unmanagedDeleteOrder {
		seenUnmanaged[k] = true
		add(Delete, k)
	}
	var other []string
	for k := range byKind {
		if kindRank(k) == len(kindOrder) && !seenUnmanaged[k] {
			other = append(other, k)
		}
	}
	slices.Sort(other)
	for _, k := range other {
		add(Delete, k)
	}

	// Logging endpoints refer to conditions (response_condition).
	for _, k := range loggingKinds {
		add(Delete, k)
	}

	// 2. Directors stop referring to backends before backends go.
	for _, c := range pick("director", Update) {
		from, to := c.from.(desired.Director), c.to.(desired.Director)
		ops = append(ops, memberOperations(Delete, c.Name, from.Backends, to.Backends)...)
	}
	add(Delete, "director")
	add(Delete, "backend")

	// 3. Health checks before the backends that use them, backends before
	// the directors that group them.
	add(Create, "healthcheck")
	add(Update, "healthcheck")
	add(Create, "backend")
	add(Update, "backend")
	add(Delete, "healthcheck")
	for _, c := range pick("director", Create) {
		ops = append(ops, Operation{Action: Create, Kind: "director", Name: c.Name, Value: c.to})
		ops = append(ops, memberOperations(Create, c.Name, c.to.(desired.Director).Backends, nil)...)
	}
	for _, c := range pick("director", Update) {
		from, to := c.from.(desired.Director), c.to.(desired.Director)
		for _, f := range c.Fields {
			if f.Name != "backends" {
				ops = append(ops, Operation{Action: Update, Kind: "director", Name: c.Name, Value: to})
				break
			}
		}
		ops = append(ops, memberOperations(Create, c.Name, to.Backends, from.Backends)...)
	}

	// 4. Domains, settings, dictionaries.
	add(Delete, "domain")
	add(Create, "domain")
	add(Update, "domain")
	add(Update, "settings")
	add(Delete, "dictionary")
	for _, c := range pick("dictionary", Create) {
		d := c.to.(desired.Dictionary)
		ops = append(ops, Operation{Action: Create, Kind: "dictionary", Name: c.Name, Value: d})
		// Items are seeded only here, when the dictionary is new: an
		// existing dictionary keeps the values an operator set.
		for _, k := range slices.Sorted(maps.Keys(d.Items)) {
			ops = append(ops, Operation{Action: Create, Kind: "dictionary_item", Name: c.Name, Member: k, Value: d.Items[k]})
		}
	}
	add(Update, "dictionary")
	add(Create, "acl")
	ops = append(ops, webUIOperations(byKind)...)
	for _, k := range loggingKinds {
		add(Create, k)
		add(Update, k)
	}

	// 5. VCL: new and changed content, then the main flag, then removals,
	// so that the version always has a main VCL once it had one.
	var mains []Operation
	for _, f := range p.VCLs {
		switch {
		case f.Action == Create && f.to.Unknown:
			return nil, fmt.Errorf("the private include of %s is not on Fastly and its content was not given; pass --private-dir or set EDGECTL_PRIVATE_DIR to the directory holding %s.vcl", p.Service, p.Service)
		case f.Action == Create:
			ops = append(ops, Operation{Action: Create, Kind: "vcl", Name: f.Name, Value: f.to})
		case f.Action == Update:
			if f.Content {
				ops = append(ops, Operation{Action: Update, Kind: "vcl", Name: f.Name, Value: f.to})
			}
			if f.Main != nil && f.to.Main {
				mains = append(mains, Operation{Action: Update, Kind: "vcl_main", Name: f.Name})
			}
		}
	}
	ops = append(ops, mains...)
	for _, f := range p.VCLs {
		if f.Action == Delete {
			ops = append(ops, Operation{Action: Delete, Kind: "vcl", Name: f.Name})
		}
	}
	return ops, nil
}

// memberOperations returns a director_backend operation of action for each
// backend of members that others lacks, in members' order: the members a
// director gains (Create) or loses (Delete).
func memberOperations(action Action, director string, members, others []string) []Operation {
	var ops []Operation
	for _, b := range members {
		if !slices.Contains(others, b) {
			ops = append(ops, Operation{Action: action, Kind: "director_backend", Name: director, Member: b})
		}
	}
	return ops
}
