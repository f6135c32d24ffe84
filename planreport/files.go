package planreport

import (
	"bytes"
	"fmt"

	"github.com/webplatform/edgectl/repofs"
)

// MaxDiffJSON bounds one diff document read by ReadFiles.
const MaxDiffJSON = 64 << 20

// ReadFiles reads and decodes the diff documents in the named files, in
// order. Each is read bounded and only if regular: a FIFO or /dev/zero
// must not hang.
func ReadFiles(names []string) ([]*Diff, error) {
	var docs []*Diff
	for _, name := range names {
		data, err := repofs.ReadOutside(name, MaxDiffJSON)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %v", name, err)
		}
		d, err := Decode(name, bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, nil
}
