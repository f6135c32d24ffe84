package fastlysync

import (
	"fmt"
	"path/filepath"
	"strings"

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

// ReadSecrets reads the files of dir that a service's logging credentials
// name (file name → content), as it reads the private include. Errors name
// the file, never its content. A final newline is not part of the value:
// echo writes one.
func ReadSecrets(dir, service string, files []string) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range files {
		path := filepath.Join(dir, f)
		b, err := repofs.ReadOutside(path, maxSecret)
		if err != nil {
			return nil, fmt.Errorf("cannot read a logging credential of %s: %s: %s (%s)", service, path, repofs.Message(err), repofs.Hint(err, "put the credential in <private dir>/"+f))
		}
		out[f] = strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	}
	return out, nil
}

// maxSecret bounds a credential file (a TLS key is a few KiB).
const maxSecret = 64 << 10
