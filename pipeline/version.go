package pipeline

import (
	"fmt"
	"runtime/debug"

	"github.com/webplatform/edgectl/compiler"
)

// Version is what a build is made with: version --output json (the
// README's Output table is its contract).
type Version struct {
	Edgectl string `json:"edgectl"`
	// Format is the compiled output's version (compiler.Version).
	Format string `json:"format"`
	Falco  string `json:"falco"`
}

// Versions reads edgectl's and falco's versions from the build info of
// the running program.
func Versions() Version {
	v := Version{Edgectl: "(devel)", Format: compiler.Version, Falco: "unknown"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		v.Edgectl = bi.Main.Version
		for _, d := range bi.Deps {
			if d.Path == "github.com/ysugimoto/falco" {
				v.Falco = d.Version
			}
		}
	}
	return v
}

// String is the version line: edgectl's version, the output format's and
// falco's.
func (v Version) String() string {
	return fmt.Sprintf("edgectl %s (%s), falco %s", v.Edgectl, v.Format, v.Falco)
}
