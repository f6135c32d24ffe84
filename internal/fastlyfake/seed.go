package fastlyfake

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// ServiceSeed is a service the sandbox starts with.
type ServiceSeed struct {
	// ID and Name are the service's; ID is required.
	ID, Name string
	Comment  string
	// Config, when set, is version 1: active and locked, as a service set
	// up in Fastly's web UI is. Without it, version 1 is empty and
	// unlocked, as POST /service makes it.
	Config *SeedConfig
	// Drafts adds this many empty, unlocked versions after version 1, so
	// that the next version created is numbered Drafts+2.
	Drafts int
}

// SeedConfig is the hand-made configuration of a seeded version 1.
type SeedConfig struct {
	// Domain is the version's one domain (none when empty).
	Domain string
	// Backend is the version's one backend (none when Address is empty).
	Backend SeedBackend
	// MainVCL is the custom VCL uploaded as "main" and marked main; empty
	// means [Boilerplate].
	MainVCL string
	// Dictionaries are edge dictionaries with their items.
	Dictionaries []SeedDictionary
	// DefaultTTL is the version's general.default_ttl in seconds; 0 keeps
	// Fastly's default (3600).
	DefaultTTL int
	// ACLs are access control lists with their entries.
	ACLs []SeedACL
}

// SeedACL is an ACL of a seeded version. Each entry is an address or a
// network ("192.0.2.0/24"), negated when it starts with "!".
type SeedACL struct {
	Name    string
	Entries []string
}

// SeedBackend is a backend of a seeded version.
type SeedBackend struct {
	Name    string // default "origin"
	Address string
	Port    int // default 80, or 443 with UseSSL
	UseSSL  bool
}

// SeedDictionary is an edge dictionary of a seeded version.
type SeedDictionary struct {
	Name  string
	Items map[string]string
}

// Seed adds services. A service whose ID the sandbox already holds (from
// the state file, say) is left as it is, so that seeding at every start
// keeps what a previous run did; Seed reports how many it added.
func (s *Server) Seed(seeds ...ServiceSeed) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := stamp(s.now())
	added := 0
	for _, sd := range seeds {
		if sd.ID == "" {
			return added, errors.New("sandbox: a seeded service needs an ID")
		}
		if s.st.service(sd.ID) != nil {
			continue
		}
		svc := &service{ID: sd.ID, Name: cmp.Or(sd.Name, sd.ID), Comment: sd.Comment, CustomerID: s.opts.CustomerID, Type: "vcl", CreatedAt: now, UpdatedAt: now}
		v1 := newVersion(1, now)
		if sd.Config != nil {
			if err := s.seedConfig(svc, v1, sd.Config, now); err != nil {
				return added, fmt.Errorf("sandbox: service %s: %w", sd.ID, err)
			}
			v1.Active, v1.Locked = true, true
		}
		svc.Versions = []*version{v1}
		for i := 0; i < sd.Drafts; i++ {
			svc.Versions = append(svc.Versions, newVersion(i+2, now))
		}
		s.st.Services = append(s.st.Services, svc)
		added++
	}
	if added > 0 {
		s.save()
	}
	return added, nil
}

// seedConfig fills v with cfg, through the same code the API uses, so that a
// seeded object has every field a created one has.
func (s *Server) seedConfig(svc *service, v *version, cfg *SeedConfig, now string) error {
	add := func(k *kind, fields map[string]string) (record, error) {
		rec := record{"created_at": now, "updated_at": now}
		for _, f := range k.fields {
			rec[f.name] = f.def
			if l, ok := f.def.([]string); ok {
				rec[f.name] = slices.Clone(l)
			}
		}
		form := map[string][]string{}
		for key, val := range fields {
			form[key] = []string{val}
		}
		if err := applyForm(rec, k.fields, form); err != nil {
			return nil, err
		}
		rec["name"] = fields["name"]
		if k.hasID {
			rec["id"] = s.opts.NewID()
		}
		if aerr := k.finish(rec); aerr != nil {
			return nil, errors.New(aerr.detail)
		}
		v.Objects[k.plural] = append(v.Objects[k.plural], rec)
		return rec, nil
	}
	if cfg.Backend.Address != "" {
		b := cfg.Backend
		port := b.Port
		if port == 0 {
			port = map[bool]int{false: 80, true: 443}[b.UseSSL]
		}
		fields := map[string]string{"name": cmp.Or(b.Name, "origin"), "address": b.Address, "port": fmt.Sprint(port)}
		if b.UseSSL {
			fields["use_ssl"] = "1"
			fields["ssl_cert_hostname"] = b.Address
			fields["ssl_sni_hostname"] = b.Address
		}
		if _, err := add(kindBackend, fields); err != nil {
			return err
		}
	}
	if cfg.Domain != "" {
		if _, err := add(kindDomain, map[string]string{"name": cfg.Domain}); err != nil {
			return err
		}
	}
	if cfg.DefaultTTL > 0 {
		v.Settings["general.default_ttl"] = cfg.DefaultTTL
	}
	if _, err := add(kindVCL, map[string]string{"name": "main", "content": cmp.Or(cfg.MainVCL, Boilerplate), "main": "1"}); err != nil {
		return err
	}
	for _, d := range cfg.Dictionaries {
		rec, err := add(kindDictionary, map[string]string{"name": d.Name})
		if err != nil {
			return err
		}
		var items []*item
		for _, k := range sortedKeys(d.Items) {
			if aerr := checkItem(k, d.Items[k]); aerr != nil {
				return errors.New(aerr.detail)
			}
			items = append(items, &item{Key: k, Value: d.Items[k], CreatedAt: now, UpdatedAt: now})
		}
		s.st.setItems(svc.ID, rec.str("id"), items)
	}
	for _, a := range cfg.ACLs {
		rec, err := add(kindACL, map[string]string{"name": a.Name})
		if err != nil {
			return err
		}
		if len(a.Entries) > maxACLEntries {
			return fmt.Errorf("ACL %s: %d entries, more than Fastly's %d", a.Name, len(a.Entries), maxACLEntries)
		}
		var entries []*aclEntry
		for _, spec := range a.Entries {
			e, err := seedEntry(spec, s.opts.NewID(), now)
			if err != nil {
				return err
			}
			entries = append(entries, e)
		}
		s.st.setACLEntries(svc.ID, rec.str("id"), entries)
	}
	return nil
}
