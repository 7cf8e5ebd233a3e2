package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"annals/internal/auth"
	"annals/internal/web"
	"annals/internal/webtest"
)

func signInWith(t *testing.T, s *webtest.Session, email, password string, header ...string) int {
	t.Helper()
	form := url.Values{"email": {email}, "password": {password}, "_csrf": {s.CSRF}}
	req, err := http.NewRequest(http.MethodPost, s.App.URL+"/staff/login", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := s.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// Someone guessing an account's password from elsewhere is slowed down, but
// the owner's browser, which signed in before, still gets in with the
// right password.
func TestGuessesDoNotLockTheOwnerOutOfAKnownDevice(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true, Config: web.Config{SignInBurst: 5, SignInEvery: time.Hour}})
	u := app.User(t, auth.RoleEditor)

	owner := app.SignIn(t, u) // this browser now holds a device cookie
	owner.Post(t, "/staff/logout", nil)
	owner.Get(t, "/staff/login")

	attacker := app.NewSession(t)
	attacker.Get(t, "/staff/login")
	for i := range 5 {
		if code := signInWith(t, attacker, u.Email, fmt.Sprint("guess ", i)); code != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d, want 401", i, code)
		}
	}
	if code := signInWith(t, attacker, u.Email, "guess 6"); code != http.StatusTooManyRequests {
		t.Fatalf("sixth guess: %d, want 429", code)
	}
	if code := signInWith(t, attacker, u.Email, webtest.TestPassword); code != http.StatusTooManyRequests {
		t.Fatalf("the right password from the attacker's browser after six guesses: %d, want 429", code)
	}
	if code := signInWith(t, owner, u.Email, webtest.TestPassword); code != http.StatusSeeOther {
		t.Fatalf("the owner's known browser, right password, while the account is limited: %d, want 303", code)
	}

	evs, err := app.Store.SecurityLog(context.Background(), time.Time{}, 50)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, ev := range evs {
		if ev.Email == u.Email {
			kinds[ev.Kind]++
		}
	}
	if kinds[auth.EventSignInLimited] != 2 || kinds[auth.EventSignInFailed] != 5 || kinds[auth.EventSignIn] != 2 {
		t.Fatalf("security events for the account: %v; want 2 limited, 5 failed, 2 sign-ins", kinds)
	}
}

// Behind a proxy every request comes from the proxy's address. Forwarded
// addresses are believed only from configured proxies: then each client
// has its own limit; otherwise a forged header changes nothing.
func TestForwardedAddressesAreBelievedOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	attempts := func(app *webtest.App, forwarded func(i int) string) (limited int) {
		s := app.NewSession(t)
		s.Get(t, "/staff/login")
		for i := range 30 {
			if signInWith(t, s, fmt.Sprintf("nobody%d@example.org", i), "x", "X-Forwarded-For", forwarded(i)) == http.StatusTooManyRequests {
				limited++
			}
		}
		return limited
	}
	cfg := web.Config{SignInBurst: 5, SignInEvery: time.Hour}
	direct := webtest.Start(t, webtest.Options{NoDemo: true, Config: cfg})
	if n := attempts(direct, func(i int) string { return fmt.Sprintf("198.51.100.%d", i) }); n != 10 {
		t.Fatalf("forged X-Forwarded-For without trusted proxies: %d of 30 limited, want 10 (one address, burst 20)", n)
	}

	proxies, err := web.ParseTrustedProxies("127.0.0.1, ::1")
	if err != nil {
		t.Fatal(err)
	}
	cfg.TrustedProxies = proxies
	proxied := webtest.Start(t, webtest.Options{NoDemo: true, Config: cfg})
	if n := attempts(proxied, func(i int) string { return fmt.Sprintf("203.0.113.9, 198.51.100.%d", i) }); n != 0 {
		t.Fatalf("thirty clients behind a trusted proxy: %d limited, want none", n)
	}
	if n := attempts(proxied, func(int) string { return "198.51.100.77" }); n != 10 {
		t.Fatalf("one client behind a trusted proxy: %d of 30 limited, want 10", n)
	}
}

func TestParseTrustedProxies(t *testing.T) {
	got, err := web.ParseTrustedProxies("10.0.0.0/8, 192.0.2.1 2001:db8::/32")
	if err != nil || len(got) != 3 || got[1].String() != "192.0.2.1/32" {
		t.Fatalf("ParseTrustedProxies = %v, %v", got, err)
	}
	if _, err := web.ParseTrustedProxies("10.0.0.0/8, proxy.internal"); err == nil || !strings.Contains(err.Error(), `"proxy.internal"`) {
		t.Fatalf("a host name must be refused by name, got %v", err)
	}
}

// The admin security page lists sign-ins, failures, limits, account
// changes, tokens and backups; other roles cannot see it.
func TestSecurityPageListsWhatHappenedToAccounts(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	admin := app.User(t, auth.RoleAdmin)
	editor := app.User(t, auth.RoleEditor)
	s := app.NewSession(t)
	s.Get(t, "/staff/login")
	if code := signInWith(t, s, editor.Email, "wrong"); code != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", code)
	}
	as := app.SignIn(t, admin)
	as.Post(t, "/staff/users/"+fmt.Sprint(editor.ID), url.Values{"do": {"role"}, "role": {"reviewer"}})
	as.Get(t, "/staff/backup")

	res, body := as.Get(t, "/staff/security")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("security page: %d", res.StatusCode)
	}
	for _, want := range []string{"Failed sign-in", editor.Email, "Signed in", "new device", "Account changed", "role=reviewer", "Full backup downloaded"} {
		if !strings.Contains(body, want) {
			t.Errorf("security page lacks %q", want)
		}
	}
	if res, _ := app.SignIn(t, app.User(t, auth.RoleEditor)).Get(t, "/staff/security"); res.StatusCode != http.StatusForbidden {
		t.Errorf("an editor opening the security page: %d, want 403", res.StatusCode)
	}
}
