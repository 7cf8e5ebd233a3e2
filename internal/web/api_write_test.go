package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// newToken makes an API token through /staff/tokens as s and returns it as
// the page shows it, that once.
func newToken(t *testing.T, s *webtest.Session, name string) string {
	t.Helper()
	res, body := s.Post(t, "/staff/tokens", url.Values{"name": {name}})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create token: %d\n%s", res.StatusCode, errorsOf(body))
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	token, _ := doc.Find("[data-testid=token-value]").Attr("value")
	if !strings.HasPrefix(token, "annals_") || len(token) < 40 {
		t.Fatalf("the new token is not shown: %q", token)
	}
	return token
}

type apiAnswer struct {
	Status int
	Header http.Header
	Body   string
	JSON   map[string]any
}

// problems lists the fields named in an error answer.
func (a apiAnswer) problems() []string {
	var out []string
	e, _ := a.JSON["error"].(map[string]any)
	list, _ := e["problems"].([]any)
	for _, p := range list {
		if m, ok := p.(map[string]any); ok {
			out = append(out, fmt.Sprint(m["field"]))
		}
	}
	return out
}

func (a apiAnswer) num(key string) int {
	f, _ := a.JSON[key].(float64)
	return int(f)
}

// apiCall sends body (JSON-encoded unless it is a string) with the token.
func apiCall(t *testing.T, app *webtest.App, method, path, token string, body any) apiAnswer {
	t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, app.URL+path, bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	a := apiAnswer{Status: res.StatusCode, Header: res.Header, Body: string(data)}
	_ = json.Unmarshal(data, &a.JSON)
	return a
}

// apiEventBody is a small valid event citing one new source, with a figure.
func apiEventBody(title, sourceURL string) map[string]any {
	return map[string]any{
		"title": title, "summary": "What happened, in **Markdown**.", "start": "2021-03-05", "category": "casualties",
		"place":   map[string]any{"name": "Yangon", "country": "MM"},
		"actors":  []any{map[string]any{"slug": "tatmadaw", "role": "perpetrator"}},
		"sources": []any{map[string]any{"url": sourceURL, "title": "Report on " + title, "publisher": "Example News", "kind": "news", "published": "2021-03-06", "locator": "para. 2"}},
		"figures": []any{map[string]any{"metric": "killed", "value": 12, "qualifier": "at_least", "as_of": "2021-03-05", "source_index": 0}},
		"reason":  "from the API test",
	}
}

const eventsPath = "/api/v1/timelines/myanmar-2021/events"

// createViaAPI creates an event and returns its API path and version.
func createViaAPI(t *testing.T, app *webtest.App, token string, body map[string]any) (string, int, int64) {
	t.Helper()
	a := apiCall(t, app, http.MethodPost, eventsPath, token, body)
	if a.Status != http.StatusCreated {
		t.Fatalf("create: %d %s", a.Status, a.Body)
	}
	loc := a.Header.Get("Location")
	if !strings.HasPrefix(loc, app.URL+eventsPath+"/") {
		t.Fatalf("Location = %q", loc)
	}
	return strings.TrimPrefix(loc, app.URL), a.num("version"), int64(a.num("id"))
}

// historyOf reads an event's history page: "action by author", oldest first.
func historyOf(t *testing.T, s *webtest.Session, id int64) []string {
	t.Helper()
	res, body := s.Get(t, fmt.Sprintf("/staff/events/%d/history", id))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("history of %d: %d", id, res.StatusCode)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	var out []string
	doc.Find("[data-testid=revision]").Each(func(_ int, r *goquery.Selection) {
		cells := r.Find("td")
		out = append([]string{strings.TrimSpace(cells.Eq(3).Text()) + " by " + strings.TrimSpace(cells.Eq(4).Text())}, out...)
	})
	return out
}

