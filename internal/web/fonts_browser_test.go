package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"

	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// usedFonts names the fonts Chromium drew the text of the first element
// matching selector with (CSS.getPlatformFontsForNode), e.g. "Padauk" for
// the served Myanmar face.
func usedFonts(t *testing.T, ctx context.Context, selector string) []string {
	t.Helper()
	var names []string
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, css.Enable, cdp.Empty{}); err != nil {
			return err
		}
		doc, err := cdp.Call(ctx, tg, dom.GetDocument, dom.GetDocumentParams{})
		if err != nil {
			return err
		}
		el, err := cdp.Call(ctx, tg, dom.QuerySelector, dom.QuerySelectorParams{NodeID: doc.Root.NodeID, Selector: selector})
		if err != nil {
			return err
		}
		if el.NodeID == 0 {
			return fmt.Errorf("no element matches %s", selector)
		}
		// Fonts are reported for the text nodes right under a node, so ask
		// the element and its element children (a link's text is in <a>).
		ids, depth := []cdp.NodeID{el.NodeID}, int64(1)
		d, err := cdp.Call(ctx, tg, dom.DescribeNode, dom.DescribeNodeParams{NodeID: el.NodeID, Depth: &depth})
		if err != nil {
			return err
		}
		for _, ch := range d.Node.Children {
			if ch.NodeID != 0 {
				ids = append(ids, ch.NodeID)
			}
		}
		for _, id := range ids {
			fonts, err := cdp.Call(ctx, tg, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: id})
			if err != nil {
				continue // not a node that holds text
			}
			for _, f := range fonts.Fonts {
				names = append(names, f.FamilyName)
			}
		}
		return nil
	}))
	if err != nil {
		t.Fatalf("fonts of %s: %v", selector, err)
	}
	return names
}

// TestMyanmarFaceDrawsBurmeseOnly checks in Chromium (which has no Myanmar
// font of its own here) that Burmese text is drawn with the served face
// (Padauk), on a Burmese page and in the opened language switcher of an
// English one, and that Latin text never is: the face is first in the stack
// only for text marked lang="my" (annals.css, fonts.css). An English page
// must not fetch the face before its switcher is opened.
func TestMyanmarFaceDrawsBurmeseOnly(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := browsertest.New(t, 1280, 900)
	fontsReady := chromedp.Evaluate[int](`document.fonts.ready.then(() => document.fonts.size)`, chromedp.EvalAwaitPromise)

	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/t/myanmar-2021")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, fontsReady); err != nil {
		t.Fatal(err)
	}
	// An English page shows no Burmese until the reader opens the
	// language switcher, so it does not fetch the Myanmar face (38 kB)
	// nor lay Burmese out before its first paint (layout.templ).
	padauk := chromedp.Evaluate[int](`document.fonts.ready.then(() =>
		performance.getEntriesByType('resource').filter((e) => e.name.includes('/fonts/padauk-')).length)`, chromedp.EvalAwaitPromise)
	if n, err := chromedp.Run(ctx, padauk); err != nil || n != 0 {
		t.Errorf("the English page fetched the Myanmar face %d times before the switcher was opened (%v)", n, err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid=lang-switch-toggle]`)),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=lang-switch] a[lang=my]`))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, fontsReady); err != nil {
		t.Fatal(err)
	}
	has := func(names []string, want string) bool {
		for _, n := range names {
			if strings.Contains(n, want) {
				return true
			}
		}
		return false
	}
	if f := usedFonts(t, ctx, `[data-testid=lang-switch] a[lang=my]`); !has(f, "Padauk") {
		t.Errorf("the opened switcher's Burmese name is drawn with %v, want the served Padauk", f)
	}
	for _, sel := range []string{"h1", "[data-testid=event] h3, [data-testid=event] h4"} {
		if f := usedFonts(t, ctx, sel); len(f) == 0 || has(f, "Padauk") {
			t.Errorf("English %s drawn with %v, want system fonts only", sel, f)
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/lang/my?next=%2Ft%2Fmyanmar-2021"),
		chromedp.WaitVisible(chromedp.CSS(`[data-testid=event]`))); err != nil {
		t.Fatal(err)
	}
	if lang, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); err != nil || lang != "my" {
		t.Fatalf("the Burmese page is in %q (%v)", lang, err)
	}
	if _, err := chromedp.Run(ctx, fontsReady); err != nil {
		t.Fatal(err)
	}
	for _, sel := range []string{"[data-testid=lang-switch-toggle]", "main h2, main h3"} {
		if f := usedFonts(t, ctx, sel); !has(f, "Padauk") {
			t.Errorf("Burmese page: %s drawn with %v, want the served Padauk", sel, f)
		}
	}
}
