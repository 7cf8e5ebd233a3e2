package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/timeline"
	"annals/internal/webtest"
	"annals/internal/zawgyi"
	"annals/views"
)

// Known samples (internal/zawgyi's tests classify them): the UDHR title and
// the Naypyitaw dateline of the government news site, in each encoding.
const (
	zgUDHR      = "အျပည္ျပည္ဆိုင္ရာ လူ႔အခြင့္အေရး ေၾကညာစာတမ္း"
	uniUDHR     = "အပြည်ပြည်ဆိုင်ရာ လူ့အခွင့်အရေး ကြေညာစာတမ်း"
	zgDateline  = "ေနျပည္ေတာ္ ဇူလုိင္ ၂၆"
	uniSentence = "စစ်ကောင်စီက နေပြည်တော်တွင် အစည်းအဝေးကျင်းပခဲ့သည်။"
)

func eventCount(t *testing.T, app *webtest.App) int {
	t.Helper()
	list, err := app.Store.StaffEvents(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

// The editor does not save Zawgyi text until told what to do with it; it
// converts on "Convert to Unicode and save" and keeps it on "Keep as typed".
func TestZawgyiEventEditor(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	s := app.SignIn(t, app.User(t, auth.RoleContributor))
	if !zawgyi.IsZawgyi(zgUDHR) || !zawgyi.IsZawgyi(zgDateline) || zawgyi.IsZawgyi(uniSentence) {
		t.Fatal("the samples are not classified as this test expects")
	}

	form := eventForm(zgUDHR, "https://example.org/zawgyi-1")
	form.Set("summary", uniSentence)
	form.Set("cite_title_0", "Report on the declaration")
	form.Set("cite_note_0", zgDateline)
	before := eventCount(t, app)
	res, body := s.Post(t, "/staff/events", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("Zawgyi title: status %d, want 422 (re-shown, not saved)\n%s", res.StatusCode, errorsOf(body))
	}
	if n := eventCount(t, app); n != before {
		t.Fatalf("an event was saved before staff chose what to do with Zawgyi: %d -> %d events", before, n)
	}
	doc := parse(t, body)
	notice := doc.Find("[data-testid=zawgyi-notice]")
	if notice.Length() != 1 {
		t.Fatalf("no Zawgyi notice:\n%s", errorsOf(body))
	}
	flagged := map[string]string{}
	notice.Find("[data-testid=zawgyi-field]").Each(func(_ int, li *goquery.Selection) {
		id, _ := li.Attr("data-field")
		flagged[id] = li.Find("[data-testid=zawgyi-unicode]").Text()
	})
	if len(flagged) != 2 || flagged["title"] != zawgyi.ToUnicode(zgUDHR) || flagged["cite_note_0"] != zawgyi.ToUnicode(zgDateline) {
		t.Errorf("flagged fields and their Unicode = %q; want title and cite_note_0 only, converted", flagged)
	}
	if flagged["title"] != uniUDHR {
		t.Errorf("the Unicode shown for the title is %q, want %q", flagged["title"], uniUDHR)
	}
	if v, _ := doc.Find("#title").Attr("value"); v != zgUDHR {
		t.Errorf("the form lost the title as typed: %q", v)
	}
	if msg := doc.Find("#title ~ .field-error").First().Text(); !strings.Contains(msg, "looks like Zawgyi-encoded Burmese") {
		t.Errorf("no message beside the title: %q", msg)
	}
	for _, v := range []string{"convert", "keep"} {
		b := notice.Find(`button[name=zawgyi][value=` + v + `]`)
		if f, _ := b.Attr("form"); f != "event-form" || doc.Find("form#event-form").Length() != 1 {
			t.Errorf("the %s button does not submit the editor's form (form=%q)", v, f)
		}
	}
	if v, _ := notice.Find(`input[name=zawgyi_do]`).Attr("value"); v != "save" {
		t.Errorf("the notice does not remember the button pressed: %q", v)
	}

	// "Convert to Unicode and save", after "Save and submit for review".
	form.Del("do")
	form.Set("zawgyi", "convert")
	form.Set("zawgyi_do", "submit")
	id := createEvent(t, s, form)
	ev, err := app.Store.StaffEvent(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Work.Title != zawgyi.ToUnicode(zgUDHR) || zawgyi.IsZawgyi(ev.Work.Title) {
		t.Errorf("converted title = %q, want %q", ev.Work.Title, zawgyi.ToUnicode(zgUDHR))
	}
	if got := ev.Work.Citations[0].Note; got != zawgyi.ToUnicode(zgDateline) {
		t.Errorf("converted source note = %q, want %q", got, zawgyi.ToUnicode(zgDateline))
	}
	if ev.Work.Summary != uniSentence {
		t.Errorf("the Unicode summary was changed: %q", ev.Work.Summary)
	}
	if ev.Work.Status != timeline.StatusInReview {
		t.Errorf("status %s: the first press (submit) was not carried through", ev.Work.Status)
	}

	// "Keep as typed".
	form = eventForm(zgDateline, "https://example.org/zawgyi-2")
	form.Del("do")
	form.Set("zawgyi", "keep")
	form.Set("zawgyi_do", "save")
	id = createEvent(t, s, form)
	ev, err = app.Store.StaffEvent(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Work.Title != zgDateline || ev.Work.Status != timeline.StatusDraft {
		t.Errorf("kept title = %q (%s), want %q as a draft", ev.Work.Title, ev.Work.Status, zgDateline)
	}

	// Unicode Burmese is saved at once.
	createEvent(t, s, eventForm(uniSentence, "https://example.org/zawgyi-3"))
}

// The actor, category, timeline and source forms ask too.
func TestZawgyiCatalogAndSourceForms(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	s := app.SignIn(t, app.User(t, auth.RoleEditor))
	ctx := context.Background()

	actorNamed := func(slug string) string {
		list, err := app.Store.Actors(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range list {
			if a.Slug == slug {
				return a.Name
			}
		}
		return ""
	}
	form := url.Values{"slug": {"zg-actor"}, "name": {zgUDHR}, "kind": {"other"}, "note": {"English note"}}
	res, body := s.Post(t, "/staff/actors", form)
	if res.StatusCode != http.StatusUnprocessableEntity || parse(t, body).Find("[data-testid=zawgyi-notice] [data-field=name]").Length() != 1 {
		t.Fatalf("actor with a Zawgyi name: status %d, no notice for the name\n%s", res.StatusCode, errorsOf(body))
	}
	if actorNamed("zg-actor") != "" {
		t.Fatal("the actor was saved before staff chose")
	}
	form.Set("zawgyi", "convert")
	if res, body := s.Post(t, "/staff/actors", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("convert and save: status %d\n%s", res.StatusCode, errorsOf(body))
	}
	if got := actorNamed("zg-actor"); got != uniUDHR {
		t.Errorf("actor name saved as %q, want %q", got, uniUDHR)
	}

	res, body = s.Post(t, "/staff/timelines", url.Values{"slug": {"zg-timeline"}, "name": {"Burmese timeline"},
		"summary": {zgDateline}, "language": {"my"}})
	if res.StatusCode != http.StatusUnprocessableEntity || parse(t, body).Find("[data-testid=zawgyi-notice] [data-field=summary]").Length() != 1 {
		t.Fatalf("timeline with a Zawgyi summary: status %d\n%s", res.StatusCode, errorsOf(body))
	}
	res, body = s.Post(t, "/staff/categories", url.Values{"slug": {"zg-cat"}, "name": {zgDateline}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("category with a Zawgyi name: status %d\n%s", res.StatusCode, errorsOf(body))
	}

	// A source of the library, kept as typed.
	sources, err := app.Store.Sources(ctx)
	if err != nil || len(sources) == 0 {
		t.Fatalf("no source in the demo: %v", err)
	}
	src := sources[0]
	path := fmt.Sprintf("/staff/sources/%d", src.Source.ID)
	sform := url.Values{"title": {zgDateline}, "publisher": {src.Source.Publisher}, "url": {src.Source.URL},
		"kind": {src.Source.Kind}, "published": {src.Source.Published.String()}, "version": {strconv.Itoa(src.Version)}}
	res, body = s.Post(t, path, sform)
	if res.StatusCode != http.StatusUnprocessableEntity || parse(t, body).Find("[data-testid=zawgyi-notice] [data-field=title]").Length() != 1 {
		t.Fatalf("source with a Zawgyi title: status %d\n%s", res.StatusCode, errorsOf(body))
	}
	if ls, _ := app.Store.LibrarySourceByID(ctx, src.Source.ID); ls.Source.Title != src.Source.Title {
		t.Fatalf("the source was saved before staff chose: %q", ls.Source.Title)
	}
	sform.Set("zawgyi", "keep")
	if res, body := s.Post(t, path, sform); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("keep as typed: status %d\n%s", res.StatusCode, errorsOf(body))
	}
	if ls, _ := app.Store.LibrarySourceByID(ctx, src.Source.ID); ls.Source.Title != zgDateline {
		t.Errorf("source title saved as %q, want it as typed %q", ls.Source.Title, zgDateline)
	}
}

// The editor's script, the vendored myanmar-tools files it loads and their
// licence are served from /static; the build script is not.
func TestZawgyiScriptServed(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	for path, want := range map[string]string{
		"/static/js/zawgyi-check.js":                       "google_myanmar_tools",
		"/static/vendor/myanmar-tools/zawgyi_detector.js":  "ZawgyiDetector",
		"/static/vendor/myanmar-tools/zawgyi_converter.js": "ZawgyiConverter",
		"/static/vendor/myanmar-tools/LICENSE.md":          "Apache License",
	} {
		res, body := app.Get(t, path)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("%s: status %d, %q not in it", path, res.StatusCode, want)
		}
	}
	if res, _ := app.Get(t, "/static/vendor/myanmar-tools/BUILD.js"); res.StatusCode != http.StatusNotFound {
		t.Errorf("the build script is served: %d", res.StatusCode)
	}
	s := app.SignIn(t, app.User(t, auth.RoleContributor))
	_, body := s.Get(t, "/staff/events/new")
	if parse(t, body).Find(`head script[src="`+views.Static("js/zawgyi-check.js")+`"]`).Length() != 1 {
		t.Error("the staff pages do not load the Zawgyi script")
	}
}
