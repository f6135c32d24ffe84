package definition

import (
	"os"
	"path/filepath"
)

// FindRoot returns the nearest directory holding levels.yaml, from the
// working directory up, as git finds .git: relative to the working
// directory, so that paths printed stay short. Without one it returns ".",
// and the command that needs the repository says how to fix it.
func FindRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if st, err := os.Stat(filepath.Join(dir, LevelsFileName)); err == nil && st.Mode().IsRegular() {
			if rel, err := filepath.Rel(wd, dir); err == nil {
				return rel
			}
			return dir
		}
		if filepath.Dir(dir) == dir {
			return "."
		}
	}
}
