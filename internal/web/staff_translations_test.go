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

// A Burmese title and summary of the demo's coup event: saved by a
// contributor, refused to its own author, published by another reviewer;
// then Burmese readers see it, marked lang="my", and find it by a Burmese
// word, while an untranslated event stays in English, marked lang="en",
// with a note.
const (
	myTitle   = "စစ်တပ်က အာဏာသိမ်းယူခြင်း"
	mySummary = "တပ်မတော်သည် နိုင်ငံတော်အတိုင်ပင်ခံ ဒေါ်အောင်ဆန်းစုကြည်ကို ဖမ်းဆီးခဲ့သည်။"
	myWord    = "အတိုင်ပင်ခံ" // inside a longer run of Burmese text
)

func demoEventID(t *testing.T, app *webtest.App, slug string) int64 {
	t.Helper()
	var id int64
	if err := app.Store.Pool().QueryRow(context.Background(), `SELECT id FROM events WHERE slug = $1`, slug).Scan(&id); err != nil {
		t.Fatalf("demo event %q: %v", slug, err)
	}
	return id
}

// effectiveLang is the language of the first element matching sel: its own
// lang attribute or its nearest ancestor's.
func effectiveLang(t *testing.T, body, sel string) (text, lang string) {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	el := doc.Find(sel).First()
	if el.Length() == 0 {
		t.Fatalf("no %s in the page", sel)
	}
	for n := el; n.Length() > 0; n = n.Parent() {
		if l, ok := n.Attr("lang"); ok {
			return strings.TrimSpace(el.Text()), l
		}
	}
	return strings.TrimSpace(el.Text()), ""
}

func TestEventTranslationWorkflowAndPublicPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	contributor := app.SignIn(t, app.User(t, auth.RoleContributor))
	reviewerUser := app.User(t, auth.RoleReviewer)
	author := app.SignIn(t, reviewerUser) // a reviewer who also translates
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	id := demoEventID(t, app, "coup")
	base := fmt.Sprintf("/staff/events/%d/translations", id)
	burmese := []string{"Accept-Language", "my"}

	// Refused: no language, the original's own, not a tag.
	for _, tc := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"title": {myTitle}}, "choose a language"},
		{url.Values{"lang": {"en"}, "title": {"Coup"}}, "the language the text was written in"},
		{url.Values{"lang_other": {"burmese!"}, "title": {myTitle}}, "is not a language code"},
		{url.Values{"lang": {"my"}, "title": {" "}}, "is required"},
	} {
		tc.form.Set("version", "0")
		res, body := contributor.Post(t, base, tc.form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorsOf(body), tc.want) {
			t.Errorf("save %v: %d %q, want 422 saying %q", tc.form, res.StatusCode, errorsOf(body), tc.want)
		}
	}

	// A contributor saves the Burmese translation; it waits for review.
	res, body := contributor.Post(t, base, url.Values{"version": {"0"}, "lang": {"my"}, "title": {myTitle}, "summary": {mySummary}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != base+"/my" {
		t.Fatalf("save translation: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), errorsOf(body))
	}
	_, page := contributor.Get(t, base+"/my")
	if !strings.Contains(page, "Waiting for review") {
		t.Errorf("the translation page does not say it waits for review")
	}
	// Not public yet.
	_, pub := app.Get(t, "/t/myanmar-2021/e/coup", burmese...)
	if strings.Contains(pub, myTitle) {
		t.Fatal("a draft translation reached the public event page")
	}
	if _, found := app.Get(t, "/search?q="+url.QueryEscape(myWord)); strings.Contains(found, "/t/myanmar-2021/e/coup") {
		t.Fatal("search found the event by a draft translation's word")
	}

	// The author (a reviewer) edits it; neither a contributor nor its author
	// may publish it.
	tr := translationVersion(t, contributor, base+"/my")
	res, body = author.Post(t, base+"/my", url.Values{"version": {tr}, "title": {myTitle}, "summary": {mySummary + " (ပြင်ဆင်)"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("author's edit: %d\n%s", res.StatusCode, errorsOf(body))
	}
	tr = translationVersion(t, contributor, base+"/my")
	if res, _ := contributor.Post(t, base+"/my/publish", url.Values{"version": {tr}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("contributor publishing: %d, want 403", res.StatusCode)
	}
	if res, _ := author.Post(t, base+"/my/publish", url.Values{"version": {tr}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("author publishing own translation: %d, want 403", res.StatusCode)
	}
	if res, body := reviewer.Post(t, base+"/my/publish", url.Values{"version": {tr}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another reviewer publishing: %d\n%s", res.StatusCode, errorsOf(body))
	}

	// Burmese readers see it, marked as Burmese, without the note.
	_, pub = app.Get(t, "/t/myanmar-2021/e/coup", burmese...)
	if title, lang := effectiveLang(t, pub, "[data-testid=event-title]"); title != myTitle || lang != "my" {
		t.Errorf("Burmese reader's event title: %q in %q, want %q in my", title, lang, myTitle)
	}
	if summary, lang := effectiveLang(t, pub, ".summary"); !strings.Contains(summary, "(ပြင်ဆင်)") || lang != "my" {
		t.Errorf("Burmese reader's summary: %q in %q", summary, lang)
	}
	if strings.Contains(pub, `data-testid="original-note"`) {
		t.Error("a translated event carries the original-language note")
	}
	// English readers keep the original.
	_, en := app.Get(t, "/t/myanmar-2021/e/coup", "Accept-Language", "en")
	if title, _ := effectiveLang(t, en, "[data-testid=event-title]"); strings.Contains(title, myTitle) || title == "" {
		t.Errorf("English reader's title: %q", title)
	}
	// On the timeline, the coup is in Burmese and the rest in English.
	_, tl := app.Get(t, "/t/myanmar-2021", burmese...)
	if _, lang := effectiveLang(t, tl, "#coup [data-testid=event-title]"); lang != "my" {
		t.Errorf("the coup on the Burmese timeline page is in %q", lang)
	}
	if _, lang := effectiveLang(t, tl, "#election-2020 [data-testid=event-title]"); lang != "en" {
		t.Errorf("an untranslated event on the Burmese timeline page is in %q, want en", lang)
	}
	// The printout is the same page: the coup in Burmese, the rest marked English.
	_, pr := app.Get(t, "/t/myanmar-2021/print", burmese...)
	if title, lang := effectiveLang(t, pr, "#coup [data-testid=event-title]"); title != myTitle || lang != "my" {
		t.Errorf("the coup in the Burmese printout: %q in %q, want %q in my", title, lang, myTitle)
	}
	if _, lang := effectiveLang(t, pr, "#election-2020 [data-testid=event-title]"); lang != "en" {
		t.Errorf("an untranslated event in the Burmese printout is in %q, want en", lang)
	}
	// An untranslated event: English, marked lang="en", with the note
	// naming English in Burmese.
	_, other := app.Get(t, "/t/myanmar-2021/e/election-2020", burmese...)
	if _, lang := effectiveLang(t, other, "[data-testid=event-title]"); lang != "en" {
		t.Errorf("untranslated event title in %q, want en", lang)
	}
	if note, _ := effectiveLang(t, other, "[data-testid=original-note]"); !strings.Contains(note, "အင်္ဂလိပ်") {
		t.Errorf("original-language note %q does not name English in Burmese", note)
	}
	// Search finds the event by a Burmese word of the translation.
	_, found := app.Get(t, "/search?q="+url.QueryEscape(myWord), burmese...)
	if !strings.Contains(found, "/t/myanmar-2021/e/coup") {
		t.Error("search does not find the event by a word of its published Burmese translation")
	}
	// ...and shows it to a Burmese reader under its Burmese title; an
	// English reader sees the original title.
	hitTitle := func(page string) string {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		return strings.TrimSpace(doc.Find(`[data-testid=search-hit] h3:has(a[href="/t/myanmar-2021/e/coup"])`).Text())
	}
	if got := hitTitle(found); got != myTitle {
		t.Errorf("the Burmese reader's search result is titled %q, want the translation %q", got, myTitle)
	}
	_, foundEn := app.Get(t, "/search?q="+url.QueryEscape(myWord), "Accept-Language", "en")
	if got := hitTitle(foundEn); got == myTitle || got == "" {
		t.Errorf("the English reader's search result is titled %q, want the original", got)
	}
	// The history of the event shows the translation's revisions.
	_, hist := contributor.Get(t, fmt.Sprintf("/staff/events/%d/history", id))
	hdoc, _ := goquery.NewDocumentFromReader(strings.NewReader(hist))
	var actions []string
	hdoc.Find("[data-testid=revision] td.action").Each(func(_ int, s *goquery.Selection) {
		if strings.HasPrefix(s.Text(), "translation") {
			actions = append(actions, s.Text())
		}
	})
	if got := strings.Join(actions, ", "); got != "translation published, translation saved, translation saved" {
		t.Errorf("event history shows the translation's revisions as %q", got)
	}
	// The editor lists it.
	_, editor := contributor.Get(t, fmt.Sprintf("/staff/events/%d", id))
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(editor))
	if got := doc.Find("[data-testid=editor-translations] [data-testid=translation]").AttrOr("data-lang", ""); got != "my" {
		t.Errorf("editor's translations section lists %q, want my", got)
	}
}

// translationVersion reads the version the translation form carries.
func translationVersion(t *testing.T, s *webtest.Session, path string) string {
	t.Helper()
	_, body := s.Get(t, path)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	v, ok := doc.Find("form[data-testid=translation-form] input[name=version]").Attr("value")
	if !ok {
		t.Fatalf("no version on %s", path)
	}
	return v
}

// An editor translates a timeline; Burmese readers see its Burmese title
// on the home page and the timeline page.
func TestTimelineTranslationPublic(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	other := app.SignIn(t, app.User(t, auth.RoleEditor))
	base := "/staff/timelines/myanmar-2021/translations"
	const title = "မြန်မာ ၂၀၂၁ အာဏာသိမ်းမှု"
	if res, body := editor.Post(t, base, url.Values{"version": {"0"}, "lang": {"my"}, "title": {title}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save timeline translation: %d\n%s", res.StatusCode, errorsOf(body))
	}
	v := translationVersion(t, editor, base+"/my")
	if res, _ := other.Post(t, base+"/my/publish", url.Values{"version": {v}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish timeline translation: %d", res.StatusCode)
	}
	_, home := app.Get(t, "/", "Accept-Language", "my")
	if !strings.Contains(home, title) {
		t.Error("the home page does not show the timeline's Burmese title to a Burmese reader")
	}
	_, tl := app.Get(t, "/t/myanmar-2021", "Accept-Language", "my")
	if got, lang := effectiveLang(t, tl, "h1"); got != title || lang != "my" {
		t.Errorf("timeline heading: %q in %q", got, lang)
	}
	// The events are still in English: one note says so.
	if n := strings.Count(tl, `data-testid="original-note"`); n != 1 {
		t.Errorf("%d original-language notes on the timeline page, want 1", n)
	}
	_, en := app.Get(t, "/t/myanmar-2021", "Accept-Language", "en")
	if strings.Contains(en, title) || strings.Contains(en, `data-testid="original-note"`) {
		t.Error("an English reader sees the Burmese title or a note")
	}
}

// A translation pasted in Zawgyi is not saved until staff choose; converting
// saves Unicode.
func TestTranslationZawgyi(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	contributor := app.SignIn(t, app.User(t, auth.RoleContributor))
	base := fmt.Sprintf("/staff/events/%d/translations", demoEventID(t, app, "coup"))
	form := url.Values{"version": {"0"}, "lang": {"my"}, "title": {zgUDHR}, "do": {"save"}}
	res, body := contributor.Post(t, base, form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `data-testid="zawgyi-notice"`) {
		t.Fatalf("Zawgyi title: %d, notice shown %v", res.StatusCode, strings.Contains(body, `data-testid="zawgyi-notice"`))
	}
	if res, _ := contributor.Get(t, base+"/my"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a translation was saved before staff chose what to do with Zawgyi: %d", res.StatusCode)
	}
	form.Set("zawgyi", "convert")
	if res, body := contributor.Post(t, base, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("convert and save: %d\n%s", res.StatusCode, errorsOf(body))
	}
	_, page := contributor.Get(t, base+"/my")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(page))
	if got, _ := doc.Find("#tr-title").Attr("value"); got != zawgyi.ToUnicode(zgUDHR) {
		t.Errorf("saved title %q, want the Unicode conversion %q", got, zawgyi.ToUnicode(zgUDHR))
	}
}
