package session

import (
	"cmp"
	"fmt"
	"io"
)

// ImportRequest is one import: the Fastly service ServiceID of Level (and
// LevelIDs, LEVEL=ID, for the others) written as definition Name under
// Root.
type ImportRequest struct {
	Root, Name, Level, ServiceID string
	LevelIDs                     []string
	// PrivateDir receives the private include ("" for nowhere).
	PrivateDir string
	// Force overwrites existing files; DryRun writes none.
	Force, DryRun bool
	// Log receives a line after each file is written, so that a failure
	// shows how far it came (nil: no lines).
	Log io.Writer
}

// Check refuses a request that cannot be right whatever Fastly holds,
// before any credential is needed.
func (r *ImportRequest) Check() error {
	if r.ServiceID == "" || r.Name == "" {
		return fmt.Errorf("import needs --service-id ID and --name NAME")
	}
	return CheckServiceName(r.Name)
}

// ImportReport is what an import wrote (or, on a dry run, would write).
type ImportReport struct {
	// Name and Level are the definition written and the level read.
	Name, Level string
	// Paths are the repository files, in the order written.
	Paths []string
	// PrivatePath is where the private include went ("" for nowhere).
	PrivatePath string
	// Warnings are what the definition could not express, and a private
	// include left unsaved, printed on the session's Stderr (unless quiet)
	// once the files are written; a dry run shows the files only.
	Warnings []string
	DryRun   bool
}

// ImportService reads the service of every level from Fastly and writes
// the definition: the private include first (into PrivateDir only), then
// the repository files. A definition that does not load is a
// DefinitionError holding the levels' problems only: a broken service
// definition does not stop an import.
func (s *Session) ImportService(req ImportRequest) (*ImportReport, error) {
	site, levelDiags := ImportSite(req.Root)
	if site == nil {
		return nil, &DefinitionError{Diags: levelDiags}
	}
	ids, err := ImportServiceIDs(site, req.Name, req.Level, req.ServiceID, req.LevelIDs)
	if err != nil {
		return nil, err
	}
	imp, err := s.Import(site, req.Name, req.Level, ids)
	if err != nil {
		return nil, err
	}
	if err := imp.CheckFree(req.Root, req.Force); err != nil {
		return nil, err
	}
	r := &ImportReport{Name: req.Name, Level: req.Level, Paths: imp.Paths, DryRun: req.DryRun}
	if imp.Private != nil && req.PrivateDir != "" {
		r.PrivatePath = PrivatePath(req.PrivateDir, req.Name)
	}
	if req.DryRun {
		return r, nil
	}
	req.Log = cmp.Or(req.Log, io.Writer(io.Discard))
	if r.PrivatePath != "" {
		if _, err := imp.WritePrivate(req.PrivateDir, req.Name, req.Force); err != nil {
			return nil, err
		}
		fmt.Fprintf(req.Log, "wrote the private include to %s (content not shown)\n", r.PrivatePath)
	}
	if err := imp.WriteFiles(req.Root, func(p string) { fmt.Fprintf(req.Log, "wrote %s\n", p) }); err != nil {
		return nil, err
	}
	r.Warnings = imp.Warnings
	if imp.Private != nil && req.PrivateDir == "" {
		r.Warnings = append(r.Warnings, fmt.Sprintf("the service has a private include; its content was not written anywhere: import again with --private-dir DIR to save it as DIR/%s.vcl", req.Name))
	}
	for _, w := range r.Warnings {
		s.warn(w)
	}
	return r, nil
}
