package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5/pgxpool"

	"annals/internal/auth"
	"annals/internal/web"
	"annals/internal/webtest"
)

// enrolTOTP sets up an authenticator app for the session's account from its
// own page, and returns the secret and the recovery codes shown once.
func enrolTOTP(t *testing.T, s *webtest.Session) (string, []string) {
	t.Helper()
	if res, body := s.Get(t, "/staff/account"); res.StatusCode != http.StatusOK {
		t.Fatalf("account page: %d\n%s", res.StatusCode, errorsOf(body))
	}
	res, body := s.Post(t, "/staff/account/totp", nil)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("start TOTP enrolment: %d\n%s", res.StatusCode, errorsOf(body))
	}
	doc := mustDoc(t, body)
	secret := strings.ReplaceAll(strings.TrimSpace(doc.Find("[data-testid=totp-secret]").Text()), " ", "")
	uri := strings.TrimSpace(doc.Find("[data-testid=totp-uri]").Text())
	if secret == "" || !strings.HasPrefix(uri, "otpauth://totp/") || !strings.Contains(uri, "secret="+secret) {
		t.Fatalf("enrolment shows secret %q and address %q", secret, uri)
	}
	if src, _ := doc.Find("[data-testid=totp-qr]").Attr("src"); !strings.HasPrefix(src, "data:image/png;base64,") {
		t.Fatalf("no QR code image: %q", src)
	}
	res, body = s.Post(t, "/staff/account/totp/confirm", url.Values{"code": {totpCode(t, secret, 0)}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirm TOTP: %d\n%s", res.StatusCode, errorsOf(body))
	}
	var codes []string
	mustDoc(t, body).Find("[data-testid=recovery-code]").Each(func(_ int, q *goquery.Selection) {
		codes = append(codes, strings.TrimSpace(q.Text()))
	})
	if len(codes) != auth.RecoveryCodeCount {
		t.Fatalf("%d recovery codes shown, want %d", len(codes), auth.RecoveryCodeCount)
	}
	return secret, codes
}

