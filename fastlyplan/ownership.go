package fastlyplan

import (
	"cmp"
	"slices"
	"strings"

	"github.com/webplatform/edgectl/desired"
)

// Owner says which objects on Fastly a target configuration may change:
// *desired.Service is one (desired.Service.Owns and Keeps hold the rule).
type Owner interface {
	// Owns reports whether the target manages objects of kind k: objects
	// of that kind it lacks are deleted.
	Owns(k desired.Kind) bool
	// Keeps reports whether the object of an owned kind is left alone
	// although the target lacks it.
	Keeps(k desired.Kind, name string) bool
}

// ownsAll is the owner of a configuration without one: a version read from
// Fastly. A rollback compares two versions of Fastly itself, so everything
// is owned there: the old version is activated as it was, every kind of
// object included.
type ownsAll struct{}

func (ownsAll) Owns(desired.Kind) bool          { return true }
func (ownsAll) Keeps(desired.Kind, string) bool { return false }

// owner is the target's ownership rule.
func (c *Config) owner() Owner {
	if c.Owner == nil {
		return ownsAll{}
	}
	return c.Owner
}

// absent records an object on Fastly that the target lacks: a deletion
// (drift) when the target owns its kind, kept when the target keeps it by
// name, not managed when the target does not own the kind.
func (p *Plan) absent(kind, name string, from any) {
	switch {
	case !p.owner.Owns(kind):
		p.NotManaged = append(p.NotManaged, Object{Kind: kind, Name: name})
	case p.owner.Keeps(kind, name):
		p.Kept = append(p.Kept, Object{Kind: kind, Name: name})
	default:
		p.Changes = append(p.Changes, Change{Kind: kind, Name: name, Action: Delete, Drift: true, from: from})
	}
}

// sortObjects orders objects as changes are: by kind, then name.
func sortObjects(objs []Object) {
	slices.SortFunc(objs, func(a, b Object) int {
		if c := cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
}

// OwnershipName is the name a definition's ownership section gives kind
// k: the plural of the kind (snippets, dictionaries), the logging kinds as
// they are (logging_syslog). definition.OwnershipKinds holds the same
// names; a test keeps the two in step.
func OwnershipName(k desired.Kind) string {
	switch {
	case strings.HasPrefix(k, "logging_"):
		return k
	case strings.HasSuffix(k, "y"):
		return strings.TrimSuffix(k, "y") + "ies"
	}
	return k + "s"
}
