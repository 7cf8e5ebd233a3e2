package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/webtest"
	"annals/internal/zawgyi"
)

// Pasting Zawgyi into the editor's title shows a notice beside the field,
// announced in a live region; its button converts the field to Unicode.
func TestBrowserZawgyiPasteConverts(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	u := app.User(t, auth.RoleContributor)
	ctx := browsertest.New(t, 1280, 1200)
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	do("sign in",
		chromedp.Navigate(app.URL+"/staff/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.TestPassword),
		chromedp.Click(chromedp.CSS(".login button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=whoami]")),
	)
	// Input.insertText is how DevTools pastes: it fires the input event a
	// paste fires.
	paste := func(text string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: text})
			return err
		})
	}
	do("open the editor and paste Unicode Burmese into the place",
		chromedp.Navigate(app.URL+"/staff/events/new"),
		chromedp.Focus(chromedp.CSS("#place_name")),
		paste(uniSentence),
		chromedp.Sleep(600),
	)
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-testid=zawgyi-hint]").length`)); err != nil || n != 0 {
		t.Fatalf("Unicode Burmese got a Zawgyi hint (%d, %v)", n, err)
	}
	do("paste Zawgyi into the title",
		chromedp.Focus(chromedp.CSS("#title")),
		paste(zgUDHR),
		chromedp.WaitVisible(chromedp.CSS("#title + [data-testid=zawgyi-hint] button")),
	)
	live, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(r => setTimeout(() =>
		r(document.querySelector("[data-testid=zawgyi-live]").textContent), 200))`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.Contains(live, "Title: this looks like Zawgyi") {
		t.Errorf("the live region says %q (%v)", live, err)
	}
	do("convert", chromedp.Click(chromedp.CSS("#title + [data-testid=zawgyi-hint] button")))
	got, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#title")))
	if err != nil {
		t.Fatal(err)
	}
	if got != zawgyi.ToUnicode(zgUDHR) || got != uniUDHR {
		t.Errorf("the title after converting is %q, want %q", got, uniUDHR)
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-testid=zawgyi-hint]").length`)); n != 0 {
		t.Error("the hint stayed after converting")
	}
	if focused, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`)); focused != "title" {
		t.Errorf("focus went to %q, not back to the title", focused)
	}
}
