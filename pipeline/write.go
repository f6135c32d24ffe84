package pipeline

import (
	"io/fs"
	"strings"

	"github.com/webplatform/edgectl/atomicdir"
)

// Tree returns the output files of the build, path (slash-separated,
// relative to the output directory) to content: for every unit
// <service>/<level>/main.vcl, errors.vcl, private.vcl (the placeholder, for
// services with a private include), local.vcl and service.json.
func (o *Output) Tree() (map[string][]byte, error) {
	tree := map[string][]byte{}
	for _, u := range o.Units {
		for _, f := range u.Result.Files {
			tree[u.Dir()+"/"+f.Name+".vcl"] = []byte(f.Content)
		}
		js, err := u.Result.Service.Marshal()
		if err != nil {
			return nil, err
		}
		tree[u.Dir()+"/service.json"] = js
	}
	return tree, nil
}

// Write writes the output tree to dir atomically (see atomicdir). With
// keepOthers, unit directories of dir that this build did not produce are
// carried over (a build of some services or levels); otherwise dir holds
// exactly this build. A dir holding anything but service directories is
// refused: it is not a build tree.
func (o *Output) Write(dir string, keepOthers bool) error {
	tree, err := o.Tree()
	if err != nil {
		return err
	}
	var keep func(string) bool
	if keepOthers {
		rebuilt := map[string]bool{}
		for _, u := range o.Units {
			rebuilt[u.Dir()] = true
		}
		keep = func(rel string) bool {
			parts := strings.SplitN(rel, "/", 3)
			return len(parts) == 3 && !rebuilt[parts[0]+"/"+parts[1]]
		}
	}
	return atomicdir.Write(dir, tree, keep, func(e fs.DirEntry) bool { return e.IsDir() })
}
