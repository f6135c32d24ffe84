package errorpage

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/webplatform/edgectl/internal/testtool"
)

// chromiumPath finds Debian's Chromium ($EDGECTL_CHROMIUM first). CI
// installs it (.ci/run); elsewhere the test is skipped when it is missing,
// but never in CI.
func chromiumPath(t *testing.T) string {
	return testtool.Path(t, "chromium", "chromium", os.Getenv("EDGECTL_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser")
}

// screenshotDir is where the screenshots go: $EDGECTL_SCREENSHOT_DIR, or a
// directory under the system's temporary directory, named in the test log.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("EDGECTL_SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "edgectl-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// pageCheck is what the browser reports about a rendered page.
type pageCheck struct {
	HeadingVisible bool    `json:"headingVisible"`
	Overflow       bool    `json:"overflow"`
	Lang           string  `json:"lang"`
	Contrast       float64 `json:"contrast"`
	HeadingCount   int     `json:"headingCount"`
}

// checkJS measures the page: the h1 inside the viewport and visible, no
// horizontal scrolling, the document language, and the contrast ratio of
// the body text (WCAG's formula).
const checkJS = `(() => {
  const h = document.querySelector('h1');
  const r = h ? h.getBoundingClientRect() : null;
  const s = h ? getComputedStyle(h) : null;
  const lum = c => {
    const v = c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map(x => x / 255)
      .map(x => x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  };
  const body = getComputedStyle(document.body);
  const a = lum(body.color), b = lum(body.backgroundColor);
  return {
    headingVisible: !!r && r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight &&
      s.visibility !== 'hidden' && s.display !== 'none' && parseFloat(s.opacity) > 0,
    overflow: document.documentElement.scrollWidth > innerWidth,
    lang: document.documentElement.lang,
    contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
    headingCount: document.querySelectorAll('h1').length,
  };
})()`

// TestPagesInBrowser opens every exported page in headless Chromium with
// the network disabled, at phone and desktop widths, and checks that the
// page made no request, that its heading is visible, that it does not
// scroll sideways, and that its text has enough contrast.
func TestPagesInBrowser(t *testing.T) {
	exec := chromiumPath(t)
	set := loadReal(t)
	files, err := set.Export("https://status.webplatform.org/")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shots := screenshotDir(t)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exec),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		// Belt and braces: even if emulation let a request through, it
		// would go to a closed port on this machine.
		chromedp.ProxyServer("127.0.0.1:9"),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Run(bctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}

	for _, p := range set.Pages {
		for _, width := range []int64{375, 1280} {
			t.Run(fmt.Sprintf("%s/%d", p.Cause, width), func(t *testing.T) {
				ctx, cancel := chromedp.NewContext(bctx)
				defer cancel()
				ctx, cancel = context.WithTimeout(ctx, 30*time.Second)
				defer cancel()

				var mu sync.Mutex
				var requests []string
				chromedp.ListenTarget(ctx, func(ev any) {
					if e, ok := ev.(*network.EventRequestWillBeSent); ok {
						mu.Lock()
						requests = append(requests, e.Request.URL)
						mu.Unlock()
					}
				})
				url := "file://" + filepath.Join(dir, p.Cause+".html")
				var check pageCheck
				var png []byte
				err := chromedp.Run(ctx,
					network.Enable(),
					network.EmulateNetworkConditions(true, 0, 0, 0),
					emulation.SetDeviceMetricsOverride(width, 800, 1, width < 600),
					chromedp.Navigate(url),
					chromedp.WaitVisible("h1", chromedp.ByQuery),
					chromedp.Evaluate(checkJS, &check),
					chromedp.FullScreenshot(&png, 100), // 100 gives PNG
				)
				if err != nil {
					t.Fatal(err)
				}
				mu.Lock()
				defer mu.Unlock()
				for _, r := range requests {
					if r != url {
						t.Errorf("the page requested %s: it must need nothing from the network", r)
					}
				}
				if !check.HeadingVisible || check.HeadingCount != 1 {
					t.Errorf("heading not visible in the first screen (%+v)", check)
				}
				if check.Overflow {
					t.Errorf("the page scrolls sideways at %d px", width)
				}
				if check.Lang != "en" {
					t.Errorf("lang = %q", check.Lang)
				}
				if check.Contrast < 4.5 {
					t.Errorf("body text contrast %.2f, below WCAG AA's 4.5", check.Contrast)
				}
				name := filepath.Join(shots, fmt.Sprintf("%s-%d.png", p.Cause, width))
				if err := os.WriteFile(name, png, 0o644); err != nil {
					t.Fatal(err)
				}
			})
		}
	}
	t.Logf("screenshots in %s", shots)
}
