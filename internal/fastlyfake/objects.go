package fastlyfake

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// notFoundObject is Fastly's 404 for an object of a version.
func (k *kind) notFound(c *call, name string) *apiError {
	return notFound(k.title, fmt.Sprintf("deleted => 0000-00-00 00:00:00, name => %s, service => %s, version => %d", name, c.svc.ID, c.ver.Number))
}

func (k *kind) list(c *call) (any, *apiError) {
	out := []any{}
	list := c.ver.Objects[k.plural]
	if k.byName {
		list = slices.Clone(list)
		slices.SortStableFunc(list, func(a, b record) int { return strings.Compare(a.str("name"), b.str("name")) })
	}
	for _, rec := range list {
		out = append(out, objectJSON(k, c.svc.ID, c.ver, rec))
	}
	return out, nil
}

func (k *kind) get(c *call) (any, *apiError) {
	name := c.path("name")
	i := c.ver.find(k, name)
	if i < 0 {
		return nil, k.notFound(c, name)
	}
	return objectJSON(k, c.svc.ID, c.ver, c.ver.Objects[k.plural][i]), nil
}

func (k *kind) create(c *call) (any, *apiError) {
	if k.refuse != nil {
		if aerr := k.refuse(c.form); aerr != nil {
			return nil, aerr
		}
	}
	name := c.form.Get("name")
	if name == "" && !k.nameOptional {
		return nil, badRequest("Name can't be blank")
	}
	if c.ver.find(k, name) >= 0 {
		return nil, duplicate(k.lower, name)
	}
	rec := record{"name": name, "created_at": c.now, "updated_at": c.now}
	for _, f := range k.fields {
		rec[f.name] = f.def
		if l, ok := f.def.([]string); ok {
			rec[f.name] = append([]string{}, l...)
		}
	}
	if k == kindBackend && c.form.Get("port") == "" && c.form.Get("use_ssl") == "1" {
		// Unrecorded; Fastly's UI fills in 443 for TLS origins.
		rec["port"] = 443
	}
	if err := applyForm(rec, k.fields, c.form); err != nil {
		return nil, badRequest("%s", err)
	}
	if aerr := k.finish(rec); aerr != nil {
		return nil, aerr
	}
	if k.hasID {
		rec["id"] = c.s.opts.NewID()
	}
	if aerr := k.applyRules(c, rec, true); aerr != nil {
		return nil, aerr
	}
	if k == kindVCL && rec.flag("main") {
		unsetMain(c.ver)
	}
	c.ver.Objects[k.plural] = append(c.ver.Objects[k.plural], rec)
	out := objectJSON(k, c.svc.ID, c.ver, rec)
	if k.createAnswer != nil {
		k.createAnswer(out, c.form)
	}
	return out, nil
}

// applyRules runs the kind's onForm rules and seals its secrets.
func (k *kind) applyRules(c *call, rec record, create bool) *apiError {
	if k.onForm != nil {
		if aerr := k.onForm(c, rec, create); aerr != nil {
			return aerr
		}
	}
	sealSecrets(k, rec)
	return nil
}

func (k *kind) finish(rec record) *apiError {
	if k.derive != nil {
		k.derive(rec)
	}
	if k.check != nil {
		if msg := k.check(rec); msg != "" {
			return badRequest("%s", msg)
		}
	}
	return nil
}

func (k *kind) update(c *call) (any, *apiError) {
	name := c.path("name")
	i := c.ver.find(k, name)
	if i < 0 {
		return nil, k.notFound(c, name)
	}
	if k.refuse != nil {
		if aerr := k.refuse(c.form); aerr != nil {
			return nil, aerr
		}
	}
	rec := c.ver.Objects[k.plural][i].clone()
	fields := k.fields
	if k == kindDictionary {
		// write_only can only be set when a dictionary is created.
		fields = nil
	}
	if err := applyForm(rec, fields, c.form); err != nil {
		return nil, badRequest("%s", err)
	}
	newName := c.form.Get("name")
	renamed := newName != "" && newName != name && !k.keepName
	if renamed {
		if c.ver.find(k, newName) >= 0 {
			return nil, duplicate(k.lower, newName)
		}
		rec["name"] = newName
	}
	if aerr := k.finish(rec); aerr != nil {
		return nil, aerr
	}
	if aerr := k.applyRules(c, rec, false); aerr != nil {
		return nil, aerr
	}
	rec["updated_at"] = c.now
	if k == kindVCL && rec.flag("main") {
		unsetMain(c.ver)
	}
	c.ver.Objects[k.plural][i] = rec
	if renamed {
		c.ver.renameLinks(k, name, newName)
	}
	return objectJSON(k, c.svc.ID, c.ver, rec), nil
}

func (k *kind) remove(c *call) (any, *apiError) {
	name := c.path("name")
	i := c.ver.find(k, name)
	if i < 0 {
		return nil, k.notFound(c, name)
	}
	c.ver.Objects[k.plural] = slices.Delete(c.ver.Objects[k.plural], i, i+1)
	// A deleted director takes its backend links along: deleting a link
	// of a deleted director answers 404 (directors/cleanup). Deleting a
	// backend drops its links too (unrecorded).
	c.ver.DirectorBackends = slices.DeleteFunc(c.ver.DirectorBackends, func(db *directorBackend) bool {
		return k == kindDirector && db.Director == name || k == kindBackend && db.Backend == name
	})
	return statusOK, nil
}

