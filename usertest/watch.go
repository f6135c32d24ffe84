package usertest

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"
)

// PollInterval is how often Watch looks for changes: short enough to feel
// immediate after a save, long enough to cost nothing (a walk of a few
// hundred small files).
const PollInterval = 500 * time.Millisecond

// WatchedDirs are the source directories whose changes re-run the tests.
var WatchedDirs = []string{"services", "vcl", "errors"}

// Watch calls run once, then again after every change (a file added,
// removed, or rewritten) in the WatchedDirs of root, looking every
// interval, until ctx is done. Changes made while run runs are seen at the
// next look, so none is missed and a burst of saves runs once or twice.
func Watch(ctx context.Context, root string, interval time.Duration, run func()) error {
	last := snapshot(root)
	run()
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		}
		now := snapshot(root)
		if now == last {
			continue
		}
		last = now
		run()
	}
}

// snapshot describes every file of the watched directories by path, size,
// modification time and mode; two snapshots differ when a file changed.
// Unreadable directories are left out (a missing errors/ is no change).
func snapshot(root string) string {
	var b strings.Builder
	for _, dir := range WatchedDirs {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			fmt.Fprintf(&b, "%s\x00%d\x00%d\x00%v\n", p, info.Size(), info.ModTime().UnixNano(), info.Mode())
			return nil
		})
	}
	return b.String()
}
