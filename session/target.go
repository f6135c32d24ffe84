package session

import (
	"fmt"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/diag"
)

// DefinitionError is a repository whose definitions do not load. Its
// diagnostics name file:line:col and say how to fix each problem; the
// caller prints them.
type DefinitionError struct{ Diags diag.List }

func (e *DefinitionError) Error() string {
	if err := e.Diags.Err(); err != nil {
		return err.Error()
	}
	return "the definitions do not load"
}

// loadSite loads the definitions under root; their errors come back as a
// DefinitionError.
func loadSite(root string) (*definition.Site, error) {
	site, diags := definition.Load(root)
	if diags.HasErrors() {
		return nil, &DefinitionError{Diags: diags}
	}
	return site, nil
}

// ServiceID looks the Fastly service ID of service name at level up in the
// definitions under root. An unknown service or level is an error naming
// the closest known ones (definition.Site.ServiceAt's wording).
func ServiceID(root, name, level string) (string, error) {
	site, err := loadSite(root)
	if err != nil {
		return "", err
	}
	_, id, err := site.ServiceAt(name, level)
	return id, err
}

// buildError is the error of a compile: its diagnostics when they hold
// errors, else err.
func buildError(diags diag.List, err error) error {
	if diags.HasErrors() {
		return &DefinitionError{Diags: diags}
	}
	return err
}

// Where names a service at a level as every message of the sync commands
// does: "www (production)".
func Where(service, level string) string { return fmt.Sprintf("%s (%s)", service, level) }
