package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/capture"
	"annals/internal/webtest"
)

// extraPublicURLs are public addresses the crawler cannot find by following
// links from the home page (feeds, exports, oEmbed answers). {timeline} and
// {event} are replaced by every timeline and event slug in the database,
// private ones included, and {base} by the site's address. Add a line here
// for every new public address that no page links to.
var extraPublicURLs = []string{
	"/t/{timeline}.json",
	"/t/{timeline}.csv",
	"/t/{timeline}.atom",
	"/t/{timeline}/timelinejs.json",
	"/t/{timeline}/print",
	"/t/{timeline}/embed",
	"/embed/t/{timeline}",
	"/embed/t/{timeline}/e/{event}",
	"/oembed?format=json&url={base}/t/{timeline}",
	"/oembed?format=json&url={base}/t/{timeline}/e/{event}",
	"/api/v1/timelines",
	"/api/v1/timelines/{timeline}",
	"/api/v1/timelines/{timeline}/events",
	"/api/v1/timelines/{timeline}/events/{event}",
	"/t/{timeline}/e/{event}",
	"/t/{timeline}?q={event}",
	"/search?q=zebrafinch",
	"/t/{timeline}?q=zebrafinch",
	"/embed/t/{timeline}?q=zebrafinch",
	"/sitemap.xml",
	"/feed.atom",
}

const canaryMark = "CANARY"