// A token made in the staff UI is shown once, stored only as a hash, works
// for writing, and stops working when revoked; requests without a valid
// token, cookies or not, are refused with 401 and WWW-Authenticate.
func TestAPITokenLifecycle(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	user := app.User(t, auth.RoleContributor)
	s := app.SignIn(t, user)
	token := newToken(t, s, "spreadsheet sync")

	// Shown once: the list shows its name and prefix, never the token.
	_, list := s.Get(t, "/staff/tokens")
	if strings.Contains(list, token) || !strings.Contains(list, "spreadsheet sync") || !strings.Contains(list, token[:13]) {
		t.Errorf("the token list shows the token again or misses its name and prefix")
	}
	// Only the SHA-256 of the secret is stored, nowhere the secret.
	secret, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, "annals_"))
	if err != nil || len(secret) != 32 {
		t.Fatalf("token %q is not annals_ + 32 bytes of base64url: %v", token, err)
	}
	var rowText string
	var hash []byte
	err = app.Store.Pool().QueryRow(ctx, `SELECT t::text, token_hash FROM api_tokens t WHERE user_id = $1`, user.ID).Scan(&rowText, &hash)
	if err != nil {
		t.Fatal(err)
	}
	want := sha256.Sum256(secret)
	if !bytes.Equal(hash, want[:]) {
		t.Errorf("token_hash is not the SHA-256 of the secret")
	}
	if strings.Contains(rowText, token[len("annals_"):]) || strings.Contains(rowText, fmt.Sprintf("%x", secret)) {
		t.Errorf("the secret is in the table: %s", rowText)
	}

	// It writes.
	path, _, _ := createViaAPI(t, app, token, apiEventBody("Token event", "https://example.org/token-event"))
	_, list = s.Get(t, "/staff/tokens")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(list))
	if used := strings.TrimSpace(doc.Find("[data-testid=token-last-used]").First().Text()); used == "never" || used == "" {
		t.Errorf("last used = %q after a write", used)
	}

	// Without a valid token: 401 with WWW-Authenticate, whatever else is sent.
	refused := func(what, tok string, header ...string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, app.URL+eventsPath, strings.NewReader(`{"title":"x"}`))
		req.Header.Set("Content-Type", "application/json")
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), "Bearer") ||
			!strings.Contains(string(body), `"status":401`) {
			t.Errorf("%s: %d %q %s, want 401 with WWW-Authenticate: Bearer and a JSON error", what, res.StatusCode,
				res.Header.Get("WWW-Authenticate"), body)
		}
	}
	refused("no token", "")
	refused("unknown token", "annals_"+base64.RawURLEncoding.EncodeToString(make([]byte, 32)))
	refused("malformed token", "hunter2")
	var cookies []string
	staffURL, _ := url.Parse(app.URL + "/staff")
	for _, c := range s.Client.Jar.Cookies(staffURL) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	if len(cookies) == 0 {
		t.Fatal("no session cookie")
	}
	refused("the staff session cookie alone", "", "Cookie", strings.Join(cookies, "; "), "X-CSRF-Token", s.CSRF)

	// Revoked in the UI: refused from then on.
	var id int64
	if err := app.Store.Pool().QueryRow(ctx, `SELECT id FROM api_tokens WHERE user_id = $1`, user.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if res, body := s.Post(t, fmt.Sprintf("/staff/tokens/%d/revoke", id), nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d %s", res.StatusCode, errorsOf(body))
	}
	refused("revoked token", token)
	if a := apiCall(t, app, http.MethodPatch, path, token, map[string]any{"version": 1, "title": "changed"}); a.Status != http.StatusUnauthorized {
		t.Errorf("PATCH with a revoked token: %d", a.Status)
	}
	_, list = s.Get(t, "/staff/tokens")
	if !strings.Contains(list, "revoked") {
		t.Error("the list does not say the token is revoked")
	}
}

