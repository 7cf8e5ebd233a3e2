package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// expectedStaffRoles is the least role of every staff route, written out by
// hand. The test fails when the router has a staff route missing here, so a
// new route cannot be added without deciding who may use it.
var expectedStaffRoles = map[string]auth.Role{
	"GET /staff/login":                 "",
	"POST /staff/login":                "",
	"POST /staff/logout":               auth.RoleContributor,
	"GET /staff":                       auth.RoleContributor,
	"GET /staff/events":                auth.RoleContributor,
	"GET /staff/events/new":            auth.RoleContributor,
	"POST /staff/events":               auth.RoleContributor,
	"GET /staff/events/:id":            auth.RoleContributor,
	"POST /staff/events/:id":           auth.RoleContributor,
	"POST /staff/events/:id/submit":    auth.RoleContributor,
	"GET /staff/events/:id/history":    auth.RoleContributor,
	"GET /staff/history":               auth.RoleContributor,
	"GET /staff/review":                auth.RoleReviewer,
	"GET /staff/events/:id/review":     auth.RoleReviewer,
	"POST /staff/events/:id/publish":   auth.RoleReviewer,
	"POST /staff/events/:id/send-back": auth.RoleReviewer,
	"POST /staff/events/:id/retract":   auth.RoleReviewer,
	"POST /staff/events/:id/discard":   auth.RoleEditor,
	"POST /staff/events/:id/delete":    auth.RoleEditor,
	"POST /staff/events/:id/restore":   auth.RoleEditor,
	"POST /staff/events/:id/timelines": auth.RoleEditor,
	// Bulk actions: each step then needs its own role, per event.
	"POST /staff/events/bulk": auth.RoleContributor,
	// The editor's actor search (type-ahead) is anyone's on staff.
	"GET /staff/actors/suggest":       auth.RoleContributor,
	"GET /staff/sources":              auth.RoleContributor,
	"GET /staff/sources/suggest":      auth.RoleContributor,
	"GET /staff/sources/duplicates":   auth.RoleEditor,
	"POST /staff/sources/merge":       auth.RoleEditor,
	"GET /staff/sources/:id":          auth.RoleEditor,
	"POST /staff/sources/:id":         auth.RoleEditor,
	"GET /staff/sources/:id/history":  auth.RoleContributor,
	"POST /staff/sources/:id/restore": auth.RoleEditor,
	// Captures: staff read them; an editor captures again.
	"GET /staff/sources/:id/captures":                auth.RoleContributor,
	"POST /staff/sources/:id/captures":               auth.RoleEditor,
	"GET /staff/sources/:id/captures/compare":        auth.RoleContributor,
	"GET /staff/sources/:id/captures/:capture/:kind": auth.RoleContributor,
	"GET /staff/captures":                            auth.RoleContributor,
	"GET /staff/captures/at-risk":                    auth.RoleContributor,
	"GET /staff/figures/:id/history":                 auth.RoleContributor,
	"GET /staff/categories":                          auth.RoleEditor,
	"POST /staff/categories":                         auth.RoleEditor,
	"GET /staff/metrics":                             auth.RoleEditor,
	"POST /staff/metrics":                            auth.RoleEditor,
	"GET /staff/actors":                              auth.RoleEditor,
	"POST /staff/actors":                             auth.RoleEditor,
	"GET /staff/proposals":                           auth.RoleEditor,
	"POST /staff/proposals/:kind/:id/accept":         auth.RoleEditor,
	"POST /staff/proposals/:kind/:id/reject":         auth.RoleEditor,
	"GET /staff/timelines":                           auth.RoleEditor,
	"POST /staff/timelines":                          auth.RoleEditor,
	"GET /staff/users":                               auth.RoleAdmin,
	"POST /staff/users":                              auth.RoleAdmin,
	"POST /staff/users/:id":                          auth.RoleAdmin,
	"GET /staff/settings":                            auth.RoleAdmin,
	"POST /staff/settings":                           auth.RoleAdmin,
	"GET /staff/chain":                               auth.RoleAdmin,
	"POST /staff/chain/verify":                       auth.RoleAdmin,
	// Content translations (staff_translations.go).
	"GET /staff/events/:id/translations":                     auth.RoleContributor,
	"POST /staff/events/:id/translations":                    auth.RoleContributor,
	"GET /staff/events/:id/translations/:lang":               auth.RoleContributor,
	"POST /staff/events/:id/translations/:lang":              auth.RoleContributor,
	"POST /staff/events/:id/translations/:lang/publish":      auth.RoleReviewer,
	"POST /staff/events/:id/translations/:lang/delete":       auth.RoleEditor,
	"GET /staff/timelines/:slug/translations":                auth.RoleEditor,
	"POST /staff/timelines/:slug/translations":               auth.RoleEditor,
	"GET /staff/timelines/:slug/translations/:lang":          auth.RoleEditor,
	"POST /staff/timelines/:slug/translations/:lang":         auth.RoleEditor,
	"POST /staff/timelines/:slug/translations/:lang/publish": auth.RoleEditor,
	"POST /staff/timelines/:slug/translations/:lang/delete":  auth.RoleEditor,
	// A timeline's eras (staff_eras.go): contributors cannot.
	"GET /staff/timelines/:slug/eras":             auth.RoleEditor,
	"POST /staff/timelines/:slug/eras":            auth.RoleEditor,
	"POST /staff/timelines/:slug/eras/:id/delete": auth.RoleEditor,
	"GET /staff/backup":                           auth.RoleAdmin,
	"GET /staff/security":                         auth.RoleAdmin,
	"GET /staff/import":                           auth.RoleEditor,
	"POST /staff/import":                          auth.RoleEditor,
	"POST /staff/import/confirm":                  auth.RoleEditor,
	"GET /staff/tokens":                           auth.RoleContributor,
	"POST /staff/tokens":                          auth.RoleContributor,
	"POST /staff/media":                           auth.RoleContributor,
	"GET /staff/media/:name":                      auth.RoleContributor,
	"POST /staff/tokens/:id/revoke":               auth.RoleContributor,
	// The second step of signing in (second_factor.go, webauthn.go): open
	// to a pending sign-in, which they check themselves.
	"GET /staff/login/second-factor":   "",
	"POST /staff/login/second-factor":  "",
	"POST /staff/login/passkey/begin":  "",
	"POST /staff/login/passkey/finish": "",
	// Each account's own second factors and sessions (staff_account.go).
	"GET /staff/account":                      auth.RoleContributor,
	"POST /staff/account/totp":                auth.RoleContributor,
	"POST /staff/account/totp/confirm":        auth.RoleContributor,
	"POST /staff/account/totp/remove":         auth.RoleContributor,
	"POST /staff/account/recovery-codes":      auth.RoleContributor,
	"POST /staff/account/passkeys/begin":      auth.RoleContributor,
	"POST /staff/account/passkeys/finish":     auth.RoleContributor,
	"POST /staff/account/passkeys/:id/remove": auth.RoleContributor,
	"POST /staff/account/sessions/:id/end":    auth.RoleContributor,
	"POST /staff/account/language":            auth.RoleContributor,
	"POST /staff/account/sessions/end-others": auth.RoleContributor,
}

