package webtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"annals/internal/auth"
)

// TestPassword is the password of accounts made by User.
const TestPassword = "correct horse battery staple"

// User creates an account with role and returns it; its password is
// TestPassword.
func (a *App) User(t testing.TB, role auth.Role) auth.User {
	t.Helper()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	email := string(role) + "-" + hex.EncodeToString(b) + "@example.org"
	u, err := a.Store.CreateUser(context.Background(), email, strings.ToUpper(string(role[:1]))+string(role[1:])+" "+hex.EncodeToString(b[:2]), role, TestPassword)
	if err != nil {
		t.Fatalf("create %s account: %v", role, err)
	}
	return u
}

// Session is a client with its own cookie jar, like one browser.
type Session struct {
	App    *App
	Client *http.Client
	CSRF   string
}

// NewSession returns a client that has not signed in.
func (a *App) NewSession(t testing.TB) *Session {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &Session{App: a, Client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// SignIn returns a session signed in as u (password TestPassword).
func (a *App) SignIn(t testing.TB, u auth.User) *Session {
	t.Helper()
	s := a.NewSession(t)
	s.Get(t, "/staff/login")
	res, body := s.Post(t, "/staff/login", url.Values{"email": {u.Email}, "password": {TestPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d\n%s", u.Email, res.StatusCode, body)
	}
	s.Get(t, "/staff")
	if s.CSRF == "" {
		t.Fatalf("no CSRF token after signing in as %s", u.Email)
	}
	return s
}

var csrfPattern = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (s *Session) do(t testing.TB, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := s.Client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read %s: %v", req.URL.Path, err)
	}
	if m := csrfPattern.FindSubmatch(body); m != nil {
		s.CSRF = string(m[1])
	}
	return res, string(body)
}

// Get fetches path (redirects are not followed).
func (s *Session) Get(t testing.TB, path string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.App.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s.do(t, req)
}

// Post sends form to path with the session's CSRF token (unless the form
// carries its own _csrf).
func (s *Session) Post(t testing.TB, path string, form url.Values) (*http.Response, string) {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok && s.CSRF != "" {
		form.Set("_csrf", s.CSRF)
	}
	req, err := http.NewRequest(http.MethodPost, s.App.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.do(t, req)
}