// A contributor's token creates and submits but cannot publish; a
// reviewer's token publishes another person's event, which the public API
// then shows; every write is a revision by the token's account.
func TestAPIWorkflowFollowsRoles(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	contributor, reviewer := app.User(t, auth.RoleContributor), app.User(t, auth.RoleReviewer)
	ctok := newToken(t, app.SignIn(t, contributor), "contributor script")
	rtok := newToken(t, app.SignIn(t, reviewer), "reviewer script")

	path, version, id := createViaAPI(t, app, ctok, apiEventBody("Workflow event", "https://example.org/workflow"))
	slug := strings.TrimPrefix(path, eventsPath+"/")
	// A draft: the public GET routes do not show it, with or without a token.
	if res, _ := app.Get(t, path); res.StatusCode != http.StatusNotFound {
		t.Errorf("public GET of a draft: %d", res.StatusCode)
	}
	if res, body := app.Get(t, path, "Authorization", "Bearer "+rtok); res.StatusCode != http.StatusNotFound || strings.Contains(body, "Workflow event") {
		t.Errorf("GET of a draft with a token: %d", res.StatusCode)
	}

	a := apiCall(t, app, http.MethodPatch, path, ctok, map[string]any{"version": version, "title": "Workflow event, corrected"})
	if a.Status != http.StatusOK || a.JSON["status"] != "draft" {
		t.Fatalf("patch: %d %s", a.Status, a.Body)
	}
	a = apiCall(t, app, http.MethodPost, path+"/submit", ctok, map[string]any{"version": a.num("version")})
	if a.Status != http.StatusOK || a.JSON["status"] != "in_review" {
		t.Fatalf("submit: %d %s", a.Status, a.Body)
	}
	version = a.num("version")

	denied := apiCall(t, app, http.MethodPost, path+"/publish", ctok, map[string]any{"version": version})
	if e, _ := denied.JSON["error"].(map[string]any); denied.Status != http.StatusForbidden || e["status"] != float64(403) {
		t.Errorf("contributor publish: %d %s, want a 403 JSON error", denied.Status, denied.Body)
	}
	if a := apiCall(t, app, http.MethodPost, path+"/retract", ctok, map[string]any{"version": version, "reason": "x"}); a.Status != http.StatusForbidden {
		t.Errorf("contributor retract: %d", a.Status)
	}

	a = apiCall(t, app, http.MethodPost, path+"/publish", rtok, map[string]any{"version": version, "reason": "checked"})
	if a.Status != http.StatusOK || a.JSON["status"] != "published" {
		t.Fatalf("reviewer publish: %d %s", a.Status, a.Body)
	}
	var pub struct {
		Title   string `json:"title"`
		Sources []struct {
			URL string `json:"url"`
		} `json:"sources"`
	}
	if code := getJSON(t, app, path, &pub); code != http.StatusOK || pub.Title != "Workflow event, corrected" ||
		len(pub.Sources) != 1 || pub.Sources[0].URL != "https://example.org/workflow" {
		t.Errorf("public API after publishing: %d %+v", code, pub)
	}

	// An edit of the published event waits for review; the public keeps the published version.
	a = apiCall(t, app, http.MethodPatch, path, ctok, map[string]any{"version": a.num("version"), "title": "Workflow event, edited after publishing"})
	if a.Status != http.StatusOK || a.JSON["pending"] != true || a.JSON["live_status"] != "published" {
		t.Fatalf("edit of the published event: %d %s", a.Status, a.Body)
	}
	if code := getJSON(t, app, path, &pub); code != http.StatusOK || pub.Title != "Workflow event, corrected" {
		t.Errorf("public API shows a pending edit: %d %q", code, pub.Title)
	}
	version = a.num("version")

	// The reviewer may not publish a change of their own.
	own, ov, _ := createViaAPI(t, app, rtok, map[string]any{"title": "Reviewer's own", "start": "2021", "category": "casualties", "submit": true,
		"sources": []any{map[string]any{"url": "https://example.org/reviewers-own", "title": "Reviewer's source", "kind": "news"}}})
	if a := apiCall(t, app, http.MethodPost, own+"/publish", rtok, map[string]any{"version": ov}); a.Status != http.StatusForbidden {
		t.Errorf("self-publish: %d %s", a.Status, a.Body)
	}
	// Nor may the contributor publish it: the role, not authorship, forbids it.
	if a := apiCall(t, app, http.MethodPost, own+"/publish", ctok, map[string]any{"version": ov}); a.Status != http.StatusForbidden ||
		!strings.Contains(a.Body, "reviewer") {
		t.Errorf("contributor publishing another's event: %d %s", a.Status, a.Body)
	}
	// After publishing, a contributor still cannot retract.
	if a := apiCall(t, app, http.MethodPost, path+"/retract", ctok, map[string]any{"version": version, "reason": "x"}); a.Status != http.StatusForbidden {
		t.Errorf("contributor retracting a published event: %d %s", a.Status, a.Body)
	}

	// A reviewer retracts, with the reason the staff UI requires too.
	if a := apiCall(t, app, http.MethodPost, path+"/retract", rtok, map[string]any{"version": version}); a.Status != http.StatusUnprocessableEntity ||
		!hasString(a.problems(), "reason") {
		t.Errorf("retract without a reason: %d %s", a.Status, a.Body)
	}
	if a := apiCall(t, app, http.MethodPost, path+"/retract", rtok, map[string]any{"version": version, "reason": "wrong place"}); a.Status != http.StatusOK ||
		a.JSON["live_status"] != "retracted" {
		t.Errorf("retract: %d %s", a.Status, a.Body)
	}

	admin := app.SignIn(t, app.User(t, auth.RoleAdmin))
	got := historyOf(t, admin, id)
	want := []string{
		"created by " + contributor.DisplayName(),
		"saved by " + contributor.DisplayName(),
		"submitted for review by " + contributor.DisplayName(),
		"published by " + reviewer.DisplayName(),
		"saved by " + contributor.DisplayName(),
		"retracted by " + reviewer.DisplayName(),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("history of %s:\n%s\nwant:\n%s", slug, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A stale version is 409 and changes nothing; bad input is 400 or 422
// naming the field, and nothing is written; PATCH keeps what it does not
// name.
func TestAPIWriteConflictsAndValidation(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	contributor := app.User(t, auth.RoleContributor)
	tok := newToken(t, app.SignIn(t, contributor), "checks")
	path, version, id := createViaAPI(t, app, tok, apiEventBody("Checked event", "https://example.org/checked"))

	counts := func() string {
		var events, sources, revisions int
		err := app.Store.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM sources), (SELECT count(*) FROM revisions)`).
			Scan(&events, &sources, &revisions)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(events, sources, revisions)
	}
	before, snap := counts(), snapshotEvent(t, app, id)

	// Someone saves first; the old version is refused.
	a := apiCall(t, app, http.MethodPatch, path, tok, map[string]any{"version": version, "summary": "First writer."})
	if a.Status != http.StatusOK || a.num("version") != version+1 {
		t.Fatalf("first write: %d %s", a.Status, a.Body)
	}
	before, snap = counts(), snapshotEvent(t, app, id)
	if a := apiCall(t, app, http.MethodPut, path, tok, func() map[string]any {
		b := apiEventBody("Stale title", "https://example.org/checked")
		b["version"] = version
		return b
	}()); a.Status != http.StatusConflict || !strings.Contains(a.Body, "version") {
		t.Errorf("stale PUT: %d %s", a.Status, a.Body)
	}
	if a := apiCall(t, app, http.MethodPost, path+"/submit", tok, map[string]any{"version": version}); a.Status != http.StatusConflict {
		t.Errorf("stale submit: %d %s", a.Status, a.Body)
	}
	if counts() != before || snapshotEvent(t, app, id) != snap {
		t.Error("a stale write changed something")
	}

	bad := []struct {
		name, method, path string
		body               any
		status             int
		field              string
	}{
		{"month 13", http.MethodPost, eventsPath, map[string]any{"title": "Bad", "start": "2021-13", "category": "casualties",
			"sources": []any{map[string]any{"url": "https://example.org/never-written", "title": "Never written"}}}, 422, "start"},
		{"unknown category", http.MethodPost, eventsPath, map[string]any{"title": "Bad", "start": "2021", "category": "no-such-category",
			"sources": []any{map[string]any{"url": "https://example.org/never-written", "title": "Never written"}}}, 422, "category"},
		{"missing title", http.MethodPost, eventsPath, map[string]any{"start": "2021", "category": "casualties"}, 422, "title"},
		{"unsafe source URL", http.MethodPost, eventsPath, map[string]any{"title": "Bad", "start": "2021", "category": "casualties",
			"sources": []any{map[string]any{"url": "javascript:alert(1)", "title": "Bad"}}}, 422, "sources[0].url"},
		{"figure without value", http.MethodPost, eventsPath, map[string]any{"title": "Bad", "start": "2021", "category": "casualties",
			"sources": []any{map[string]any{"url": "https://example.org/never-written", "title": "Never written"}},
			"figures": []any{map[string]any{"metric": "killed", "as_of": "2021", "source_index": 0}}}, 422, "figures[0].value"},
		{"title as a number", http.MethodPost, eventsPath, `{"title": 5, "start": "2021", "category": "casualties"}`, 400, "title"},
		{"unknown field", http.MethodPost, eventsPath, `{"titel": "Typo", "start": "2021", "category": "casualties"}`, 400, "titel"},
		{"not JSON", http.MethodPost, eventsPath, `{"title": "Bad",`, 400, ""},
		{"a version on create", http.MethodPost, eventsPath, map[string]any{"version": 1, "title": "Bad", "start": "2021", "category": "casualties"}, 400, "version"},
		{"PATCH without version", http.MethodPatch, path, map[string]any{"title": "No version"}, 422, "version"},
		{"PATCH bad end", http.MethodPatch, path, map[string]any{"version": version + 1, "end": "2020-02-30"}, 422, "end"},
		{"submit without version", http.MethodPost, path + "/submit", `{}`, 422, "version"},
	}
	for _, b := range bad {
		a := apiCall(t, app, b.method, b.path, tok, b.body)
		if a.Status != b.status {
			t.Errorf("%s: %d %s, want %d", b.name, a.Status, a.Body, b.status)
			continue
		}
		if b.field != "" && !hasString(a.problems(), b.field) {
			t.Errorf("%s: problems %v do not name %q: %s", b.name, a.problems(), b.field, a.Body)
		}
	}
	if counts() != before || snapshotEvent(t, app, id) != snap {
		t.Error("bad input wrote something")
	}
	if a := apiCall(t, app, http.MethodPost, "/api/v1/timelines/no-such-timeline/events", tok, apiEventBody("x", "https://example.org/x")); a.Status != http.StatusNotFound {
		t.Errorf("unknown timeline: %d", a.Status)
	}
	if a := apiCall(t, app, http.MethodPatch, eventsPath+"/no-such-event", tok, map[string]any{"version": 1}); a.Status != http.StatusNotFound {
		t.Errorf("unknown event: %d", a.Status)
	}

	// A PUT that does not name the visibility keeps an internal event internal.
	internal := apiEventBody("Internal event", "https://example.org/internal")
	internal["visibility"] = "internal"
	ipath, iversion, iid := createViaAPI(t, app, tok, internal)
	delete(internal, "visibility")
	internal["version"] = iversion
	if a := apiCall(t, app, http.MethodPut, ipath, tok, internal); a.Status != http.StatusOK || a.JSON["visibility"] != "internal" {
		t.Errorf("PUT without visibility: %d %s", a.Status, a.Body)
	}
	if ev, err := app.Store.StaffEvent(ctx, iid); err != nil || ev.Work.Visibility != "internal" {
		t.Errorf("after PUT without visibility: %v %v", ev.Work.Visibility, err)
	}

	// PATCH changes what it names and keeps the rest.
	a = apiCall(t, app, http.MethodPatch, path, tok, map[string]any{"version": version + 1, "title": "Checked event, retitled"})
	if a.Status != http.StatusOK {
		t.Fatalf("patch: %d %s", a.Status, a.Body)
	}
	ev, err := app.Store.StaffEvent(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	w := ev.Work
	if w.Title != "Checked event, retitled" || w.Summary != "First writer." || w.When.Start.String() != "2021-03-05" ||
		len(w.Citations) != 1 || w.Citations[0].Source.URL != "https://example.org/checked" || len(w.Figures) != 1 ||
		w.Figures[0].Value != 12 || len(w.Actors) != 1 || w.Place.Name != "Yangon" {
		t.Errorf("after PATCH of the title: %+v", w)
	}
}

// A disabled account's tokens stop working at once, for good; admins see and revoke
// everyone's tokens, others only their own.
func TestAPITokensOfOthers(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	user := app.User(t, auth.RoleEditor)
	tok := newToken(t, app.SignIn(t, user), "editor's laptop")
	otherUser := app.User(t, auth.RoleContributor)
	other := app.SignIn(t, otherUser)
	otherTok := newToken(t, other, "other's script")
	admin := app.SignIn(t, app.User(t, auth.RoleAdmin))

	_, page := admin.Get(t, "/staff/tokens")
	if !strings.Contains(page, "editor&#39;s laptop") && !strings.Contains(page, "editor's laptop") || !strings.Contains(page, user.DisplayName()) {
		t.Errorf("the admin does not see another account's token")
	}
	_, page = other.Get(t, "/staff/tokens")
	if strings.Contains(page, "laptop") {
		t.Errorf("a contributor sees another account's token")
	}
	var id int64
	if err := app.Store.Pool().QueryRow(ctx, `SELECT id FROM api_tokens WHERE user_id = $1`, user.ID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if res, _ := other.Post(t, fmt.Sprintf("/staff/tokens/%d/revoke", id), nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("a contributor revoking another's token: %d, want 404", res.StatusCode)
	}
	createViaAPI(t, app, tok, apiEventBody("Before disabling", "https://example.org/before-disabling"))

	if res, body := admin.Post(t, fmt.Sprintf("/staff/users/%d", user.ID), url.Values{"do": {"disable"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", res.StatusCode, errorsOf(body))
	}
	if a := apiCall(t, app, http.MethodPost, eventsPath, tok, apiEventBody("After disabling", "https://example.org/after")); a.Status != http.StatusUnauthorized {
		t.Errorf("token of a disabled account: %d %s", a.Status, a.Body)
	}
	// Enabling the account again does not bring its old token back.
	if res, body := admin.Post(t, fmt.Sprintf("/staff/users/%d", user.ID), url.Values{"do": {"enable"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d %s", res.StatusCode, errorsOf(body))
	}
	if a := apiCall(t, app, http.MethodPost, eventsPath, tok, apiEventBody("After enabling", "https://example.org/after-enabling")); a.Status != http.StatusUnauthorized {
		t.Errorf("token of a disabled then enabled account: %d %s", a.Status, a.Body)
	}
	// The admin revokes the other account's token.
	var otherID int64
	if err := app.Store.Pool().QueryRow(ctx, `SELECT id FROM api_tokens WHERE user_id = $1`, otherUser.ID).Scan(&otherID); err != nil {
		t.Fatal(err)
	}
	if res, _ := admin.Post(t, fmt.Sprintf("/staff/tokens/%d/revoke", otherID), nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("admin revoke: %d", res.StatusCode)
	}
	if a := apiCall(t, app, http.MethodPost, eventsPath, otherTok, apiEventBody("Revoked by admin", "https://example.org/revoked")); a.Status != http.StatusUnauthorized {
		t.Errorf("token revoked by an admin: %d", a.Status)
	}
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