// Every staff route, as anonymous and as each role: anonymous people are
// sent to sign in, people without the role get 403, the others get through.
// Requests carry a valid CSRF token but no valid data or version, so
// nothing changes.
func TestStaffAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()

	var routes []string
	for _, r := range app.Server.Echo().Routes() {
		if strings.HasPrefix(r.Path, "/staff") && !strings.Contains(r.Method, "not_found") {
			routes = append(routes, r.Method+" "+r.Path)
		}
	}
	sort.Strings(routes)
	inRouter := map[string]bool{}
	for _, r := range routes {
		inRouter[r] = true
		if _, ok := expectedStaffRoles[r]; !ok {
			t.Errorf("staff route %s is not in expectedStaffRoles: decide which role it needs and add it", r)
		}
	}
	for r := range expectedStaffRoles {
		if !inRouter[r] {
			t.Errorf("expected staff route %s is not registered", r)
		}
	}
	registered := map[string]auth.Role{}
	for _, r := range app.Server.StaffRoutes() {
		registered[r.Method+" "+r.Path] = r.Role
	}
	for r, want := range expectedStaffRoles {
		if got, ok := registered[r]; ok && got != want {
			t.Errorf("%s is registered for %q, want %q", r, got, want)
		}
	}

	// Something for each :id to point at.
	admin := app.SignIn(t, app.User(t, auth.RoleAdmin))
	id := createEvent(t, admin, eventForm("Matrix event", "https://example.org/matrix"))
	sources, err := app.Store.Sources(ctx)
	if err != nil || len(sources) == 0 {
		t.Fatalf("sources: %v", err)
	}
	other := app.User(t, auth.RoleContributor)
	token, _, err := app.Store.CreateAPIToken(ctx, other, "matrix", nil)
	if err != nil {
		t.Fatal(err)
	}
	eraID, _, err := app.Store.SaveEra(ctx, app.User(t, auth.RoleEditor), timeline.EraSave{Timeline: "myanmar-2021",
		Era: timeline.Era{Title: "Matrix era", Start: timeline.FuzzyDate{Year: 2021, Precision: timeline.PrecisionYear},
			End: timeline.FuzzyDate{Year: 2021, Precision: timeline.PrecisionYear}}})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{"events": fmt.Sprint(id), "eras": fmt.Sprint(eraID), "sources": fmt.Sprint(sources[0].Source.ID), "users": fmt.Sprint(other.ID),
		"figures": figureWithHistory(t, app, admin, id), "tokens": fmt.Sprint(token.ID),
		"passkeys": "1", "sessions": "1", "actor": "1"}
	concrete := func(route string) string {
		parts := strings.Split(route, "/")
		for i, p := range parts {
			switch p {
			case ":id":
				parts[i] = ids[parts[i-1]]
			case ":slug":
				parts[i] = "myanmar-2021"
			case ":lang":
				parts[i] = "my"
			case ":kind":
				parts[i] = "actor"
			}
		}
		return strings.Join(parts, "/")
	}
	// A Burmese translation of the event and of the timeline, so their
	// pages open.
	matrixTimeline, err := app.Store.TimelineBySlug(ctx, "myanmar-2021")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []timeline.TranslationKey{{Of: timeline.OfEvent, ID: id, Lang: "my"}, {Of: timeline.OfTimeline, ID: matrixTimeline.ID, Lang: "my"}} {
		if _, err := app.Store.SaveTranslation(ctx, other, timeline.TranslationSave{Key: k, Title: "မြန်မာ ခေါင်းစဉ်"}); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshotEvent(t, app, id)

	personas := []auth.Role{"", auth.RoleContributor, auth.RoleReviewer, auth.RoleEditor, auth.RoleAdmin}
	for _, persona := range personas {
		name := string(persona)
		if name == "" {
			name = "anonymous"
		}
		var s *webtest.Session
		if persona == "" {
			s = app.NewSession(t)
			s.Get(t, "/staff/login") // a CSRF token, so the check reached is the role's
		} else {
			s = app.SignIn(t, app.User(t, persona))
		}
		// Sign out last: it ends the session.
		ordered := append([]string(nil), routes...)
		sort.SliceStable(ordered, func(i, j int) bool {
			return !strings.HasSuffix(ordered[i], "/logout") && strings.HasSuffix(ordered[j], "/logout")
		})
		for _, route := range ordered {
			method, path, _ := strings.Cut(route, " ")
			target := concrete(path)
			var res *http.Response
			var body string
			if method == http.MethodGet {
				res, body = s.Get(t, target)
			} else {
				res, body = s.Post(t, target, url.Values{"version": {"0"}})
			}
			min := expectedStaffRoles[route]
			loc := res.Header.Get("Location")
			toLogin := res.StatusCode == http.StatusSeeOther && strings.HasPrefix(loc, "/staff/login")
			switch {
			case min == "":
				if res.StatusCode == http.StatusForbidden || res.StatusCode >= 500 {
					t.Errorf("%s as %s: %d, want it open to anyone", route, name, res.StatusCode)
				}
			case persona == "":
				if !toLogin {
					t.Errorf("%s as anonymous: %d %s, want a redirect to sign in", route, res.StatusCode, loc)
				}
			case !persona.AtLeast(min):
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s as %s: %d, want 403 (needs %s)", route, name, res.StatusCode, min)
				}
			case strings.HasSuffix(route, "/logout"):
				if !toLogin {
					t.Errorf("sign out as %s: %d %s", name, res.StatusCode, loc)
				}
				if r, _ := s.Get(t, "/staff"); r.StatusCode != http.StatusSeeOther {
					t.Errorf("still signed in as %s after signing out", name)
				}
			default:
				if res.StatusCode == http.StatusForbidden || toLogin || res.StatusCode >= 500 {
					t.Errorf("%s as %s: %d %s, want it allowed\n%s", route, name, res.StatusCode, loc, errorsOf(body))
				}
			}
		}
	}
	if after := snapshotEvent(t, app, id); after != before {
		t.Errorf("the matrix requests changed the event:\n%s\n%s", before, after)
	}
}

