package fastlyfake

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// marshalState encodes st as indented JSON: services sorted by ID, versions
// by number, objects in creation order, every map sorted by key. Equal
// states give equal bytes.
func marshalState(st *state) ([]byte, error) {
	c := *st
	c.Services = slices.Clone(st.Services)
	slices.SortFunc(c.Services, func(a, b *service) int { return cmp.Compare(a.ID, b.ID) })
	if c.Items == nil {
		c.Items = map[string]map[string][]*item{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// saveDelay is how long after a change the state file is written: the
// changes of a burst (a publish makes dozens) are written once, and the
// state is not encoded again on every request.
const saveDelay = 200 * time.Millisecond

// saver writes the state file debounced.
type saver struct {
	mu      sync.Mutex // guards pending, dirty and writes
	pending *time.Timer
	dirty   bool
	writes  int
	// file serialises writes of the file.
	file sync.Mutex
}

// save notes a change of the state; the state file, if there is one, is
// written saveDelay later (see Flush). The caller holds s.mu.
func (s *Server) save() {
	if s.opts.StateFile == "" {
		return
	}
	s.saver.mu.Lock()
	defer s.saver.mu.Unlock()
	s.saver.dirty = true
	if s.saver.pending == nil {
		s.saver.pending = time.AfterFunc(saveDelay, s.Flush)
	}
}

// Flush writes the state file now if a change is not written yet. A
// failure is logged: the change is made in memory and the API answered it.
// Call it before the process ends.
func (s *Server) Flush() {
	if s.opts.StateFile == "" {
		return
	}
	s.saver.file.Lock()
	defer s.saver.file.Unlock()
	s.saver.mu.Lock()
	if s.saver.pending != nil {
		s.saver.pending.Stop()
		s.saver.pending = nil
	}
	dirty := s.saver.dirty
	s.saver.dirty = false
	if dirty {
		s.saver.writes++
	}
	s.saver.mu.Unlock()
	if !dirty {
		return
	}
	s.mu.RLock()
	data, err := marshalState(s.st)
	s.mu.RUnlock()
	if err == nil {
		err = writeFile(s.opts.StateFile, data)
	}
	if err != nil && s.opts.Log != nil {
		fmt.Fprintf(s.opts.Log, "sandbox: cannot save the state: %v\n", err)
	}
}

// stateWrites counts the state file writes, for tests.
func (s *Server) stateWrites() int {
	s.saver.mu.Lock()
	defer s.saver.mu.Unlock()
	return s.saver.writes
}

func writeState(path string, st *state) error {
	data, err := marshalState(st)
	if err != nil {
		return err
	}
	return writeFile(path, data)
}

// writeFile replaces path atomically: a temporary file beside it, mode 0600
// (the state holds uploaded VCL, the private include too), synced, then
// renamed over it. The temporary file is removed on any failure.
func writeFile(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// loadState reads a state file. A missing file is no state (nil, nil).
func loadState(path string) (*state, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sandbox: cannot read the state file: %w", err)
	}
	st, err := decodeState(data)
	if err != nil {
		return nil, fmt.Errorf("sandbox: invalid state file %s: %w", path, err)
	}
	return st, nil
}

func decodeState(data []byte) (*state, error) {
	var st state
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, svc := range st.Services {
		if svc == nil || svc.ID == "" {
			return nil, errors.New("a service has no id")
		}
		if seen[svc.ID] {
			return nil, fmt.Errorf("service %s is listed twice", svc.ID)
		}
		seen[svc.ID] = true
		numbers := map[int]bool{}
		for _, v := range svc.Versions {
			if v == nil || v.Number < 1 || numbers[v.Number] {
				return nil, fmt.Errorf("service %s has a missing, repeated or invalid version number", svc.ID)
			}
			numbers[v.Number] = true
			normalize(v)
		}
		slices.SortFunc(svc.Versions, func(a, b *version) int { return cmp.Compare(a.Number, b.Number) })
	}
	for sid, dicts := range st.Items {
		for did, items := range dicts {
			st.setItems(sid, did, slices.DeleteFunc(items, func(it *item) bool { return it == nil }))
		}
	}
	dropNulls(&st)
	return &st, nil
}

// dropNulls removes the null ACL entries and dynamic snippet contents a
// hand-edited state file can hold, as null dictionary items are removed.
func dropNulls(st *state) {
	for _, acls := range st.ACLEntries {
		for id, list := range acls {
			acls[id] = slices.DeleteFunc(list, func(e *aclEntry) bool { return e == nil })
		}
	}
	for _, contents := range st.Snippets {
		maps.DeleteFunc(contents, func(_ string, d *dynamicContent) bool { return d == nil })
	}
}

// normalize restores the Go types of a decoded version's fields (JSON
// numbers decode as float64, arrays as []any).
func normalize(v *version) {
	if v.Objects == nil {
		v.Objects = map[string][]record{}
	}
	for plural, list := range v.Objects {
		k := kindByPlural(plural)
		if k == nil {
			delete(v.Objects, plural)
			continue
		}
		types := map[string]ftype{}
		for _, f := range k.fields {
			types[f.name] = f.typ
		}
		for _, rec := range list {
			for name, val := range rec {
				rec[name] = coerce(types[name], val)
			}
			sealSecrets(k, rec)
		}
	}
	if v.Settings == nil {
		v.Settings = defaultSettings()
	}
	for _, f := range settingsFields {
		if val, ok := v.Settings[f.name]; ok {
			v.Settings[f.name] = coerce(f.typ, val)
		} else {
			v.Settings[f.name] = f.def
		}
	}
	v.DirectorBackends = slices.DeleteFunc(v.DirectorBackends, func(db *directorBackend) bool { return db == nil })
}
