//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"github.com/webplatform/edgectl/internal/openstackfake"
)

// onTerminal makes standard input a new pseudo-terminal holding answer, as
// if typed, for the rest of the test.
func onTerminal(t *testing.T, answer string) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	var unlock int32
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		t.Skipf("unlockpt: %v", e)
	}
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		t.Skipf("ptsname: %v", e)
	}
	slave, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open the pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { slave.Close() })
	if _, err := master.WriteString(answer); err != nil {
		t.Fatal(err)
	}
	stdin := os.Stdin
	os.Stdin = slave
	t.Cleanup(func() { os.Stdin = stdin })
}

// TestConfirmOnTerminal: on a terminal, maintenance and fleet apply ask, and
// do nothing unless the answer is yes.
func TestConfirmOnTerminal(t *testing.T) {
	sb := syncEnv(t, "production")
	if code, stdout, stderr := syncCLI(t, "publish", "talk", "--yes", "--root", repoRoot); code != 0 {
		t.Fatalf("publish: %s%s", stdout, stderr)
	}
	for _, tc := range []struct {
		answer string
		code   int
		writes int
	}{
		{"n\n", 1, 0},
		{"\n", 1, 0},
		{"yes\n", 0, 1},
	} {
		onTerminal(t, tc.answer)
		sb.ResetRequests()
		code, stdout, stderr := syncCLI(t, "maintenance", "on", "talk", "--root", repoRoot)
		if code != tc.code || syncWrites(sb) != tc.writes || !strings.Contains(stderr, "turn maintenance on for talk (production)? [y/N]") {
			t.Errorf("answer %q: exit %d, %d writes\n%s%s", tc.answer, code, syncWrites(sb), stdout, stderr)
		}
	}

	root := fleetRoot(t)
	o := sandboxEnv(t, openstackfake.Options{BuildPolls: -1})
	o.Seed("bots", "subsonic", "", "", nil)
	onTerminal(t, "no\n")
	code, _, stderr := runCLI(t, "fleet", "apply", "--level", "workbench", "--root", root, "--poll", "1ms")
	if code != 1 || !strings.Contains(stderr, "apply this plan, which deletes 1 server (bots) in workbench? [y/N] nothing was done") || len(o.Servers()) != 1 {
		t.Errorf("apply answered no: exit %d, %d servers\n%s", code, len(o.Servers()), stderr)
	}
	onTerminal(t, "y\n")
	code, _, stderr = runCLI(t, "fleet", "apply", "--level", "workbench", "--root", root, "--poll", "1ms")
	if code != 0 || slices.ContainsFunc(o.Servers(), func(s openstackfake.ServerInfo) bool { return s.Name == "bots" }) {
		t.Errorf("apply answered y: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(root, "fleet/inventory/workbench.json")); err != nil {
		t.Error(err)
	}
}
