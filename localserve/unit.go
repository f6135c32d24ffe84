package localserve

import (
	"io"

	"github.com/webplatform/edgectl/pipeline"
	"github.com/webplatform/edgectl/verify"
)

// ForUnit makes the Variant of a compiled unit (see NewVariant) and the
// Handler that serves it through falco, logging on log.
func ForUnit(u *pipeline.Unit, origin *Origin, log io.Writer) (*Handler, *Variant, error) {
	v, err := NewVariant(UnitFiles(u), u.MaxBackends, origin)
	if err != nil {
		return nil, nil, err
	}
	return &Handler{Engine: NewFalco(v), Log: log, StandIns: v.StandIns}, v, nil
}

// UnitFiles are the VCL files of a compiled unit, by include name.
func UnitFiles(u *pipeline.Unit) verify.Files {
	files := verify.Files{}
	for _, f := range u.Result.Files {
		files[f.Name] = f.Content
	}
	return files
}

// Domains are the unit's domains, for the certificate.
func Domains(u *pipeline.Unit) []string {
	var names []string
	for _, d := range u.Result.Service.Domains {
		names = append(names, d.Name)
	}
	return names
}