// renameLinks keeps director-backend links pointing at a renamed backend.
func (v *version) renameLinks(k *kind, from, to string) {
	for _, db := range v.DirectorBackends {
		if k == kindBackend && db.Backend == from {
			db.Backend = to
		}
	}
}

func unsetMain(v *version) {
	for _, r := range v.Objects[kindVCL.plural] {
		r["main"] = false
	}
}

// setMainVCL marks one VCL as the main one (PUT .../vcl/{name}/main).
func setMainVCL(c *call) (any, *apiError) {
	name := c.path("name")
	i := c.ver.find(kindVCL, name)
	if i < 0 {
		return nil, kindVCL.notFound(c, name)
	}
	unsetMain(c.ver)
	rec := c.ver.Objects[kindVCL.plural][i]
	rec["main"] = true
	rec["updated_at"] = c.now
	return objectJSON(kindVCL, c.svc.ID, c.ver, rec), nil
}

func directorBackendJSON(c *call, db *directorBackend) map[string]any {
	return map[string]any{
		"backend_name":  db.Backend,
		"created_at":    db.CreatedAt,
		"deleted_at":    nil,
		"director_name": db.Director,
		"service_id":    c.svc.ID,
		"updated_at":    db.UpdatedAt,
		"version":       c.ver.Number,
	}
}

func (c *call) directorBackend() (int, *apiError) {
	d, b := c.path("director_name"), c.path("backend_name")
	i := slices.IndexFunc(c.ver.DirectorBackends, func(db *directorBackend) bool { return db.Director == d && db.Backend == b })
	if i < 0 {
		return -1, notFound("DirectorBackend", fmt.Sprintf("backend => %s, deleted => 0000-00-00 00:00:00, director => %s, service => %s, version => %d", b, d, c.svc.ID, c.ver.Number))
	}
	return i, nil
}

// createDirectorBackend links a backend to a director. Fastly does not
// check that either exists when the link is made (director_backends/create
// links two names the test never created); neither does the sandbox, and
// validation reports a director member that is not a backend.
func createDirectorBackend(c *call) (any, *apiError) {
	if _, aerr := c.directorBackend(); aerr == nil {
		return nil, duplicate("director_backend", c.path("director_name")+"/"+c.path("backend_name"))
	}
	db := &directorBackend{Director: c.path("director_name"), Backend: c.path("backend_name"), CreatedAt: c.now, UpdatedAt: c.now}
	c.ver.DirectorBackends = append(c.ver.DirectorBackends, db)
	return directorBackendJSON(c, db), nil
}

func getDirectorBackend(c *call) (any, *apiError) {
	i, aerr := c.directorBackend()
	if aerr != nil {
		return nil, aerr
	}
	return directorBackendJSON(c, c.ver.DirectorBackends[i]), nil
}

func deleteDirectorBackend(c *call) (any, *apiError) {
	i, aerr := c.directorBackend()
	if aerr != nil {
		return nil, aerr
	}
	c.ver.DirectorBackends = slices.Delete(c.ver.DirectorBackends, i, i+1)
	return statusOK, nil
}

// domainCheck is Fastly's answer for a DNS check of a domain: the domain,
// its CNAME target (null) and whether it points at Fastly. A sandbox
// domain never does.
func domainCheck(c *call, rec record) []any {
	return []any{objectJSON(kindDomain, c.svc.ID, c.ver, rec), nil, false}
}

func checkDomain(c *call) (any, *apiError) {
	name := c.path("name")
	i := c.ver.find(kindDomain, name)
	if i < 0 {
		return nil, kindDomain.notFound(c, name)
	}
	return domainCheck(c, c.ver.Objects[kindDomain.plural][i]), nil
}

func checkAllDomains(c *call) (any, *apiError) {
	out := []any{}
	for _, rec := range c.ver.Objects[kindDomain.plural] {
		out = append(out, domainCheck(c, rec))
	}
	return out, nil
}

// dictionaryInfo answers the item count, last change and a digest of a
// dictionary's items (GET .../dictionary/{dictionary_id}/info). The digest
// is a SHA-256 of the items, not Fastly's (unknown) recipe.
func dictionaryInfo(c *call) (any, *apiError) {
	id := c.path("dictionary_id")
	if slices.IndexFunc(c.ver.Objects[kindDictionary.plural], func(r record) bool { return r.str("id") == id }) < 0 {
		return nil, notFound("Dictionary", fmt.Sprintf("deleted => 0000-00-00 00:00:00, id => %s, service => %s, version => %d", id, c.svc.ID, c.ver.Number))
	}
	items := c.st.items(c.svc.ID, id)
	h := sha256.New()
	last := ""
	for _, it := range items {
		fmt.Fprintf(h, "%q=%q\n", it.Key, it.Value)
		last = max(last, it.UpdatedAt)
	}
	// Fastly writes this timestamp with a space and no zone.
	last = strings.TrimSuffix(strings.Replace(last, "T", " ", 1), "Z")
	return map[string]any{"item_count": len(items), "last_updated": last, "digest": hex.EncodeToString(h.Sum(nil))}, nil
}
