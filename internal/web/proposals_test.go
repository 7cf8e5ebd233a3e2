package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
	"annals/internal/zawgyi"
)

// proposeInEditor presses one of the editor's propose buttons on form
// (posted to action) and returns the editor's form as it comes back.
func proposeInEditor(t *testing.T, s *webtest.Session, action string, form url.Values, button string, fields map[string]string) (url.Values, string) {
	t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = append([]string(nil), v...)
	}
	for k, v := range fields {
		f.Set(k, v)
	}
	f.Set("do", button)
	res, body := s.Post(t, action, f)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d\n%s", button, res.StatusCode, errorsOf(body))
	}
	return formIn(t, body), body
}

func selectedLabel(t *testing.T, body, selector string) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(doc.Find(selector + " option[selected]").First().Text())
}

func textOf(t *testing.T, body, selector string) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(doc.Find(selector).Text()), " ")
}

// A contributor proposes an actor, a category and a place from the editor
// of a new event: each comes back chosen, with everything typed kept; the
// draft is saved and submitted; publishing is refused naming the items;
// only an editor reviews (a contributor gets 403 saying why); a rejection
// shows in the draft and refuses its save; accepted items go public with
// the event.
func TestProposeFromTheEditor(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	cu := app.User(t, auth.RoleContributor)
	contributor := app.SignIn(t, cu)
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))

	form := eventForm("Night raid in Hpakant", "https://example.org/hpakant")
	form.Set("summary", "Soldiers raided the jade mines at night, *witnesses said*.")
	form.Set("actor_rows", "2")
	form.Set("actor_1", "")
	form, body := proposeInEditor(t, contributor, "/staff/events", form, "propose_actor",
		map[string]string{"propose_actor_name": "Light Infantry Battalion 999", "propose_actor_kind": "armed_force"})
	if got := selectedLabel(t, body, "select[name=actor_1]"); got != "Light Infantry Battalion 999 (proposed)" {
		t.Fatalf("the proposed actor is not chosen in the free row: %q\n%s", got, errorsOf(body))
	}
	if form.Get("summary") != "Soldiers raided the jade mines at night, *witnesses said*." || form.Get("title") != "Night raid in Hpakant" ||
		form.Get("actor_0") != "tatmadaw" {
		t.Fatalf("the draft's text was not kept: %q / %q / %q", form.Get("title"), form.Get("summary"), form.Get("actor_0"))
	}
	if !strings.Contains(textOf(t, body, "[data-testid=flash]"), "Proposed the actor “Light Infantry Battalion 999”") {
		t.Fatalf("no word of the proposal: %q", textOf(t, body, "[data-testid=flash]"))
	}
	form, body = proposeInEditor(t, contributor, "/staff/events", form, "propose_category",
		map[string]string{"propose_category_name": "Raids on mines"})
	if got := selectedLabel(t, body, "select#category"); got != "Raids on mines (proposed)" {
		t.Fatalf("the proposed category is not chosen: %q", got)
	}
	// A bad place is refused by its field, nothing else lost.
	_, bad := proposeInEditorStatus(t, contributor, form, map[string]string{"propose_place_name": "Hpakant", "propose_place_country": "MMM"})
	if !strings.Contains(textOf(t, bad, ".field-error"), "country") {
		t.Fatalf("a bad country code: %s", errorsOf(bad))
	}
	form, body = proposeInEditor(t, contributor, "/staff/events", form, "propose_place",
		map[string]string{"propose_place_name": "Hpakant jade mines", "propose_place_country": "MM", "propose_place_lat": "25.61", "propose_place_lon": "96.31"})
	if form.Get("place_name") != "Hpakant jade mines" || form.Get("lat") != "25.61" || form.Get("place_country") != "MM" {
		t.Fatalf("the proposed place is not in the place fields: %q %q %q", form.Get("place_name"), form.Get("place_country"), form.Get("lat"))
	}
	if notes := textOf(t, body, "[data-testid=item-notes]"); !strings.Contains(notes, "Hpakant jade mines") || !strings.Contains(notes, "Raids on mines") {
		t.Fatalf("the editor does not say the draft uses proposals: %q", notes)
	}
	form.Set("do", "submit")
	id := createEvent(t, contributor, form)

	flash := act(t, app, reviewer, id, "publish", nil)
	for _, name := range []string{"Light Infantry Battalion 999", "Raids on mines", "Hpakant jade mines"} {
		if !strings.Contains(flash, name) {
			t.Errorf("the refused publish does not name %q: %s", name, flash)
		}
	}

	// Only editors review.
	res, body := contributor.Get(t, "/staff/proposals")
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "needs the editor role") {
		t.Fatalf("a contributor opening the review list: %d %s", res.StatusCode, errorsOf(body))
	}
	ctx := context.Background()
	var actorID, catID, placeID int64
	if err := app.Store.Pool().QueryRow(ctx, `SELECT (SELECT id FROM actors WHERE name = $1), (SELECT id FROM categories WHERE name = $2),
  (SELECT id FROM places WHERE name = $3)`, "Light Infantry Battalion 999", "Raids on mines", "Hpakant jade mines").Scan(&actorID, &catID, &placeID); err != nil {
		t.Fatal(err)
	}
	res, body = reviewer.Post(t, fmt.Sprintf("/staff/proposals/actor/%d/accept", actorID), url.Values{"name": {"x"}})
	if res.StatusCode != http.StatusForbidden || !strings.Contains(body, "needs the editor role") {
		t.Fatalf("a reviewer accepting: %d %s", res.StatusCode, errorsOf(body))
	}
	res, list := editor.Get(t, "/staff/proposals")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("review list: %d", res.StatusCode)
	}
	item := textOf(t, list, fmt.Sprintf("[data-testid=proposal-actor-%d]", actorID))
	if !strings.Contains(item, "Light Infantry Battalion 999") || !strings.Contains(item, cu.DisplayName()) || !strings.Contains(item, "Night raid in Hpakant") {
		t.Fatalf("the review list's entry: %q", item)
	}

	// Rejected: a reason is required; the draft says so and cannot be saved with it.
	res, body = editor.Post(t, fmt.Sprintf("/staff/proposals/actor/%d/reject", actorID), url.Values{"reason": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorsOf(body), "say why") {
		t.Fatalf("a rejection without a reason: %d %s", res.StatusCode, errorsOf(body))
	}
	if res, _ := editor.Post(t, fmt.Sprintf("/staff/proposals/actor/%d/reject", actorID), url.Values{"reason": {"No such battalion in Kachin State."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d", res.StatusCode)
	}
	_, page := contributor.Get(t, fmt.Sprintf("/staff/events/%d", id))
	if notes := textOf(t, page, "[data-testid=item-notes]"); !strings.Contains(notes, "No such battalion in Kachin State.") {
		t.Fatalf("the draft does not show the rejection: %q", notes)
	}
	again := formIn(t, page)
	again.Set("do", "save")
	res, body = contributor.Post(t, fmt.Sprintf("/staff/events/%d", id), again)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorsOf(body), "No such battalion in Kachin State.") {
		t.Fatalf("saving with a rejected actor: %d %s", res.StatusCode, errorsOf(body))
	}

	// Accepted (the category renamed): the event publishes and shows them.
	if res, _ := editor.Post(t, fmt.Sprintf("/staff/proposals/category/%d/accept", catID), url.Values{"name": {"Raids on jade mines"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept category: %d", res.StatusCode)
	}
	if res, _ := editor.Post(t, fmt.Sprintf("/staff/proposals/place/%d/accept", placeID), url.Values{"name": {"Hpakant jade mines"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept place: %d", res.StatusCode)
	}
	again.Set("actor_1", "")
	again.Set("do", "submit")
	if res, body := contributor.Post(t, fmt.Sprintf("/staff/events/%d", id), again); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("resubmit without the rejected actor: %d %s", res.StatusCode, errorsOf(body))
	}
	if flash := act(t, app, reviewer, id, "publish", nil); flash != "Published." {
		t.Fatalf("publish once accepted: %q", flash)
	}
	ev, err := app.Store.StaffEvent(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	_, public := app.Get(t, "/t/myanmar-2021/e/"+ev.Live.Slug)
	if !strings.Contains(public, "Raids on jade mines") || !strings.Contains(public, "Hpakant jade mines") {
		t.Fatal("the accepted category and place are not on the public event page")
	}
}

func proposeInEditorStatus(t *testing.T, s *webtest.Session, form url.Values, fields map[string]string) (int, string) {
	t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = append([]string(nil), v...)
	}
	for k, v := range fields {
		f.Set(k, v)
	}
	f.Set("do", "propose_place")
	res, body := s.Post(t, "/staff/events", f)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a bad proposal: status %d", res.StatusCode)
	}
	return res.StatusCode, body
}

// A proposed actor, category and place with canary names, used by a draft
// in review and by a pending edit of a published event, appear on no
// public page, feed, export, embed, search, sitemap or API answer; once an
// editor accepts them and the event is published, they do.
func TestProposedItemsNeverReachPublicPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	contributor := app.SignIn(t, app.User(t, auth.RoleContributor))
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	names := map[string]string{"propose_actor_name": canaryMark + "actor zebrafinch", "propose_category_name": canaryMark + "category zebrafinch",
		"propose_place_name": canaryMark + "place zebrafinch", "propose_place_country": "MM", "propose_place_lat": "21.9", "propose_place_lon": "96.08",
		"propose_actor_kind": "group"}

	form := eventForm("Arrests in Myitkyina", "https://example.org/myitkyina")
	for _, b := range []string{"propose_actor", "propose_category", "propose_place"} {
		form, _ = proposeInEditor(t, contributor, "/staff/events", form, b, names)
	}
	form.Set("do", "submit")
	id := createEvent(t, contributor, form)
	if flash := act(t, app, reviewer, id, "publish", nil); !strings.HasPrefix(flash, "Not done") {
		t.Fatalf("an event citing proposals was published: %q", flash)
	}
	// A pending edit of a published demo event cites them too.
	events, err := app.Store.StaffEvents(ctx, "published")
	if err != nil {
		t.Fatal(err)
	}
	var coup int64
	for _, e := range events {
		if e.Slug == "coup" {
			coup = e.ID
		}
	}
	edit := editForm(t, contributor, coup)
	edit.Set("category", form.Get("category"))
	edit.Set("place_name", form.Get("place_name"))
	edit.Set("place_country", "MM")
	edit.Set("lat", "21.9")
	edit.Set("lon", "96.08")
	edit.Set("actor_0", form.Get("actor_1"))
	if form.Get("actor_1") == "" {
		edit.Set("actor_0", form.Get("actor_0"))
	}
	edit.Set("do", "submit")
	if res, body := contributor.Post(t, fmt.Sprintf("/staff/events/%d", coup), edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pending edit: %d %s", res.StatusCode, errorsOf(body))
	}
	_, list := editor.Get(t, "/staff/proposals")
	if strings.Count(list, canaryMark) < 3 || !strings.Contains(list, "Arrests in Myitkyina") {
		t.Fatal("the proposals are not in the review list: the setup failed")
	}
	var catSlug, actorSlug string
	if err := app.Store.Pool().QueryRow(ctx, `SELECT (SELECT slug FROM categories WHERE state = 'proposed'), (SELECT slug FROM actors WHERE state = 'proposed')`).
		Scan(&catSlug, &actorSlug); err != nil {
		t.Fatal(err)
	}

	seeds := publicSeeds(t, app)
	for _, p := range []string{"?category=" + catSlug, "?actor=" + actorSlug, "?q=zebrafinch"} {
		seeds = append(seeds, "/t/myanmar-2021"+p, "/embed/t/myanmar-2021"+p, "/t/myanmar-2021/print"+p, "/api/v1/timelines/myanmar-2021/events"+p)
	}
	if pages := crawl(t, app, seeds, 5000); pages < 50 {
		t.Fatalf("the crawler fetched only %d public pages", pages)
	}

	// Accepted (names kept) and published: now they show.
	var ids []struct {
		kind string
		id   int64
	}
	rows, err := app.Store.Pool().Query(ctx, `
SELECT 'category', id FROM categories WHERE state = 'proposed' UNION ALL SELECT 'actor', id FROM actors WHERE state = 'proposed'
UNION ALL SELECT 'place', id FROM places WHERE state = 'proposed'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		var i int64
		_ = rows.Scan(&k, &i)
		ids = append(ids, struct {
			kind string
			id   int64
		}{k, i})
	}
	rows.Close()
	if len(ids) != 3 {
		t.Fatalf("%d proposals", len(ids))
	}
	for _, p := range ids {
		if res, _ := editor.Post(t, fmt.Sprintf("/staff/proposals/%s/%d/accept", p.kind, p.id), url.Values{"name": {""}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("accept %s: %d", p.kind, res.StatusCode)
		}
	}
	if flash := act(t, app, reviewer, id, "publish", nil); flash != "Published." {
		t.Fatalf("publish once accepted: %q", flash)
	}
	ev, err := app.Store.StaffEvent(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/t/myanmar-2021/e/" + ev.Live.Slug, "/t/myanmar-2021?actor=" + actorSlug, "/t/myanmar-2021?category=" + catSlug,
		"/api/v1/timelines/myanmar-2021/events/" + ev.Live.Slug, "/t/myanmar-2021.csv"} {
		_, body := app.Get(t, p)
		for _, what := range []string{"actor", "category", "place"} {
			if p == "/t/myanmar-2021?category="+catSlug && what == "actor" {
				continue
			}
			if !strings.Contains(body, canaryMark+what) {
				t.Errorf("GET %s does not show the accepted %s", p, what)
			}
		}
	}
}

// publicSeeds are the public addresses of the leak crawl: every public GET
// route with every timeline and event slug, and extraPublicURLs.
func publicSeeds(t *testing.T, app *webtest.App) []string {
	t.Helper()
	ctx := context.Background()
	var timelines, slugs []string
	for q, out := range map[string]*[]string{`SELECT slug FROM timelines`: &timelines, `SELECT slug FROM events`: &slugs} {
		rows, err := app.Store.Pool().Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			_ = rows.Scan(&s)
			*out = append(*out, s)
		}
		rows.Close()
	}
	seeds := []string{"/"}
	for _, r := range app.Server.Echo().Routes() {
		if r.Method != http.MethodGet || strings.HasPrefix(r.Path, "/staff") || strings.Contains(r.Path, "*") ||
			strings.Contains(r.Method, "not_found") {
			continue
		}
		seeds = append(seeds, expand(r.Path, ":slug", ":event", timelines, slugs, app.URL)...)
	}
	for _, p := range extraPublicURLs {
		seeds = append(seeds, expand(p, "{timeline}", "{event}", timelines, slugs, app.URL)...)
	}
	return seeds
}

// A proposed name in Zawgyi is asked about before anything is proposed,
// and converted when staff say so: once accepted the public reads it.
func TestProposeZawgyiName(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	s := app.SignIn(t, app.User(t, auth.RoleContributor))
	form := eventForm("Arrests in Naypyitaw", "https://example.org/naypyitaw")
	form.Set("propose_actor_name", zgDateline)
	form.Set("propose_actor_kind", "group")
	form.Set("do", "propose_actor")
	res, body := s.Post(t, "/staff/events", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="zawgyi-notice"`) {
		t.Fatalf("a Zawgyi proposal: %d, notice shown: %v", res.StatusCode, strings.Contains(body, `data-testid="zawgyi-notice"`))
	}
	ctx := context.Background()
	count := func() (n int) {
		if err := app.Store.Pool().QueryRow(ctx, `SELECT count(*) FROM actors WHERE state = 'proposed'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(); n != 0 {
		t.Fatalf("%d actors proposed before staff chose what to do with Zawgyi", n)
	}
	form.Del("do")
	form.Set("zawgyi", "convert")
	form.Set("zawgyi_do", "propose_actor")
	if res, body := s.Post(t, "/staff/events", form); res.StatusCode != http.StatusOK {
		t.Fatalf("convert and propose: %d %s", res.StatusCode, errorsOf(body))
	}
	var name string
	if err := app.Store.Pool().QueryRow(ctx, `SELECT name FROM actors WHERE state = 'proposed'`).Scan(&name); err != nil {
		t.Fatal(err)
	}
	if name != zawgyi.ToUnicode(zgDateline) {
		t.Fatalf("the proposed name is %q, want it in Unicode", name)
	}
}
