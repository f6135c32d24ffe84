package pipeline

import (
	"fmt"

	"github.com/webplatform/edgectl/definition"
	"github.com/webplatform/edgectl/diag"
)

// Fastly's limits that a build can check before anything is uploaded.
const (
	// DefaultMaxBackends is Fastly's default number of backends per service.
	DefaultMaxBackends = 5
	// MaxVCLBytes is the reported size limit of one custom VCL file.
	MaxVCLBytes = 3 << 20
)

// maxBackends is the backend limit of svc: its max_backends, or Fastly's
// default.
func maxBackends(svc *definition.Service) int {
	if svc.MaxBackends == 0 {
		return DefaultMaxBackends
	}
	return svc.MaxBackends
}

func checkLimits(u *Unit, svc *definition.Service, private string) diag.List {
	var diags diag.List
	max := u.MaxBackends
	if n := len(u.Result.Service.Backends); n > max {
		pos := svc.Meta.At("backends")
		if svc.Meta.Has("max_backends") {
			pos = svc.Meta.At("max_backends")
		}
		diags.Errorf(pos,
			fmt.Sprintf("Fastly allows %d backends on this service; ask Fastly support to raise the limit and set max_backends, or use fewer VMs", max),
			"%s has %d backends at level %s, over the limit of %d", svc.Name, n, u.Level, max)
	}
	for _, f := range u.Result.Files {
		if f.Upload && len(f.Content) > MaxVCLBytes {
			diags.Errorf(diag.Pos{File: svc.File}, "move data into edge dictionaries or split hooks", "%s/%s.vcl is %d bytes, over Fastly's %d-byte limit for a VCL file", u.Dir(), f.Name, len(f.Content), MaxVCLBytes)
		}
	}
	if len(private) > MaxVCLBytes {
		diags.Errorf(svc.Meta.At("private_include"), "shrink the private include", "the private include of %s is over Fastly's %d-byte limit for a VCL file", svc.Name, MaxVCLBytes)
	}
	return diags
}
