package fastlyfake

import (
	"slices"
	"strings"
)

// state is everything the sandbox holds. It is what the state file stores.
type state struct {
	Services []*service `json:"services"`
	// Items holds edge dictionary items by service ID, then dictionary ID.
	// Items are not versioned: they belong to the dictionary's ID, which a
	// clone keeps, so every version holding the dictionary sees them.
	Items map[string]map[string][]*item `json:"dictionary_items"`
	// ACLEntries holds ACL entries by service ID, then ACL ID: like
	// dictionary items, they belong to the ACL's ID, not to a version.
	ACLEntries map[string]map[string][]*aclEntry `json:"acl_entries,omitempty"`
	// Snippets holds the content of dynamic snippets by service ID, then
	// snippet ID: it changes without a new version.
	Snippets map[string]map[string]*dynamicContent `json:"dynamic_snippets,omitempty"`
}

// service is one Fastly service.
type service struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Comment    string     `json:"comment"`
	CustomerID string     `json:"customer_id"`
	Type       string     `json:"type"`
	CreatedAt  string     `json:"created_at"`
	UpdatedAt  string     `json:"updated_at"`
	DeletedAt  *string    `json:"deleted_at"`
	Versions   []*version `json:"versions"`
}

// version is one configuration version of a service.
type version struct {
	Number    int    `json:"number"`
	Comment   string `json:"comment"`
	Active    bool   `json:"active"`
	Locked    bool   `json:"locked"`
	Deployed  bool   `json:"deployed"`
	Staging   bool   `json:"staging"`
	Testing   bool   `json:"testing"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
	// Objects holds the versioned objects by kind (kind.plural), each list
	// in creation order, as Fastly lists them.
	Objects  map[string][]record `json:"objects"`
	Settings record              `json:"settings"`
	// DirectorBackends are the director-backend links.
	DirectorBackends []*directorBackend `json:"director_backends"`
}

// directorBackend links a backend to a director within a version.
type directorBackend struct {
	Director  string `json:"director_name"`
	Backend   string `json:"backend_name"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// item is one edge dictionary item.
type item struct {
	Key       string `json:"item_key"`
	Value     string `json:"item_value"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

func newVersion(number int, now string) *version {
	return &version{
		Number:    number,
		CreatedAt: now,
		UpdatedAt: now,
		Objects:   map[string][]record{},
		Settings:  defaultSettings(),
	}
}

func (st *state) service(id string) *service {
	for _, s := range st.Services {
		if s.ID == id {
			return s
		}
	}
	return nil
}

func (s *service) version(n int) *version {
	for _, v := range s.Versions {
		if v.Number == n {
			return v
		}
	}
	return nil
}

func (s *service) active() *version {
	for _, v := range s.Versions {
		if v.Active {
			return v
		}
	}
	return nil
}

func (s *service) latest() *version {
	if len(s.Versions) == 0 {
		return nil
	}
	return s.Versions[len(s.Versions)-1]
}

// current is the version Fastly calls "the" version of a service in list
// and details responses: the active one, else the latest. Recorded in
// services/list: a service with versions 1-4 and 3 active answers version 3.
func (s *service) current() *version {
	if v := s.active(); v != nil {
		return v
	}
	return s.latest()
}

// nextNumber is the number of the next version: one more than the highest.
func (s *service) nextNumber() int {
	n := 0
	for _, v := range s.Versions {
		n = max(n, v.Number)
	}
	return n + 1
}

// editable reports whether objects of v can be changed: Fastly refuses
// changes to locked versions, and activation locks.
func (v *version) editable() bool { return !v.Locked && !v.Active }

// find returns the index of the object of kind k named name, or -1.
func (v *version) find(k *kind, name string) int {
	return slices.IndexFunc(v.Objects[k.plural], func(r record) bool { return r.str("name") == name })
}

// clone copies every object of v into a new version numbered n: unlocked,
// inactive, with v's comment (recorded in versions/clone). Dictionary IDs
// are kept, so the items stay with the dictionary.
func (v *version) clone(n int, now string) *version {
	c := newVersion(n, now)
	c.Comment = v.Comment
	for k, list := range v.Objects {
		cl := make([]record, len(list))
		for i, r := range list {
			cl[i] = r.clone()
		}
		c.Objects[k] = cl
	}
	c.Settings = v.Settings.clone()
	for _, db := range v.DirectorBackends {
		d := *db
		c.DirectorBackends = append(c.DirectorBackends, &d)
	}
	return c
}

// dictionaryByID finds a dictionary of the service by ID in any version;
// items belong to the ID, not to a version.
func (s *service) dictionaryByID(id string) record { return s.objectByID(kindDictionary, id) }

// objectByID finds an object of kind k (one with an ID) by ID in any
// version, the latest first.
func (s *service) objectByID(k *kind, id string) record {
	for i := len(s.Versions) - 1; i >= 0; i-- {
		for _, r := range s.Versions[i].Objects[k.plural] {
			if r.str("id") == id {
				return r
			}
		}
	}
	return nil
}

// directorBackends returns the names of the backends linked to director d,
// in link order.
func (v *version) directorBackends(d string) []string {
	out := []string{}
	for _, db := range v.DirectorBackends {
		if db.Director == d {
			out = append(out, db.Backend)
		}
	}
	return out
}

func (st *state) items(serviceID, dictID string) []*item {
	return st.Items[serviceID][dictID]
}

// setItems replaces the items of a dictionary, kept sorted by key.
func (st *state) setItems(serviceID, dictID string, items []*item) {
	setSorted(&st.Items, serviceID, dictID, items, func(it *item) string { return it.Key })
}

// setSorted stores list, sorted by key, as the members of one container
// (dictionary or ACL) of one service in byService, creating the maps on
// first use; a stable order keeps listings and the state file
// deterministic.
func setSorted[T any](byService *map[string]map[string][]*T, serviceID, containerID string, list []*T, key func(*T) string) {
	if *byService == nil {
		*byService = map[string]map[string][]*T{}
	}
	if (*byService)[serviceID] == nil {
		(*byService)[serviceID] = map[string][]*T{}
	}
	slices.SortFunc(list, func(a, b *T) int { return strings.Compare(key(a), key(b)) })
	(*byService)[serviceID][containerID] = list
}
