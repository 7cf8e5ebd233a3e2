package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	cdpwebauthn "github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// A passkey is added from the account page and then used as the second
// step of signing in, in Chromium with a virtual authenticator (the
// DevTools WebAuthn domain) standing in for a phone or security key.
func TestBrowserPasskeyRegistrationAndSignIn(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	u := app.User(t, auth.RoleEditor)
	// WebAuthn needs a name, not an IP address, and localhost is a secure
	// context without TLS.
	base := strings.Replace(app.URL, "127.0.0.1", "localhost", 1)
	ctx := browsertest.New(t, 1280, 1000)
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	do("add a virtual authenticator", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, cdpwebauthn.Enable, cdpwebauthn.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, cdpwebauthn.AddVirtualAuthenticator, cdpwebauthn.AddVirtualAuthenticatorParams{
			Options: &cdpwebauthn.VirtualAuthenticatorOptions{Protocol: cdpwebauthn.AuthenticatorProtocolCtap2,
				Transport: cdpwebauthn.AuthenticatorTransportInternal, HasResidentKey: true, HasUserVerification: true,
				IsUserVerified: true, AutomaticPresenceSimulation: true}})
		return err
	}))
	signInPassword := func() {
		t.Helper()
		do("sign in with the password",
			chromedp.Navigate(base+"/staff/login"),
			chromedp.SendKeys(chromedp.CSS("#email"), u.Email),
			chromedp.SendKeys(chromedp.CSS("#password"), webtest.TestPassword),
			chromedp.Click(chromedp.CSS(".login button[type=submit]")),
		)
	}
	signInPassword()
	do("add a passkey",
		chromedp.WaitVisible(chromedp.CSS("[data-testid=whoami]")),
		chromedp.Navigate(base+"/staff/account"),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=passkey-add]")),
		chromedp.SendKeys(chromedp.CSS("#passkey-name"), "virtual key"),
		chromedp.Click(chromedp.CSS("[data-testid=passkey-add]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=passkey-row]")),
	)
	name, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("[data-testid=passkey-row] strong")))
	if err != nil || name != "virtual key" {
		t.Fatalf("the new passkey is listed as %q (%v)", name, err)
	}

	do("sign out", chromedp.Click(chromedp.CSS(".signout button")), chromedp.WaitVisible(chromedp.CSS("#email")))
	signInPassword()
	do("use the passkey as the second step",
		chromedp.WaitVisible(chromedp.CSS("[data-testid=passkey-signin]")),
		chromedp.Click(chromedp.CSS("[data-testid=passkey-signin]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=whoami]")),
	)
	var method string
	var used bool
	if err := app.Store.Pool().QueryRow(context.Background(), `
SELECT (SELECT method FROM user_sessions WHERE user_id = $1 ORDER BY id DESC LIMIT 1),
       (SELECT last_used_at IS NOT NULL FROM user_passkeys WHERE user_id = $1)`, u.ID).Scan(&method, &used); err != nil {
		t.Fatal(err)
	}
	if method != "password + passkey" || !used {
		t.Fatalf("the last session signed in with %q; passkey marked used: %v", method, used)
	}
}
