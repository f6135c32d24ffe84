package fastlysync

import (
	"fmt"
	"path/filepath"

	"github.com/webplatform/edgectl/repofs"
)

// ReadPrivate reads the private include of a service from dir, as the build
// does. The error names the file, never its content.
func ReadPrivate(dir, service string) (string, error) {
	// Bounded and a regular file, as for the build: a FIFO or /dev/zero
	// must not hang or exhaust a diff.
	path := filepath.Join(dir, service+".vcl")
	b, err := repofs.ReadOutside(path, repofs.MaxVCL)
	if err != nil {
		return "", fmt.Errorf("cannot read the private include of %s: %s: %s (%s)", service, path, repofs.Message(err), repofs.Hint(err, "put it at <private dir>/"+service+".vcl"))
	}
	return string(b), nil
}
