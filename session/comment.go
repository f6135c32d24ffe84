package session

import (
	"fmt"
	"os/exec"
	"strings"
)

// VersionComment is the version comment: what produced the state, and the
// git commit of the source in root (with -dirty when the tree has changes).
func VersionComment(root, comment string) string {
	commit := "unknown"
	if out, err := exec.Command("git", "-C", root, "rev-parse", "--short=12", "HEAD").Output(); err == nil {
		commit = strings.TrimSpace(string(out))
		if st, err := exec.Command("git", "-C", root, "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
			commit += "-dirty"
		}
	}
	return fmt.Sprintf("%s; git %s", comment, commit)
}
