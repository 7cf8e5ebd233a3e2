package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// permalinkFacts is where a followed permalink leaves its event.
type permalinkFacts struct {
	ID          string  `json:"id"`
	EventTop    float64 `json:"eventTop"`
	HeadingBot  float64 `json:"headingBottom"` // the sticky year heading
	Viewport    float64 `json:"viewport"`
	Rail        string  `json:"rail"`        // the event's border: the inline style applied
	TitleOnTop  bool    `json:"titleOnTop"`  // a hit test at the title's centre lands on it
	DateOnTop   bool    `json:"dateOnTop"`   // and at the date's
	OffscreenCV string  `json:"offscreenCV"` // content-visibility of events
}

const permalinkJS = `(() => {
  const ev = document.getElementById(location.hash.slice(1));
  const h2 = ev.closest("section.year").querySelector("h2");
  const onTop = (el) => { const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 20), r.top + r.height / 2);
    return !!hit && (hit === el || el.contains(hit)); };
  return { id: ev.id, eventTop: ev.getBoundingClientRect().top, headingBottom: h2.getBoundingClientRect().bottom,
    viewport: innerHeight, rail: getComputedStyle(ev).borderInlineStartWidth,
    titleOnTop: onTop(ev.querySelector("h3")), dateOnTop: onTop(ev.querySelector(".when")),
    offscreenCV: getComputedStyle(ev).contentVisibility };
})()`

// A reader who follows an event's permalink on a phone lands on the event
// with its date and title in view, below the sticky year heading, on a
// page styled by its inline stylesheet (so the CSP allowed it) even though
// the events above it were never laid out (content-visibility).
func TestPermalinkOpensOnTheEventBelowItsYear(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := browsertest.New(t, 360, 800)
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/t/myanmar-2021")); err != nil {
		t.Fatal(err)
	}
	id, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelectorAll("section.year article.event")[9].id`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/t/myanmar-2021#"+id)); err != nil {
		t.Fatal(err)
	}
	f, err := chromedp.Run(ctx, chromedp.Evaluate[permalinkFacts](permalinkJS))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("permalink at 360 px: %+v", f)
	if f.Rail != "3px" {
		t.Errorf("event border %q: the page's inline style did not apply", f.Rail)
	}
	if f.OffscreenCV != "auto" {
		t.Errorf("content-visibility %q, want auto", f.OffscreenCV)
	}
	if f.EventTop < f.HeadingBot-1 || f.EventTop > f.Viewport/3 {
		t.Errorf("event %s at y=%.0f: want it just below the year heading (bottom %.0f)", f.ID, f.EventTop, f.HeadingBot)
	}
	if !f.TitleOnTop || !f.DateOnTop {
		t.Errorf("event %s: title shown %v, date shown %v", f.ID, f.TitleOnTop, f.DateOnTop)
	}
}

// Only a window on screen skips events out of view: printed, every event is
// laid out, and an embed lays out all of them to report its full height.
func TestEventsAreLaidOutInPrintAndEmbeds(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := browsertest.New(t, 360, 800)
	const cv = `[...new Set([...document.querySelectorAll("section.year article.event")].map((e) => getComputedStyle(e).contentVisibility))].join()`
	for _, c := range []struct{ path, media, want string }{
		{"/t/myanmar-2021", "print", "visible"},
		{"/embed/t/myanmar-2021", "", "visible"},
		{"/embed/t/myanmar-2021", "print", "visible"},
	} {
		media := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: c.media})
			return err
		})
		if err := chromedp.Do(ctx, media, chromedp.Navigate(app.URL+c.path)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](cv))
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("%s (media %q): events' content-visibility %q, want %q", c.path, c.media, got, c.want)
		}
	}
}