// totpCode is the app's code now, or steps later.
func totpCode(t *testing.T, secret string, steps int64) string {
	t.Helper()
	code, err := auth.TOTPCode(secret, auth.TOTPStep(time.Now())+steps)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func mustDoc(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// passwordOnly signs in with the password alone and returns the session
// and where it was sent.
func passwordOnly(t *testing.T, app *webtest.App, u auth.User) (*webtest.Session, string) {
	t.Helper()
	s := app.NewSession(t)
	s.Get(t, "/staff/login")
	res, body := s.Post(t, "/staff/login", url.Values{"email": {u.Email}, "password": {webtest.TestPassword}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("password of %s: %d\n%s", u.Email, res.StatusCode, errorsOf(body))
	}
	return s, res.Header.Get("Location")
}

func TestTOTPEnrolmentSignInReplayAndRecoveryCodes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	u := app.User(t, auth.RoleEditor)
	secret, codes := enrolTOTP(t, app.SignIn(t, u))

	// The revision says what changed and holds no secret.
	var records []string
	rows, err := app.Store.Pool().Query(ctx, `SELECT record::text || reason FROM revisions WHERE entity = 'user' AND entity_id = $1 AND action = 'second_factor'`, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var r string
		if err := rows.Scan(&r); err != nil {
			t.Fatal(err)
		}
		records = append(records, r)
	}
	if len(records) != 1 || !strings.Contains(records[0], `"totp": true`) {
		t.Fatalf("revisions of the enrolment: %q", records)
	}
	for _, secretish := range append([]string{secret}, codes...) {
		if strings.Contains(records[0], secretish) {
			t.Fatalf("the revision holds a secret: %s", records[0])
		}
	}

	// The password alone leads to the second step, which grants nothing.
	s, next := passwordOnly(t, app, u)
	if next != "/staff/login/second-factor" {
		t.Fatalf("after the password: sent to %q", next)
	}
	for _, path := range []string{"/staff", "/staff/account", "/staff/events"} {
		if res, _ := s.Get(t, path); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/staff/login") {
			t.Fatalf("%s while the second factor is pending: %d %s", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	s.Get(t, "/staff/login/second-factor")
	wrong := "000000"
	if wrong == totpCode(t, secret, 1) {
		wrong = "111111"
	}
	if res, body := s.Post(t, "/staff/login/second-factor", url.Values{"code": {wrong}}); res.StatusCode != http.StatusUnauthorized || loginError(body) == "" {
		t.Fatalf("a wrong code: %d %q", res.StatusCode, loginError(body))
	}
	// The enrolment used this step's code: the next step's is accepted.
	code := totpCode(t, secret, 1)
	res, _ := s.Post(t, "/staff/login/second-factor", url.Values{"code": {code}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff" {
		t.Fatalf("the right code: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := s.Get(t, "/staff"); res.StatusCode != http.StatusOK {
		t.Fatalf("signed in with a code: /staff is %d", res.StatusCode)
	}

	// The same code again, from another browser, is refused.
	s2, _ := passwordOnly(t, app, u)
	s2.Get(t, "/staff/login/second-factor")
	if res, body := s2.Post(t, "/staff/login/second-factor", url.Values{"code": {code}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a replayed code: %d %q", res.StatusCode, loginError(body))
	}

	// A recovery code works once.
	if res, _ := s2.Post(t, "/staff/login/second-factor", url.Values{"code": {strings.ToUpper(codes[0])}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a recovery code: %d", res.StatusCode)
	}
	s3, _ := passwordOnly(t, app, u)
	s3.Get(t, "/staff/login/second-factor")
	if res, _ := s3.Post(t, "/staff/login/second-factor", url.Values{"code": {codes[0]}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a recovery code used twice: %d", res.StatusCode)
	}
	if res, _ := s3.Post(t, "/staff/login/second-factor", url.Values{"code": {codes[1]}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another recovery code: %d", res.StatusCode)
	}
	_, body := s3.Get(t, "/staff/account")
	if left := strings.TrimSpace(mustDoc(t, body).Find("[data-testid=recovery-left]").Text()); left != "8" {
		t.Fatalf("recovery codes left: %q, want 8", left)
	}

	// The security page shows the enrolment, the codes used, the failures.
	admin := app.SignIn(t, app.User(t, auth.RoleAdmin))
	_, log := admin.Get(t, "/staff/security")
	for _, want := range []string{"Authenticator app added", "Recovery code used", "Wrong second factor"} {
		if !strings.Contains(log, want) {
			t.Errorf("the security page does not show %q", want)
		}
	}

	// Lost phone and codes: an admin removes the factors; the password
	// alone signs in again.
	if res, body := admin.Post(t, "/staff/users/"+strconv.FormatInt(u.ID, 10), url.Values{"do": {"reset_factors"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove second factors: %d\n%s", res.StatusCode, errorsOf(body))
	}
	if _, next := passwordOnly(t, app, u); next != "/staff" {
		t.Fatalf("after an admin removed the second factors, the password leads to %q", next)
	}
}

func TestSecondFactorRequiredSendsToEnrolment(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	admin := app.SignIn(t, app.User(t, auth.RoleAdmin))
	if res, body := admin.Post(t, "/staff/settings", url.Values{"second_factor_roles": {"editor"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the rule: %d\n%s", res.StatusCode, errorsOf(body))
	}
	contributor := app.User(t, auth.RoleContributor)
	if _, next := passwordOnly(t, app, contributor); next != "/staff" {
		t.Fatalf("a contributor (not required) was sent to %q", next)
	}

	editor := app.User(t, auth.RoleEditor)
	s, _ := passwordOnly(t, app, editor)
	for _, path := range []string{"/staff", "/staff/events", "/staff/tokens", "/staff/sources"} {
		res, _ := s.Get(t, path)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/account" {
			t.Fatalf("%s without a second factor: %d %s, want the enrolment page", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res, body := s.Get(t, "/staff/account"); res.StatusCode != http.StatusOK || !strings.Contains(body, `data-testid="must-enrol"`) {
		t.Fatalf("the enrolment page: %d", res.StatusCode)
	}
	if res, _ := s.Post(t, "/staff/tokens", url.Values{"name": {"sneaky"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("making a token without a second factor: %d, want 403", res.StatusCode)
	}
	enrolTOTP(t, s)
	if res, _ := s.Get(t, "/staff/events"); res.StatusCode != http.StatusOK {
		t.Fatalf("/staff/events after enrolling: %d", res.StatusCode)
	}

	// Required for everyone: the admin too, at their next request.
	if res, _ := admin.Post(t, "/staff/settings", url.Values{"second_factor_all": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("require for all: %d", res.StatusCode)
	}
	if res, _ := admin.Get(t, "/staff/users"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/staff/account" {
		t.Fatalf("an admin without a second factor once everyone needs one: %d", res.StatusCode)
	}
}

func TestSignOutEverywhere(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	u := app.User(t, auth.RoleContributor)
	a, b, c := app.SignIn(t, u), app.SignIn(t, u), app.SignIn(t, u)
	_, body := a.Get(t, "/staff/account")
	doc := mustDoc(t, body)
	if n := doc.Find("[data-testid=session-row]").Length(); n != 3 {
		t.Fatalf("%d sessions listed, want 3", n)
	}
	if n := doc.Find("[data-testid=session-row] [data-testid=this-session]").Length(); n != 1 {
		t.Fatalf("%d sessions marked as this one, want 1", n)
	}
	// End one: the last listed that is not this one.
	var endURL string
	doc.Find("[data-testid=session-row] form").Each(func(_ int, q *goquery.Selection) { endURL, _ = q.Attr("action") })
	if res, _ := a.Post(t, endURL, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("end one session: %d", res.StatusCode)
	}
	ended := 0
	for _, s := range []*webtest.Session{b, c} {
		if res, _ := s.Get(t, "/staff"); res.StatusCode == http.StatusSeeOther {
			ended++
		}
	}
	if ended != 1 {
		t.Fatalf("%d sessions ended by ending one", ended)
	}
	d := app.SignIn(t, u)
	if res, _ := a.Post(t, "/staff/account/sessions/end-others", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out everywhere else: %d", res.StatusCode)
	}
	for i, s := range []*webtest.Session{b, c, d} {
		if res, _ := s.Get(t, "/staff"); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("session %d still works after signing out everywhere", i)
		}
	}
	if res, _ := a.Get(t, "/staff"); res.StatusCode != http.StatusOK {
		t.Fatalf("the session that signed out the others: %d", res.StatusCode)
	}
	// Signing out ends the session's row too.
	if res, _ := a.Post(t, "/staff/logout", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatal("sign out")
	}
	var n int
	if err := app.Store.Pool().QueryRow(context.Background(), `SELECT count(*) FROM user_sessions WHERE user_id = $1`, u.ID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d session rows left after signing out everywhere (%v)", n, err)
	}
}

// Attempts that alternate between two instances on one database are
// counted together: the limits live in PostgreSQL.
func TestSignInLimitHoldsAcrossInstances(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := web.Config{SignInBurst: 3, SignInEvery: time.Hour}
	a := webtest.Start(t, webtest.Options{NoDemo: true, Config: cfg})
	pool, err := pgxpool.New(ctx, a.Store.Pool().Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	b := webtest.Start(t, webtest.Options{Pool: pool, Config: cfg})
	on := func(s *webtest.Session, app *webtest.App) *webtest.Session {
		return &webtest.Session{App: app, Client: s.Client, CSRF: s.CSRF}
	}

	// Passwords.
	u := a.User(t, auth.RoleEditor)
	s := a.NewSession(t)
	s.Get(t, "/staff/login")
	for i, app := range []*webtest.App{a, b, a} {
		if res, _ := on(s, app).Post(t, "/staff/login", url.Values{"email": {u.Email}, "password": {"wrong"}}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i, res.StatusCode)
		}
	}
	if res, _ := on(s, b).Post(t, "/staff/login", url.Values{"email": {u.Email}, "password": {webtest.TestPassword}}); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("4th password attempt, on the other instance: %d, want 429", res.StatusCode)
	}

	// Second-factor codes.
	v := a.User(t, auth.RoleEditor)
	secret, _ := enrolTOTP(t, a.SignIn(t, v))
	p, _ := passwordOnly(t, a, v)
	p.Get(t, "/staff/login/second-factor")
	wrong := "000000"
	if wrong == totpCode(t, secret, 1) {
		wrong = "111111"
	}
	for i, app := range []*webtest.App{b, a, b} {
		if res, _ := on(p, app).Post(t, "/staff/login/second-factor", url.Values{"code": {wrong}}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: %d", i, res.StatusCode)
		}
	}
	if res, _ := on(p, a).Post(t, "/staff/login/second-factor", url.Values{"code": {totpCode(t, secret, 1)}}); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("4th code, right, after three wrong ones on two instances: %d, want 429", res.StatusCode)
	}
}
