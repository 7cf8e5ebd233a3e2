package web_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// On an event page with a sensitive photograph and a video: the photograph
// is blurred until the reader chooses to see it (no JavaScript needed), and
// nothing is requested from any other origin until the reader follows the
// video's link. ANNALS_SCREENSHOT_DIR, when set, keeps screenshots of the
// page at 1280 and 360 pixels.
func TestMediaLoadNothingFromElsewhereAndSensitiveIsBlurred(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	_, page := mediaEvent(t, app)
	own, _ := url.Parse(app.URL)

	for _, width := range []int{1280, 360} {
		ctx := browsertest.New(t, width, 900)
		var mu sync.Mutex
		var elsewhere []string
		err := chromedp.Listen(ctx, func(ev any) {
			if e, ok := ev.(*network.EventRequestWillBeSent); ok {
				u, err := url.Parse(e.Request.URL)
				if err == nil && u.Host != own.Host && u.Scheme != "data" {
					mu.Lock()
					elsewhere = append(elsewhere, e.Request.URL)
					mu.Unlock()
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		const filter = `getComputedStyle(document.querySelector("[data-testid=media-image]")).filter`
		if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+page),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=media-card]`)),
			chromedp.ScrollIntoView(chromedp.CSS(`[data-testid=media-image]`))); err != nil {
			t.Fatal(err)
		}
		// The lazy image loads once in view.
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("[data-testid=media-image]").complete`,
			chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatal(err)
		}
		before, err := chromedp.Run(ctx, chromedp.Evaluate[string](filter))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(before, "blur") {
			t.Errorf("%d px: the sensitive image's filter is %q before the reader chose to see it", width, before)
		}
		if dir := os.Getenv("ANNALS_SCREENSHOT_DIR"); dir != "" {
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)); err != nil {
				t.Fatal(err)
			}
			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "event-media-"+strconv.Itoa(width)+".png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.sensitive-notice`))); err != nil {
			t.Fatal(err)
		}
		after, err := chromedp.Run(ctx, chromedp.Evaluate[string](filter))
		if err != nil {
			t.Fatal(err)
		}
		if after != "none" {
			t.Errorf("%d px: the image's filter is %q after the reader chose to see it", width, after)
		}
		mu.Lock()
		if len(elsewhere) > 0 {
			t.Errorf("%d px: requests to other origins before any click: %v", width, elsewhere)
		}
		mu.Unlock()
		// Following the video's link is the first request elsewhere (this
		// machine has no network, so it fails; it is still sent).
		_ = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid=media-card] a`)), chromedp.Sleep(time.Second))
		mu.Lock()
		if len(elsewhere) == 0 || !strings.Contains(elsewhere[0], "youtube.com") {
			t.Errorf("%d px: following the video's link requested %v, want youtube.com (is the counter blind?)", width, elsewhere)
		}
		mu.Unlock()
	}
}
