package web_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// The timeline's map zooms with real buttons (by mouse and by keyboard),
// resets, and its place links still navigate when zoomed in; without
// JavaScript the buttons are not shown and the map is the drawn SVG. Its
// scripts are deferred and only on pages with the map. With
// ANNALS_SCREENSHOT_DIR set, screenshots of the zoomed map at 1280 and 360
// px are kept there.
func TestMapZoomButtons(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})

	// The served page: controls hidden until the script shows them, the
	// scripts deferred; pages without the map carry neither script.
	_, body := app.Get(t, "/t/myanmar-2021")
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if c := doc.Find("[data-map-zoom]"); c.Length() != 1 || c.AttrOr("hidden", "no") == "no" || c.Find("button[type=button]").Length() != 3 {
		t.Errorf("zoom controls: %d, hidden %q, buttons %d", c.Length(), c.AttrOr("hidden", "no"), c.Find("button").Length())
	}
	doc.Find("script[src*='panzoom'], script[src*='map-zoom']").Each(func(_ int, s *goquery.Selection) {
		if _, ok := s.Attr("defer"); !ok {
			t.Errorf("%s is not deferred", s.AttrOr("src", ""))
		}
	})
	if n := doc.Find("script[src*='panzoom'], script[src*='map-zoom']").Length(); n != 2 {
		t.Errorf("%d map scripts on the timeline page, want 2", n)
	}
	_, about := app.Get(t, "/")
	home, err := goquery.NewDocumentFromReader(strings.NewReader(about))
	if err != nil {
		t.Fatal(err)
	}
	if n := home.Find("script[src*='panzoom'], script[src*='map-zoom']").Length(); n != 0 {
		t.Errorf("the home page, which has no map, loads %d of the map's scripts", n)
	}
	for _, p := range []string{"vendor/panzoom/panzoom.js", "js/map-zoom.js"} {
		if res, _ := app.Get(t, "/static/"+p); res.StatusCode != http.StatusOK {
			t.Errorf("/static/%s: %d", p, res.StatusCode)
		}
	}

	for _, width := range []int{1280, 360} {
		ctx := browsertest.New(t, width, 900)
		const transform = `document.querySelector("[data-testid=map] svg").style.transform`
		if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/t/myanmar-2021"),
			chromedp.Click(chromedp.CSS(`[data-testid=map-block] summary`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-map-zoom] [data-zoom=in]`))); err != nil {
			t.Fatalf("%d px: open the map: %v", width, err)
		}
		before, err := chromedp.Run(ctx, chromedp.Evaluate[string](transform))
		if err != nil {
			t.Fatal(err)
		}
		// The mouse, then the keyboard: Enter on the focused button; each
		// step scales the map up.
		const scale = `(() => { const m = /scale\(([\d.]+)\)/.exec(` + transform + `); return m ? +m[1] : 0 })()`
		var scales []float64
		for _, step := range []chromedp.Action[chromedp.Void]{
			chromedp.Click(chromedp.CSS(`[data-zoom=in]`)),
			chromedp.KeyEvent("\r"), // the button has the focus now
		} {
			last := 1.0
			if len(scales) > 0 {
				last = scales[len(scales)-1]
			}
			if err := chromedp.Do(ctx, step); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Poll[float64](fmt.Sprintf(`(() => { const s = %s; return s > %g ? s : null })()`, scale, last+0.1),
				chromedp.WithPollingTimeout(5*time.Second)))
			if err != nil {
				now, _ := chromedp.Run(ctx, chromedp.Evaluate[string](transform))
				t.Fatalf("%d px: zoom step %d left the transform %q (was %q)", width, len(scales)+1, now, before)
			}
			scales = append(scales, got)
		}
		if dir := os.Getenv("ANNALS_SCREENSHOT_DIR"); dir != "" {
			shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(`[data-testid=map-block]`)))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "map-zoom-"+strconv.Itoa(width)+".png"), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if vs, err := a11y.RunHere(ctx); err != nil {
			t.Fatal(err)
		} else {
			for _, v := range vs {
				if v.Blocking() {
					t.Errorf("%d px, map zoomed: %s", width, v)
				}
			}
		}
		// Reset goes back to the whole map.
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-zoom=reset]`))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](scale+` === 1`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](transform))
			t.Errorf("%d px: after reset the transform is %q", width, got)
		}
		// Zoomed in again, a marker in view still navigates when clicked
		// with the mouse (Panzoom must not swallow it).
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-zoom=in]`)), chromedp.Sleep(300*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		pt, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
  const frame = document.querySelector("[data-testid=map] .map-frame").getBoundingClientRect();
  for (const a of document.querySelectorAll("[data-testid=map] a.marker")) {
    const r = a.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x > frame.left && x < frame.right && y > frame.top && y < frame.bottom && document.elementFromPoint(x, y).closest("a") === a) return [x, y];
  }
  return [];
})()`))
		if err != nil || len(pt) != 2 {
			t.Fatalf("%d px: no marker in view after zooming in (%v)", width, err)
		}
		if err := chromedp.Do(ctx, chromedp.MouseClickXY(pt[0], pt[1])); err != nil {
			t.Fatal(err)
		}
		// The page navigates: read the address until it moves (the old
		// page's context goes away on the way).
		loc := ""
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if loc, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`)); strings.Contains(loc, "place=") {
				break
			}
		}
		if !strings.Contains(loc, "place=") {
			t.Errorf("%d px: clicking a marker of the zoomed map did not follow its link (at %s)", width, loc)
		}
	}
}
