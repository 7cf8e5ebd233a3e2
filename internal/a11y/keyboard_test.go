package a11y_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// keys drives a page with the keyboard alone: key events through the
// DevTools protocol, as a person pressing keys, never a click or a value
// set by script.
type keys struct {
	t   *testing.T
	ctx context.Context
	// stops are the elements focus went through, each with whether it
	// showed a visible focus indicator.
	stops []focusStop
}

type focusStop struct {
	Desc    string `json:"desc"`
	Visible bool   `json:"visible"`
}

// focused describes document.activeElement and whether its computed style
// shows focus: an outline that is not none or zero-width, or a box-shadow.
const focusedJS = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body) return {desc: "body", visible: false};
	const cs = getComputedStyle(el);
	const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
	const shadow = cs.boxShadow && cs.boxShadow !== "none";
	const desc = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
		(el.getAttribute("href") ? "[href=" + el.getAttribute("href") + "]" : "") +
		(el.name ? "[name=" + el.name + "]" : "") + " " + (el.textContent || el.value || "").trim().slice(0, 40);
	return {desc, visible: outline || !!shadow};
})()`

func (k *keys) press(s string) {
	k.t.Helper()
	if err := chromedp.Do(k.ctx, chromedp.KeyEvent(s)); err != nil {
		k.t.Fatalf("press %q: %v", s, err)
	}
}

func (k *keys) focused() focusStop {
	k.t.Helper()
	f, err := chromedp.Run(k.ctx, chromedp.Evaluate[focusStop](focusedJS))
	if err != nil {
		k.t.Fatal(err)
	}
	return f
}

func (k *keys) matches(sel string) bool {
	k.t.Helper()
	ok, err := chromedp.Run(k.ctx, chromedp.Evaluate[bool](fmt.Sprintf(
		`!!document.activeElement && document.activeElement.matches(%q)`, sel)))
	if err != nil {
		k.t.Fatal(err)
	}
	return ok
}

// tabTo presses Tab until the focused element matches sel, recording each
// stop; it fails after max presses.
func (k *keys) tabTo(sel string, max int) {
	k.t.Helper()
	for range max {
		k.press(kb.Tab)
		f := k.focused()
		k.stops = append(k.stops, f)
		if k.matches(sel) {
			return
		}
	}
	k.t.Fatalf("%d presses of Tab did not reach %s; went through %v", max, sel, k.stops)
}

// requireVisibleFocus fails for every stop that showed no focus indicator.
func (k *keys) requireVisibleFocus() {
	k.t.Helper()
	for _, s := range k.stops {
		if !s.Visible {
			k.t.Errorf("no visible focus indicator on %s", s.Desc)
		}
	}
	k.stops = nil
}

func (k *keys) open(u string) {
	k.t.Helper()
	if err := chromedp.Do(k.ctx, chromedp.Navigate(u)); err != nil {
		k.t.Fatalf("open %s: %v", u, err)
	}
}

func (k *keys) location() *url.URL {
	k.t.Helper()
	s, err := chromedp.Run(k.ctx, chromedp.Evaluate[string](`location.href`))
	if err != nil {
		k.t.Fatal(err)
	}
	u, err := url.Parse(s)
	if err != nil {
		k.t.Fatal(err)
	}
	return u
}

// waitFor waits until a page whose path is path and whose query holds
// query has loaded.
func (k *keys) waitFor(path, query string) {
	k.t.Helper()
	js := fmt.Sprintf(`location.pathname === %q && location.search.includes(%q) && document.readyState === "complete"`, path, query)
	var err error
	for range 100 {
		var ok bool
		// While the page changes, the old page's context can be gone:
		// that is an error to retry, not a failure.
		if ok, err = chromedp.Run(k.ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	k.t.Fatalf("waiting for %s (at %s): %v", path, k.location(), err)
}

// TestKeyboardTimeline reads a timeline with the keyboard alone: the skip
// link comes first and moves focus into main; the filters open, take a
// category and submit; the search box searches. Every stop shows focus.
func TestKeyboardTimeline(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	k := &keys{t: t, ctx: browsertest.New(t, 1280, 900)}
	k.open(app.URL + "/t/myanmar-2021")

	k.press(kb.Tab)
	first := k.focused()
	if !k.matches("a.skip") {
		t.Fatalf("the first Tab focused %s, not the skip link", first.Desc)
	}
	k.stops = append(k.stops, first)
	k.press(kb.Enter)
	if !k.matches("main") {
		t.Errorf("the skip link moved focus to %s, not to main", k.focused().Desc)
	}
	// The next Tab goes to the first control inside main.
	k.press(kb.Tab)
	if ok, _ := chromedp.Run(k.ctx, chromedp.Evaluate[bool](`!!document.activeElement.closest("main")`)); !ok {
		t.Errorf("after the skip link, Tab went to %s, outside main", k.focused().Desc)
	}

	// The filters: open the disclosure, tick the first category, submit.
	k.open(app.URL + "/t/myanmar-2021")
	k.tabTo("[data-testid=filters] summary", 40)
	open, _ := chromedp.Run(k.ctx, chromedp.Evaluate[bool](`document.querySelector("[data-testid=filters] details").open`))
	if !open {
		k.press(kb.Enter)
	}
	k.tabTo(`[data-testid=filters] input[name=category]`, 10)
	want, _ := chromedp.Run(k.ctx, chromedp.Evaluate[string](`document.activeElement.value`))
	k.press(" ")
	if checked, _ := chromedp.Run(k.ctx, chromedp.Evaluate[bool](`document.activeElement.checked`)); !checked {
		t.Fatal("Space did not tick the category")
	}
	k.tabTo(`[data-testid=filters] button[type=submit]`, 40)
	k.press(kb.Enter)
	k.waitFor("/t/myanmar-2021", "category=")
	if got := k.location().Query()["category"]; len(got) != 1 || got[0] != want {
		t.Errorf("after submitting the filters the URL is %s, want category=%s", k.location(), want)
	}
	k.requireVisibleFocus()

	// The search box.
	k.open(app.URL + "/t/myanmar-2021")
	k.tabTo("#timeline-search-q", 40)
	k.press("coup")
	k.press(kb.Enter)
	k.waitFor("/t/myanmar-2021/search", "q=")
	if q := k.location().Query().Get("q"); q != "coup" {
		t.Errorf("search URL %s, want q=coup", k.location())
	}
	n, err := chromedp.Run(k.ctx, chromedp.Evaluate[int](`document.querySelectorAll("main mark").length`))
	if err != nil || n == 0 {
		t.Errorf("the keyboard search found no highlighted match (%d, %v)", n, err)
	}
	k.requireVisibleFocus()
}

// TestKeyboardEditor: a contributor signs in, writes an event and saves
// it as a draft with the keyboard alone.
func TestKeyboardEditor(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	u := app.User(t, auth.RoleContributor)
	k := &keys{t: t, ctx: browsertest.New(t, 1280, 900)}

	k.open(app.URL + "/staff/login")
	k.tabTo("#email", 10)
	k.press(u.Email)
	k.tabTo("#password", 3)
	k.press(webtest.TestPassword)
	k.press(kb.Enter)
	k.waitFor("/staff", "")

	const title = "Keyboard-only report of arrests in Sagaing"
	k.open(app.URL + "/staff/events/new")
	k.tabTo("#title", 40)
	k.press(title)
	k.tabTo("#start", 5)
	k.press("2021-04")
	k.tabTo("#category", 5)
	// A closed select takes type-ahead: "Kil" picks "Killings and detentions".
	k.press("Kil")
	if v, _ := chromedp.Run(k.ctx, chromedp.Evaluate[string](`document.activeElement.value`)); v != "casualties" {
		t.Fatalf("typing in the category select chose %q", v)
	}
	k.tabTo("#summary", 10)
	k.press("Soldiers arrested villagers.")
	k.tabTo(`button[value=save]`, 80)
	k.requireVisibleFocus()
	k.press(kb.Enter)
	if err := chromedp.Do(k.ctx, chromedp.WaitVisible(chromedp.CSS("[data-testid=flash]"))); err != nil {
		t.Fatalf("no message after saving: %v", err)
	}
	if !strings.HasPrefix(k.location().Path, "/staff/events/") {
		t.Fatalf("after saving: %s", k.location())
	}
	list, err := app.Store.StaffEvents(context.Background(), "draft")
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, e := range list {
		if e.Title == title {
			found = true
			ev, err := app.Store.StaffEvent(context.Background(), e.ID)
			if err != nil {
				t.Fatal(err)
			}
			if ev.Work.Category.Slug != "casualties" || ev.Work.When.Start.String() != "2021-04" ||
				ev.Work.Summary != "Soldiers arrested villagers." || ev.Work.Status != timeline.StatusDraft {
				t.Errorf("saved %+v", ev.Work)
			}
		}
	}
	if !found {
		t.Fatalf("no draft titled %q", title)
	}
}

// TestReflow: at 320 CSS px, and at 1280 px zoomed to 200% (640 CSS px at
// twice the pixel density), no page scrolls sideways.
func TestReflow(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := browsertest.New(t, 1280, 900)
	signIn(t, ctx, app, app.User(t, auth.RoleEditor))
	events, err := app.Store.StaffEvents(context.Background(), "")
	if err != nil || len(events) == 0 {
		t.Fatal(err)
	}
	paths := []string{
		"/t/myanmar-2021",
		"/t/myanmar-2021?category=casualties",
		"/t/myanmar-2021/e/election-2020",
		"/search?q=myanmar",
		"/t/myanmar-2021/search?q=" + url.QueryEscape("Min Aung Hlaing"),
		"/embed/t/myanmar-2021",
		"/t/myanmar-2021/print",
		"/staff/events/new",
		fmt.Sprintf("/staff/events/%d", events[0].ID),
	}
	for _, vp := range []struct {
		width int64
		scale float64
	}{{320, 1}, {640, 2}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(vp.width, 800, chromedp.EmulateScale(vp.scale))); err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+p)); err != nil {
				t.Fatal(err)
			}
			type overflow struct {
				Scroll, Client int
				Wide           []string
			}
			o, err := chromedp.Run(ctx, chromedp.Evaluate[overflow](`(() => {
				const d = document.documentElement, w = d.clientWidth;
				const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > w + 1)
					.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : ""));
				return {scroll: d.scrollWidth, client: w, wide};
			})()`))
			if err != nil {
				t.Fatal(err)
			}
			if o.Scroll > o.Client {
				t.Errorf("%s at %d CSS px (scale %g) scrolls sideways: scrollWidth %d > clientWidth %d; too wide: %v",
					p, vp.width, vp.scale, o.Scroll, o.Client, o.Wide)
			}
		}
	}
}
