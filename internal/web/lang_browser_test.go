package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// layoutFacts is where the Arabic timeline puts things, measured in
// Chromium.
type layoutFacts struct {
	Width       float64 `json:"width"`
	BrandLeft   float64 `json:"brandLeft"`
	BrandRight  float64 `json:"brandRight"`
	RailLeft    string  `json:"railLeft"`   // computed border widths of an event
	RailRight   string  `json:"railRight"`  // (the timeline's rail)
	LabelRight  float64 `json:"labelRight"` // right edge of an event's first label
	EventRight  float64 `json:"eventRight"`
	SwitchLeft  float64 `json:"switchLeft"`
	FacetsAlign string  `json:"align"`
	Dir         string  `json:"dir"`
}

const layoutJS = `(() => {
  const r = (s) => document.querySelector(s).getBoundingClientRect();
  const ev = document.querySelector("[data-testid=event]");
  const cs = getComputedStyle(ev);
  return {
    width: document.documentElement.clientWidth,
    brandLeft: r(".brand").left, brandRight: r(".brand").right,
    railLeft: cs.borderLeftWidth, railRight: cs.borderRightWidth,
    labelRight: r("[data-testid=event] .facts dt").right,
    eventRight: ev.getBoundingClientRect().right,
    switchLeft: r("[data-testid=lang-switch]").left,
    align: getComputedStyle(document.querySelector(".filters legend")).textAlign,
    dir: getComputedStyle(document.body).direction,
  };
})()`

// TestArabicTimelineIsMirrored chooses Arabic with the switcher in
// Chromium and checks the page lays out right to left: the brand on the
// right half, the event rail on the events' right edge, the switcher on
// the left; the English timeline keeps them the other way round.
func TestArabicTimelineIsMirrored(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := browsertest.New(t, 1280, 900)

	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/t/myanmar-2021")); err != nil {
		t.Fatal(err)
	}
	en, err := chromedp.Run(ctx, chromedp.Evaluate[layoutFacts](layoutJS))
	if err != nil {
		t.Fatal(err)
	}
	if en.Dir != "ltr" || en.BrandRight > en.Width/2 || en.RailLeft != "3px" || en.RailRight != "0px" {
		t.Errorf("English layout: %+v", en)
	}

	// The switcher is a disclosure of plain links: open it and follow one
	// like a reader.
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/t/myanmar-2021"),
		chromedp.Click(chromedp.CSS(`[data-testid=lang-switch-toggle]`)),
		chromedp.Click(chromedp.CSS(`[data-testid=lang-switch] a[lang=ar]`)),
		chromedp.WaitVisible(chromedp.CSS(`html[dir=rtl] [data-testid=event]`))); err != nil {
		t.Fatal(err)
	}
	ar, err := chromedp.Run(ctx, chromedp.Evaluate[layoutFacts](layoutJS))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Arabic layout at 1280 px: %+v", ar)
	if ar.Dir != "rtl" {
		t.Fatalf("direction %q, want rtl", ar.Dir)
	}
	if ar.BrandLeft < ar.Width/2 {
		t.Errorf("brand at x=%.0f..%.0f of %.0f: not on the right half", ar.BrandLeft, ar.BrandRight, ar.Width)
	}
	if ar.RailRight != "3px" || ar.RailLeft != "0px" {
		t.Errorf("event rail: left %s, right %s; want it on the right", ar.RailLeft, ar.RailRight)
	}
	if ar.SwitchLeft > ar.Width/2 {
		t.Errorf("language switcher at x=%.0f: want it on the left half", ar.SwitchLeft)
	}
	// Interface labels start at the right, inside the rail; the English
	// content keeps its own direction.
	if gap := ar.EventRight - ar.LabelRight; gap < 0 || gap > 30 {
		t.Errorf("event labels end %.0f px from the event's right edge: not right-aligned", gap)
	}
	if ar.FacetsAlign != "start" && ar.FacetsAlign != "right" {
		t.Errorf("filter legends aligned %q", ar.FacetsAlign)
	}
}

// TestBurmeseAndArabicPagesPassAxe runs axe-core over the timeline, an
// event and a search in Burmese and in Arabic, at desktop and phone widths.
func TestBurmeseAndArabicPagesPassAxe(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{DemoTranslations: true})
	ctx := browsertest.New(t, 1280, 900)
	first := demoDoc(t).Events[0].Slug
	for _, lang := range []string{"my", "ar"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/lang/"+lang+"?next=/")); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/t/myanmar-2021", "/t/myanmar-2021/e/" + first, "/t/myanmar-2021/e/coup", "/search?q=coup", "/embed/t/myanmar-2021?lang=" + lang} {
			a11y.CheckWidths(t, ctx, app.URL+path, a11y.Widths...)
		}
	}
}