// Every state-changing staff route refuses a request without the session's
// CSRF token, or from another site, even from an admin.
func TestStaffCSRF(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	admin := app.SignIn(t, app.User(t, auth.RoleAdmin))
	id := createEvent(t, admin, eventForm("CSRF event", "https://example.org/csrf"))
	before := snapshotEvent(t, app, id)
	for _, r := range app.Server.Echo().Routes() {
		if r.Method != http.MethodPost || !strings.HasPrefix(r.Path, "/staff") {
			continue
		}
		path := strings.ReplaceAll(r.Path, ":id", fmt.Sprint(id))
		form := url.Values{"version": {version(t, app, id)}, "title": {"changed"}, "_csrf": {"forged"}}
		if res, _ := admin.Post(t, path, form); res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s with a forged token: %d, want 403", r.Path, res.StatusCode)
		}
		form.Del("_csrf")
		form.Set("_csrf", "")
		if res, _ := admin.Post(t, path, form); res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s without a token: %d, want 403", r.Path, res.StatusCode)
		}
	}
	// The right token from another site's page.
	req, _ := http.NewRequest(http.MethodPost, app.URL+fmt.Sprintf("/staff/events/%d/delete", id),
		strings.NewReader(url.Values{"_csrf": {admin.CSRF}, "version": {version(t, app, id)}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	res, err := admin.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", res.StatusCode)
	}
	if after := snapshotEvent(t, app, id); after != before {
		t.Error("a request without a valid CSRF token changed the event")
	}
}

func snapshotEvent(t *testing.T, app *webtest.App, id int64) string {
	t.Helper()
	ev, err := app.Store.StaffEvent(context.Background(), id)
	if err != nil {
		if timeline.ErrorCode(err) == timeline.ENOTFOUND {
			return "deleted"
		}
		t.Fatal(err)
	}
	return fmt.Sprintf("%d %s %s %v", ev.Version, ev.Work.Title, ev.Work.Status, ev.Pending)
}

// figureWithHistory publishes event id (its figure gets a revision) and
// returns that figure's id.
func figureWithHistory(t *testing.T, app *webtest.App, admin *webtest.Session, id int64) string {
	t.Helper()
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	act(t, app, admin, id, "submit", nil)
	act(t, app, reviewer, id, "publish", nil)
	ev, err := app.Store.StaffEvent(context.Background(), id)
	if err != nil || len(ev.Live.Figures) == 0 {
		t.Fatalf("published event has no figure: %v", err)
	}
	if _, err := app.Store.History(context.Background(), "figure", ev.Live.Figures[0].ID); err != nil {
		t.Fatalf("figure history: %v", err)
	}
	return fmt.Sprint(ev.Live.Figures[0].ID)
}
