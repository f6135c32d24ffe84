package fleet

import (
	"fmt"
	"os"
)

// Credentials says how a level's OpenStack project is reached: the
// clouds.yaml entry to authenticate with (empty for the OS_* variables) and
// a description for people. The first of these wins: flagCloud (--cloud),
// $OS_CLOUD, $OS_AUTH_URL (the OS_* variables), the level's cloud entry in
// fleet.yaml. The first three name one project, so they are refused when
// several levels (levels > 1) are selected.
func Credentials(flagCloud string, level *Level, levels int) (entry, what string, err error) {
	single := ""
	switch {
	case flagCloud != "":
		entry, single = flagCloud, "--cloud "+flagCloud
	case os.Getenv("OS_CLOUD") != "":
		entry, single = os.Getenv("OS_CLOUD"), "OS_CLOUD="+os.Getenv("OS_CLOUD")
	case os.Getenv("OS_AUTH_URL") != "":
		single = "OS_AUTH_URL=" + os.Getenv("OS_AUTH_URL")
		if p := os.Getenv("OS_PROJECT_NAME") + os.Getenv("OS_PROJECT_ID"); p != "" {
			single += " project " + p
		}
	case level.Cloud != "":
		return level.Cloud, "clouds.yaml entry " + level.Cloud, nil
	default:
		return "", "", fmt.Errorf("no credentials for level %s: set --cloud, $OS_CLOUD or the OS_* variables, or give the level a cloud entry in %s", level.Name, FileName)
	}
	if levels > 1 {
		return "", "", fmt.Errorf("%s names one project but %d levels are selected: choose the level with --level", single, levels)
	}
	return entry, single, nil
}
