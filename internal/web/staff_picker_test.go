package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// formValues is what a browser without JavaScript sends for the form
// sel: its fields as they stand, without any submit button.
func formValues(sel *goquery.Selection) url.Values {
	v := url.Values{}
	sel.Find("input[name], select[name], textarea[name]").Each(func(_ int, f *goquery.Selection) {
		name := f.AttrOr("name", "")
		switch goquery.NodeName(f) {
		case "select":
			opt := f.Find("option[selected]").First()
			if opt.Length() == 0 {
				opt = f.Find("option").First()
			}
			v.Add(name, opt.AttrOr("value", opt.Text()))
		case "textarea":
			v.Add(name, f.Text())
		default:
			switch f.AttrOr("type", "text") {
			case "submit", "button", "file":
			case "checkbox", "radio":
				if _, on := f.Attr("checked"); on {
					v.Add(name, f.AttrOr("value", "on"))
				}
			default:
				v.Add(name, f.AttrOr("value", ""))
			}
		}
	})
	return v
}

// pickerCase is one of the editor's pickers as the tests drive it.
type pickerCase struct {
	kind string // "source" or "actor"
	// seed adds 50,000 items, and one to find among them, whose value
	// (a source's id, an actor's slug) it returns.
	seed func(t testing.TB, app *webtest.App) string
	// one finds that item; common finds more than ten; more is what the
	// fragment then says.
	one, common, more string
	// attached is the row of the editor that names the item once attached,
	// after the one row of eventForm (rowSel's %s: the value).
	attached string
	// cites counts the rows of event $1 that name item $2.
	cites string
	// refused is what the editor says of a made-up value.
	refused string
}

var pickerCases = []pickerCase{
	{kind: "source", seed: pickerSources, one: "jade mine", common: "report number", more: "More sources match",
		attached: `select[name=cite_source_1] option[value="%s"][selected]`,
		cites:    `SELECT count(*) FROM event_sources WHERE event_id = $1 AND source_id = $2::bigint`,
		refused:  "not in the library"},
	{kind: "actor", seed: pickerActors, one: "infantry division 77", common: "armed group number", more: "More actors match",
		attached: `select[name=actor_1] option[value="%s"][selected]`,
		cites:    `SELECT count(*) FROM event_actors ea JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = $1 AND a.slug = $2`,
		refused:  "not in the list of actors"},
}

// suggestURL is where the picker's type-ahead asks for what q finds.
func (pc pickerCase) suggestURL(q string) string {
	return "/staff/" + pc.kind + "s/suggest?" + pc.kind + "_q=" + url.QueryEscape(q)
}

// button selects the picker's button for value.
func (pc pickerCase) button(value string) string {
	return `button[name=attach_` + pc.kind + `][value="` + value + `"]`
}