// Nothing internal, draft, in review or confidential may reach any public
// address. Every kind of private item gets a unique canary string; then every
// public address is fetched (every route of the router with every slug, every
// link found in the pages, and extraPublicURLs) and no canary may appear.
func TestNoPrivateContentReachesPublicPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	contributor := app.SignIn(t, app.User(t, auth.RoleContributor))
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	// Each canary also carries the word "zebrafinch", so a search for it
	// (which echoes the query, not the canary) would find any leak.
	canary := func(what string) string { return canaryMark + what + "x7q zebrafinch" }
	canaryURL := func(what string) string { return "https://example.org/" + canaryMark + what }

	// A category and an actor used only by a draft.
	for _, p := range []struct{ path, slug, name string }{
		{"/staff/categories", "canary-cat", canary("category")},
		{"/staff/actors", "canary-actor", canary("actor")},
	} {
		if res, body := editor.Post(t, p.path, url.Values{"slug": {p.slug}, "name": {p.name}, "kind": {"group"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create %s: %d\n%s", p.slug, res.StatusCode, errorsOf(body))
		}
	}
	// 1. A draft of a new event.
	f := eventForm(canary("drafttitle"), canaryURL("drafturl"))
	f.Set("summary", canary("draftsummary"))
	f.Set("category", "canary-cat")
	f.Set("actor_0", "canary-actor")
	draft := createEvent(t, contributor, f)
	// 2. A new event in review, sent back once with a comment, resubmitted.
	f = eventForm(canary("reviewtitle"), canaryURL("reviewurl"))
	f.Set("do", "submit")
	inReview := createEvent(t, contributor, f)
	act(t, app, reviewer, inReview, "send-back", url.Values{"reason": {canary("comment")}})
	act(t, app, contributor, inReview, "submit", nil)
	// 3. A published but internal event.
	f = eventForm(canary("internaltitle"), canaryURL("internalurl"))
	f.Set("internal", "on")
	f.Set("do", "submit")
	internal := createEvent(t, contributor, f)
	act(t, app, reviewer, internal, "publish", nil)
	// 4. A public event citing a confidential source.
	f = eventForm("Arrests at a clinic in Sagaing", canaryURL("confidentialurl"))
	f.Set("cite_title_0", canary("confidentialtitle"))
	f.Set("cite_publisher_0", canary("confidentialpublisher"))
	f.Set("cite_archive_0", canaryURL("confidentialarchive"))
	f.Set("cite_locator_0", canary("confidentiallocator"))
	f.Set("cite_note_0", canary("confidentialnote"))
	f.Set("cite_confidential_0", "on")
	f.Set("fig_attribution_0", "")
	f.Set("do", "submit")
	withConfidential := createEvent(t, contributor, f)
	act(t, app, reviewer, withConfidential, "publish", nil)
	// 4b. A capture of the confidential source, with captures shown in
	// public (the organisation's setting) for the public ones.
	var confidentialID int64
	if err := app.Store.Pool().QueryRow(ctx, `SELECT id FROM sources WHERE url = $1`, canaryURL("confidentialurl")).Scan(&confidentialID); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.SaveCapture(ctx, capture.Capture{SourceID: confidentialID, RequestedURL: canaryURL("confidentialurl"),
		FinalURL: canaryURL("capturefinal"), HTTPStatus: 200, CapturedAt: time.Now(), Software: "test", Reason: canary("capturereason"),
		Artefacts: []capture.Artefact{capture.NewArtefact("warc", "application/warc", []byte(canary("capturewarc"))),
			capture.NewArtefact("text", "text/plain", []byte(canary("capturetext"))),
			capture.NewArtefact("screenshot", "image/png", []byte(canary("capturescreenshot")))}}); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.SetSetting(ctx, auth.User{}, "public_captures", "true"); err != nil {
		t.Fatal(err)
	}
	// 5. An edit of a published event, in review; 6. another, in draft.
	events, err := app.Store.StaffEvents(ctx, "published")
	if err != nil {
		t.Fatal(err)
	}
	bySlug := map[string]int64{}
	for _, e := range events {
		bySlug[e.Slug] = e.ID
	}
	for i, slug := range []string{"coup", "election-2020"} {
		id := bySlug[slug]
		if id == 0 {
			t.Fatalf("demo event %q is not published", slug)
		}
		form := editForm(t, contributor, id)
		form.Set("title", canary(fmt.Sprintf("edit%dtitle", i)))
		form.Set("summary", canary(fmt.Sprintf("edit%dsummary", i)))
		if i == 0 {
			form.Set("do", "submit")
		}
		if res, body := contributor.Post(t, fmt.Sprintf("/staff/events/%d", id), form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit %s: %d\n%s", slug, res.StatusCode, errorsOf(body))
		}
	}
	// 7. An internal timeline, holding a public event.
	if res, body := editor.Post(t, "/staff/timelines", url.Values{"slug": {"canary-timeline"}, "name": {canary("timeline")},
		"summary": {canary("timelinesummary")}, "language": {"en"}, "internal": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create internal timeline: %d\n%s", res.StatusCode, errorsOf(body))
	}
	act(t, app, editor, withConfidential, "timelines", url.Values{"timelines": {"myanmar-2021", "canary-timeline"}})
	act(t, app, editor, internal, "timelines", url.Values{"timelines": {"myanmar-2021", "canary-timeline"}})
	// 8. Translations waiting for review: a new Burmese translation of a
	// published event, an edit of a published one, and one of the timeline
	// (the crawl below runs in Burmese too, where published ones show).
	translate := func(s *webtest.Session, base string, form url.Values) {
		t.Helper()
		if res, body := s.Post(t, base, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("translate %s: %d\n%s", base, res.StatusCode, errorsOf(body))
		}
	}
	translate(contributor, fmt.Sprintf("/staff/events/%d/translations", bySlug["coup"]), url.Values{"version": {"0"}, "lang": {"my"},
		"title": {canary("drafttranslationtitle")}, "summary": {canary("drafttranslationsummary")}})
	edited := fmt.Sprintf("/staff/events/%d/translations", bySlug["election-2020"])
	translate(contributor, edited, url.Values{"version": {"0"}, "lang": {"my"}, "title": {"ရွေးကောက်ပွဲ ၂၀၂၀"}})
	if res, body := reviewer.Post(t, edited+"/my/publish", url.Values{"version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish translation: %d\n%s", res.StatusCode, errorsOf(body))
	}
	translate(contributor, edited+"/my", url.Values{"version": {"2"}, "title": {canary("pendingtranslationtitle")},
		"summary": {canary("pendingtranslationsummary")}})
	translate(editor, "/staff/timelines/myanmar-2021/translations", url.Values{"version": {"0"}, "lang": {"my"},
		"title": {canary("timelinetranslationtitle")}, "summary": {canary("timelinetranslationsummary")}})
	if _, page := contributor.Get(t, edited+"/my"); !strings.Contains(page, canary("pendingtranslationtitle")) {
		t.Fatal("the pending translation is not on its staff page: the setup failed")
	}
	if _, page := app.Get(t, "/t/myanmar-2021/e/election-2020", "Accept-Language", "my"); !strings.Contains(page, "ရွေးကောက်ပွဲ ၂၀၂၀") {
		t.Fatal("the published translation is not shown to Burmese readers: the Burmese crawl would prove nothing")
	}

	// The canaries are really there for staff (so the test can fail).
	_, staffList := editor.Get(t, "/staff/events")
	for _, want := range []string{"drafttitle", "reviewtitle", "internaltitle", "edit0title", "edit1title"} {
		if !strings.Contains(staffList, canary(want)) {
			t.Fatalf("staff event list lacks canary %q: the setup failed", want)
		}
	}
	_ = draft

	// Every public address.
	var timelines, slugs []string
	rows, err := app.Store.Pool().Query(ctx, `SELECT slug FROM timelines`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		timelines = append(timelines, s)
	}
	rows.Close()
	rows, err = app.Store.Pool().Query(ctx, `SELECT slug FROM events`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		slugs = append(slugs, s)
	}
	rows.Close()

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
	// Every source's public page, the confidential and draft-only ones too.
	rows, err = app.Store.Pool().Query(ctx, `SELECT id FROM sources`)
	if err != nil {
		t.Fatal(err)
	}
	sourceIDs, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil || len(sourceIDs) < 20 {
		t.Fatalf("%d sources, %v", len(sourceIDs), err)
	}
	for _, id := range sourceIDs {
		seeds = append(seeds, fmt.Sprintf("/sources/%d", id))
	}
	// Every capture's public copies, of confidential sources too.
	rows, err = app.Store.Pool().Query(ctx, `SELECT format('/sources/%s/captures/%s/', source_id, id) FROM captures`)
	if err != nil {
		t.Fatal(err)
	}
	capturePaths, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || len(capturePaths) == 0 {
		t.Fatalf("%d captures, %v", len(capturePaths), err)
	}
	for _, p := range capturePaths {
		seeds = append(seeds, p+"text", p+"screenshot", p+"warc", p+"pdf")
	}
	for _, p := range []string{"?category=canary-cat", "?actor=canary-actor", "?category=casualties&actor=canary-actor", "?from=2021&to=2021"} {
		seeds = append(seeds, "/t/myanmar-2021"+p, "/embed/t/myanmar-2021"+p)
	}
	pages := crawl(t, app, seeds, 5000)
	if pages < 50 {
		t.Fatalf("the crawler fetched only %d public pages", pages)
	}
	// Again as a Burmese reader, where published translations replace the
	// originals (embeds take the language from ?lang=).
	seeds = append(seeds, "/embed/t/myanmar-2021?lang=my", "/embed/t/myanmar-2021/e/coup?lang=my",
		"/embed/t/myanmar-2021/e/election-2020?lang=my", "/search?q="+url.QueryEscape("ရွေးကောက်ပွဲ"))
	if pages := crawl(t, app, seeds, 5000, "Accept-Language", "my"); pages < 50 {
		t.Fatalf("the Burmese crawl fetched only %d public pages", pages)
	}

	// And the public event with the confidential source says so.
	ev, err := app.Store.StaffEvent(ctx, withConfidential)
	if err != nil {
		t.Fatal(err)
	}
	res, body := app.Get(t, "/t/myanmar-2021/e/"+ev.Live.Slug)
	if res.StatusCode != http.StatusOK || !strings.Contains(strings.ToLower(body), "confidential source on file") {
		t.Fatalf("public event citing a confidential source: %d, says so: %v", res.StatusCode,
			strings.Contains(strings.ToLower(body), "confidential source on file"))
	}
}

// expand replaces the timeline and event placeholders of pattern with every
// slug given (and {base} with the site's address).
func expand(pattern, tk, ek string, timelines, events []string, base string) []string {
	pattern = strings.ReplaceAll(pattern, "{base}", url.QueryEscape(base))
	out := []string{pattern}
	if strings.Contains(pattern, tk) {
		var next []string
		for _, p := range out {
			for _, s := range timelines {
				next = append(next, strings.ReplaceAll(p, tk, s))
			}
		}
		out = next
	}
	if strings.Contains(pattern, ek) {
		var next []string
		for _, p := range out {
			for _, s := range events {
				next = append(next, strings.ReplaceAll(p, ek, s))
			}
		}
		out = next
	}
	var keep []string
	for _, p := range out {
		if !strings.Contains(p, ":") || strings.Contains(p, "?") {
			keep = append(keep, p)
		}
	}
	return keep
}

var linkPattern = regexp.MustCompile(`(?:href|src|action)="([^"]+)"|"(/[^"\s]*)"|(https?://127\.0\.0\.1:\d+/[^"\s<]*)`)

// crawl fetches seeds and every same-site link found in what they return
// (outside /staff and /static), as an anonymous reader without cookies, and
// fails on any canary and on any cookie set; header (name, value pairs) goes
// with every request. It returns the pages fetched.
func crawl(t *testing.T, app *webtest.App, seeds []string, limit int, header ...string) int {
	t.Helper()
	seen := map[string]bool{}
	queue := append([]string(nil), seeds...)
	n := 0
	for len(queue) > 0 && n < limit {
		p := queue[0]
		queue = queue[1:]
		p = strings.ReplaceAll(p, "&amp;", "&")
		if strings.HasPrefix(p, app.URL) {
			p = strings.TrimPrefix(p, app.URL)
		}
		if i := strings.IndexByte(p, '#'); i >= 0 {
			p = p[:i]
		}
		if p == "" || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || seen[p] ||
			strings.HasPrefix(p, "/staff") || strings.HasPrefix(p, "/static/") ||
			// The language switcher's one job is to set the lang preference
			// cookie (lang_test.go); the pages it leads to are crawled.
			strings.HasPrefix(p, "/lang/") {
			continue
		}
		seen[p] = true
		res, body := app.Get(t, p, header...)
		n++
		if strings.Contains(body, canaryMark) {
			i := strings.Index(body, canaryMark)
			t.Errorf("GET %s (%d) leaks private content: …%s…", p, res.StatusCode, body[max(0, i-80):min(len(body), i+80)])
		}
		if c := res.Header.Get("Set-Cookie"); c != "" {
			t.Errorf("GET %s sets a cookie (%s): public pages must stay cookie-free", p, c)
		}
		if res.StatusCode >= 500 {
			t.Errorf("GET %s: %d", p, res.StatusCode)
		}
		for _, m := range linkPattern.FindAllStringSubmatch(body, -1) {
			for _, g := range m[1:] {
				if g != "" {
					queue = append(queue, g)
				}
			}
		}
	}
	return n
}
