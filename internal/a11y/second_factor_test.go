package a11y_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// TestSecondFactorPages runs axe over the account page (as it starts, while
// an authenticator app is set up, with the recovery codes shown once) and
// the second step of signing in (empty and after a wrong code), at desktop
// and phone widths, and checks that none scrolls sideways at 360 px.
// With ANNALS_SCREENSHOTS=dir it keeps a 360 px screenshot of each.
func TestSecondFactorPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	u := app.User(t, auth.RoleEditor)
	ctx := browsertest.New(t, 1280, 900)
	signIn(t, ctx, app, u)
	check := func(what string) {
		t.Helper()
		for _, w := range a11y.Widths {
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), 900)); err != nil {
				t.Fatal(err)
			}
			vs, err := a11y.RunHere(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				if v.Blocking() {
					t.Errorf("%s at %d px: %s", what, w, v)
				}
			}
			if w == 360 {
				wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
				if err != nil || wide {
					t.Errorf("%s scrolls sideways at 360 px (%v)", what, err)
				}
				screenshot(t, ctx, what)
			}
		}
	}
	a11y.CheckWidths(t, ctx, app.URL+"/staff/account", a11y.Widths...)
	check("account page")
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.Click(chromedp.CSS(`form[action="/staff/account/totp"] button`)),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=totp-qr]")),
	); err != nil {
		t.Fatal(err)
	}
	check("authenticator app being set up")
	secret, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("[data-testid=totp-secret]")))
	if err != nil {
		t.Fatal(err)
	}
	secret = strings.ReplaceAll(secret, " ", "")
	code, _ := auth.TOTPCode(secret, auth.TOTPStep(time.Now()))
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#totp-code"), code),
		chromedp.Click(chromedp.CSS(`form[action="/staff/account/totp/confirm"] button`)),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=recovery-codes]")),
	); err != nil {
		t.Fatal(err)
	}
	check("recovery codes shown")

	other := browsertest.New(t, 1280, 900)
	if err := chromedp.Do(other,
		chromedp.Navigate(app.URL+"/staff/login?next="+url.QueryEscape("/staff/account")),
		chromedp.SendKeys(chromedp.CSS("#email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.TestPassword),
		chromedp.Click(chromedp.CSS(".login button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#code")),
	); err != nil {
		t.Fatal(err)
	}
	ctx = other
	check("second step of signing in")
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(1280, 900),
		chromedp.SendKeys(chromedp.CSS("#code"), "12"),
		chromedp.Click(chromedp.CSS(`form[action="/staff/login/second-factor"] button`)),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=login-error]")),
	); err != nil {
		t.Fatal(err)
	}
	check("second step after a wrong code")
}

func screenshot(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	dir := os.Getenv("ANNALS_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot of %s: %v", what, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, strings.ReplaceAll(what, " ", "-")+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
}