// pickerSources adds 50,000 sources to the library and one to find among
// them, whose id it returns.
func pickerSources(t testing.TB, app *webtest.App) string {
	t.Helper()
	ctx := context.Background()
	if _, err := app.Store.Pool().Exec(ctx, `
INSERT INTO sources (url, title, publisher, kind)
SELECT 'https://example.org/report/' || i, 'Report number ' || i || ' on the situation', 'Publisher ' || (i % 40),
       (ARRAY['news', 'ngo_report', 'other'])[1 + i % 3]
FROM generate_series(1, 50000) i;
ANALYZE sources;`); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := app.Store.Pool().QueryRow(ctx, `
INSERT INTO sources (url, title, publisher, kind)
VALUES ('https://example.org/hpakant', 'Statement on the jade mine landslide in Hpakant', 'UN Special Rapporteur', 'un_document')
RETURNING id`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

// pickerActors adds 50,000 actors and one to find among them, whose slug
// it returns.
func pickerActors(t testing.TB, app *webtest.App) string {
	t.Helper()
	if _, err := app.Store.Pool().Exec(context.Background(), `
INSERT INTO actors (slug, name, kind)
SELECT 'armed-group-' || i, 'Armed group number ' || i || ' of the region', (ARRAY['group', 'armed_force', 'party'])[1 + i % 3]
FROM generate_series(1, 50000) i;
INSERT INTO actors (slug, name, kind) VALUES ('lid-77', 'Light Infantry Division 77', 'armed_force');`); err != nil {
		t.Fatal(err)
	}
	// As autovacuum would soon after such an import: just after a bulk
	// insert, the new rows wait in the trigram index's pending list and the
	// planner scans the table instead (about 70 ms here, not 2).
	if _, err := app.Store.Pool().Exec(context.Background(), `VACUUM ANALYZE actors`); err != nil {
		t.Fatal(err)
	}
	return "lid-77"
}

// The editor's pickers without JavaScript: "Find" returns the editor with
// the items found as buttons, a button adds its item to the form in a new
// row (the rest as typed), and saving names it. The suggestions endpoint
// answers the same buttons as a fragment, a few at a time, to staff only,
// and finds one item among 50,000.
func TestEditorPicker(t *testing.T) {
	t.Parallel()
	for _, pc := range pickerCases {
		t.Run(pc.kind, func(t *testing.T) {
			t.Parallel()
			testEditorPicker(t, pc)
		})
	}
}

func testEditorPicker(t *testing.T, pc pickerCase) {
	app := webtest.Start(t, webtest.Options{})
	want := pc.seed(t, app)
	s := app.SignIn(t, app.User(t, auth.RoleContributor))

	// The fragment: the item among 50,000, and never more than ten.
	started := time.Now()
	res, body := s.Get(t, pc.suggestURL(pc.one))
	took := time.Since(started)
	d := doc(t, body)
	if res.StatusCode != http.StatusOK || strings.Contains(body, "<html") || d.Find(pc.button(want)).Length() != 1 {
		t.Fatalf("suggest: %d, %s not offered:\n%s", res.StatusCode, want, body)
	}
	t.Logf("one %s among 50,000 suggested in %s", pc.kind, took)
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("suggest: Cache-Control %q", cc)
	}
	_, body = s.Get(t, pc.suggestURL(pc.common))
	if n := doc(t, body).Find("button[name=attach_" + pc.kind + "]").Length(); n != 10 || !strings.Contains(body, pc.more) {
		t.Errorf("a common search offers %d, want 10 and a word that there are more", n)
	}
	_, body = s.Get(t, pc.suggestURL(""))
	if strings.Contains(body, "attach_") {
		t.Error("an empty search offers something")
	}
	// Staff only; a read, not a change.
	if res, body := app.NewSession(t).Get(t, pc.suggestURL(pc.one)); res.StatusCode == http.StatusOK || strings.Contains(body, want) {
		t.Errorf("signed out: %d", res.StatusCode)
	}
	if res, _ := s.Post(t, "/staff/"+pc.kind+"s/suggest", url.Values{pc.kind + "_q": {pc.one}}); res.StatusCode < 400 {
		t.Errorf("POST suggest: %d", res.StatusCode)
	}

	// Without JavaScript: Find, then the button, then save.
	form := eventForm("Found with the "+pc.kind+" picker", "https://example.org/picker")
	form.Set("do", "find_"+pc.kind+"s")
	form.Set(pc.kind+"_q", pc.one)
	res, body = s.Post(t, "/staff/events", form)
	d = doc(t, body)
	if res.StatusCode != http.StatusOK || d.Find("#event-form "+pc.button(want)).Length() != 1 {
		t.Fatalf("find: %d, no button for %s\n%s", res.StatusCode, want, errorsOf(body))
	}
	form = formValues(d.Find("#event-form"))
	form.Set("attach_"+pc.kind, want) // the button pressed
	res, body = s.Post(t, "/staff/events", form)
	d = doc(t, body)
	if res.StatusCode != http.StatusOK || d.Find("#event-form "+fmt.Sprintf(pc.attached, want)).Length() != 1 {
		t.Fatalf("attach: %d, the new row does not name %s\n%s", res.StatusCode, want, errorsOf(body))
	}
	if v := d.Find("input[name=title]").AttrOr("value", ""); v != "Found with the "+pc.kind+" picker" {
		t.Errorf("the title typed became %q", v)
	}
	if d.Find(`select[name=actor_0] option[value=tatmadaw][selected]`).Length() != 1 ||
		d.Find(`input[name=cite_url_0]`).AttrOr("value", "") != "https://example.org/picker" {
		t.Error("the rows of the form as sent were lost")
	}
	if v := d.Find("input[name="+pc.kind+"_q]").AttrOr("value", ""); v != "" || d.Find("#"+pc.kind+"-suggestions button").Length() != 0 {
		t.Errorf("after attaching, the search still holds %q and its buttons", v)
	}
	// Attaching it again adds no second row.
	again := formValues(d.Find("#event-form"))
	again.Set("attach_"+pc.kind, want)
	_, body = s.Post(t, "/staff/events", again)
	if n := doc(t, body).Find(`#event-form option[value="` + want + `"][selected]`).Length(); n != 1 {
		t.Errorf("attached twice, %d rows name it", n)
	}
	form = formValues(d.Find("#event-form"))
	form.Set("do", "save")
	id := createEvent(t, s, form)
	var n int
	if err := app.Store.Pool().QueryRow(context.Background(), pc.cites, id, want).Scan(&n); err != nil || n != 1 {
		t.Errorf("the saved event names %s %d times (%v)", want, n, err)
	}
	// A made-up value is refused by name, the form kept.
	form.Del("do")
	form.Set("attach_"+pc.kind, "999999999")
	res, body = s.Post(t, "/staff/events", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, pc.refused) ||
		doc(t, body).Find("input[name=title]").AttrOr("value", "") != "Found with the "+pc.kind+" picker" {
		t.Errorf("attach a made-up %s: %d\n%s", pc.kind, res.StatusCode, errorsOf(body))
	}
}

// Proposed actors in the picker: the rule is FindCatalog's (anyone on staff
// may cite a proposed actor in a draft, marked as proposed; a rejected one
// is offered to no one). Its proposer finds it at once and adds it to the
// draft without JavaScript.
func TestActorPickerProposals(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	proposer := app.User(t, auth.RoleContributor)
	editor := app.User(t, auth.RoleEditor)
	proposed, err := app.Store.ProposeItem(ctx, proposer, timeline.ProposalInput{Kind: "actor", Name: "Sagaing township militia", Actor: "armed_force"})
	if err != nil {
		t.Fatal(err)
	}
	rejected, err := app.Store.ProposeItem(ctx, proposer, timeline.ProposalInput{Kind: "actor", Name: "Sagaing village guard", Actor: "group"})
	if err != nil {
		t.Fatal(err)
	}
	if err := app.Store.RejectProposal(ctx, editor, "actor", rejected.ID, "a duplicate of the militia"); err != nil {
		t.Fatal(err)
	}
	pc := pickerCases[1]
	s := app.SignIn(t, proposer)
	for who, sess := range map[string]*webtest.Session{"its proposer": s, "another contributor": app.SignIn(t, app.User(t, auth.RoleContributor))} {
		_, body := sess.Get(t, pc.suggestURL("sagaing"))
		b := doc(t, body).Find(pc.button(proposed.Slug))
		if b.Length() != 1 || !strings.Contains(b.Text(), "(proposed)") {
			t.Errorf("%s is not offered the proposed actor, marked:\n%s", who, body)
		}
		if strings.Contains(body, rejected.Slug) {
			t.Errorf("%s is offered the rejected actor", who)
		}
	}
	form := eventForm("A draft naming a proposal", "https://example.org/proposal")
	form.Del("do")
	form.Set("attach_actor", proposed.Slug)
	res, body := s.Post(t, "/staff/events", form)
	if res.StatusCode != http.StatusOK || doc(t, body).Find(fmt.Sprintf(pc.attached, proposed.Slug)).Length() != 1 {
		t.Errorf("attach the proposed actor: %d\n%s", res.StatusCode, errorsOf(body))
	}
}

// BenchmarkSuggest50k times the pickers' type-ahead answers, through
// HTTP with a signed-in session, over 50,000 sources and 50,000 actors:
// one item by words of its name, and a common search (ten shown). Run it
// with go test ./internal/web -run '^$' -bench Suggest50k -benchtime 50x
func BenchmarkSuggest50k(b *testing.B) {
	app := webtest.Start(b, webtest.Options{})
	s := app.SignIn(b, app.User(b, auth.RoleContributor))
	for _, pc := range pickerCases {
		want := pc.seed(b, app)
		for _, tc := range []struct{ name, q, want string }{
			{"one-among-50000", pc.one, want},
			{"common", pc.common, "attach_" + pc.kind},
		} {
			b.Run(pc.kind+"/"+tc.name, func(b *testing.B) {
				for b.Loop() {
					res, body := s.Get(b, pc.suggestURL(tc.q))
					if res.StatusCode != http.StatusOK || !strings.Contains(body, tc.want) {
						b.Fatalf("%d %s", res.StatusCode, body)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/answer")
			})
		}
	}
}
