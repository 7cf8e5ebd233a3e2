package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/web"
	"annals/internal/webtest"
)

func TestSignInAnswersAlikeAndSetsSafeCookie(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true, Config: web.Config{BaseURL: "https://annals.example.org"}})
	u := app.User(t, auth.RoleEditor)

	s := app.NewSession(t)
	res, _ := s.Get(t, "/staff/login")
	before := cookieOf(res)
	if before == nil || !before.HttpOnly || before.SameSite != http.SameSiteLaxMode || !before.Secure || before.Path != "/staff" {
		t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, Secure (https base URL), Path=/staff", before)
	}
	wrong, wrongBody := s.Post(t, "/staff/login", url.Values{"email": {u.Email}, "password": {"not the password"}})
	unknown, unknownBody := s.Post(t, "/staff/login", url.Values{"email": {"nobody@example.org"}, "password": {"not the password"}})
	if wrong.StatusCode != http.StatusUnauthorized || unknown.StatusCode != wrong.StatusCode ||
		loginError(wrongBody) != loginError(unknownBody) || loginError(wrongBody) == "" {
		t.Fatalf("wrong password %d %q, unknown email %d %q: want the same answer",
			wrong.StatusCode, loginError(wrongBody), unknown.StatusCode, loginError(unknownBody))
	}
	res, _ = s.Post(t, "/staff/login", url.Values{"email": {strings.ToUpper(u.Email)}, "password": {webtest.TestPassword}})
	after := cookieOf(res)
	if res.StatusCode != http.StatusSeeOther || after == nil || after.Value == before.Value {
		t.Fatalf("sign-in: %d; the session token must be renewed (before %v, after %v)", res.StatusCode, before, after)
	}
}

func TestSignInIsRateLimited(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true, Config: web.Config{SignInBurst: 3, SignInEvery: time.Hour}})
	u := app.User(t, auth.RoleEditor)
	s := app.NewSession(t)
	s.Get(t, "/staff/login")
	for i := range 3 {
		if res, _ := s.Post(t, "/staff/login", url.Values{"email": {u.Email}, "password": {"guess " + fmt.Sprint(i)}}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d", i, res.StatusCode)
		}
	}
	res, _ := s.Post(t, "/staff/login", url.Values{"email": {u.Email}, "password": {webtest.TestPassword}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("4th attempt on one account, right password: %d, want 429", res.StatusCode)
	}
	// Other accounts from the same address still work, up to the address's
	// own limit (four times the account's).
	other := app.User(t, auth.RoleEditor)
	res, _ = s.Post(t, "/staff/login", url.Values{"email": {other.Email}, "password": {webtest.TestPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another account from the same address: %d", res.StatusCode)
	}
	s2 := app.NewSession(t)
	s2.Get(t, "/staff/login")
	limited := false
	for i := range 12 {
		res, _ := s2.Post(t, "/staff/login", url.Values{"email": {fmt.Sprintf("nobody%d@example.org", i)}, "password": {"x"}})
		if res.StatusCode == http.StatusTooManyRequests {
			limited = true
		}
	}
	if !limited {
		t.Fatal("twelve more attempts from one address were never limited")
	}
}

func TestDisablingOrChangingAnAccountEndsItsSessions(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	admin := app.SignIn(t, app.User(t, auth.RoleAdmin))
	for _, change := range []url.Values{
		{"do": {"disable"}},
		{"do": {"role"}, "role": {"contributor"}},
		{"do": {"reset"}},
	} {
		u := app.User(t, auth.RoleEditor)
		s := app.SignIn(t, u)
		if res, _ := s.Get(t, "/staff/events"); res.StatusCode != http.StatusOK {
			t.Fatalf("signed in: %d", res.StatusCode)
		}
		res, body := admin.Post(t, fmt.Sprintf("/staff/users/%d", u.ID), change)
		if res.StatusCode >= 400 {
			t.Fatalf("%v: %d\n%s", change, res.StatusCode, errorsOf(body))
		}
		if res, _ := s.Get(t, "/staff/events"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("after %v the old session still works (%d)", change, res.StatusCode)
		}
		switch change.Get("do") {
		case "disable":
			r, _ := app.NewSession(t).Post(t, "/staff/login", url.Values{"email": {u.Email}, "password": {webtest.TestPassword}})
			if r.StatusCode == http.StatusSeeOther {
				t.Error("a disabled account could sign in")
			}
		case "reset":
			doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
			pw := strings.TrimSpace(doc.Find("[data-testid=new-password] code").Text())
			s := app.NewSession(t)
			s.Get(t, "/staff/login")
			if r, _ := s.Post(t, "/staff/login", url.Values{"email": {u.Email}, "password": {pw}}); r.StatusCode != http.StatusSeeOther {
				t.Errorf("the reset password %q does not work: %d", pw, r.StatusCode)
			}
		}
	}
	// The last admin cannot lock everyone out.
	me, _ := app.Store.Users(t.Context())
	for _, u := range me {
		if u.Role == auth.RoleAdmin {
			admin.Post(t, fmt.Sprintf("/staff/users/%d", u.ID), url.Values{"do": {"disable"}})
			got, _ := app.Store.User(t.Context(), u.ID)
			if got.Disabled {
				t.Error("the only admin was disabled")
			}
		}
	}
}

func TestIdleSessionsEnd(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true, Config: web.Config{SessionIdle: time.Second}})
	s := app.SignIn(t, app.User(t, auth.RoleEditor))
	time.Sleep(1500 * time.Millisecond)
	if res, _ := s.Get(t, "/staff"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("an idle session still works: %d", res.StatusCode)
	}
}

func TestSignInRedirectsOnlyInsideStaff(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	u := app.User(t, auth.RoleEditor)
	for next, want := range map[string]string{"/staff/events": "/staff/events", "https://evil.example/": "/staff",
		"//evil.example/staff": "/staff", "/staff/../x": "/staff", "/staffing": "/staff"} {
		s := app.NewSession(t)
		s.Get(t, "/staff/login")
		res, _ := s.Post(t, "/staff/login", url.Values{"email": {u.Email}, "password": {webtest.TestPassword}, "next": {next}})
		if got := res.Header.Get("Location"); got != want {
			t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
		}
	}
}

func cookieOf(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == "annals_staff" {
			return c
		}
	}
	return nil
}

func loginError(body string) string {
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	return strings.TrimSpace(doc.Find("[data-testid=login-error]").Text())
}

func TestSessionsEndAfterTheirLifetimeEvenWhenActive(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true, Config: web.Config{SessionLifetime: 2 * time.Second}})
	s := app.SignIn(t, app.User(t, auth.RoleEditor))
	if res, _ := s.Get(t, "/staff"); res.StatusCode != http.StatusOK {
		t.Fatalf("a fresh session does not work: %d", res.StatusCode)
	}
	deadline := time.Now().Add(4 * time.Second)
	for time.Now().Before(deadline) {
		if res, _ := s.Get(t, "/staff"); res.StatusCode == http.StatusSeeOther {
			return
		}
		time.Sleep(300 * time.Millisecond)
	}
	t.Fatal("an active session outlived its absolute lifetime")
}
