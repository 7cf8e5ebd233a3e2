package web_test

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// englishLabels are words of the staff pages' own interface, in English,
// that no demo record contains: a page in another language must show none
// of them.
var englishLabels = []string{
	"Skip to content", "Annals staff", "Staff sections", "Sign out", "Dashboard", "New event", "Waiting for review",
	"Recently changed", "Filters and order", "Title or event number", "Needs my review", "Last changed by",
	"Apply to the chosen events", "With the events chosen", "Nothing here", "Changed (UTC)", "Any category",
	"Save draft", "Save and submit for review", "Preview summary", "Find actors", "Find sources in the library",
	"More rows", "Source row", "Permalink slug", "Country code", "Alt text", "Upload an image", "Source of the count",
	"Open in the editor", "As the public will see it", "Sources cited", "Submit for review", "Publish",
	"Your account", "Authenticator app", "Where you are signed in", "Sign out everywhere else", "Passkeys",
	"Language of the staff pages", "this session", "Show unchanged fields too", "Compare from version",
	"Source library", "Cited by nothing", "In review", "Published", "Draft",
	// The history list, the proposals, the editor's propose form and
	// pickers.
	"Find changes", "Reason, author or title", "Kind of change", "Any record", "Newest first", "(version ",
	"Translation of an event", "Why it is rejected", "change it to rename", "proposed by", "No draft uses it",
	"Not in the lists? Propose it", "Propose category", "Kind of actor", "New place",
	"Attach", "Sources found", "No source in the library matches",
	// The actor picker, and an actor marked as a proposal.
	"Actors found", "No actor matches", "(proposed)",
	// The diff table of the review view and of history.
	"Start date", "Visibility", "5 March 2021", "listed, role", "cited",
	// The import form and the capture queue.
	"Detect from the file", " of 5",
	// A reason the application wrote (the proposal's revision).
	"proposed in the event editor",
}

// englishStamp is a date written the English way ("7 Dec 2026").
var englishStamp = regexp.MustCompile(`\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b`)

// latinStamp is a time written in ISO form with Latin digits, as the
// history list once wrote it on every language's page.
var latinStamp = regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`)

// shownText is what a page shows a person: its text, and the labels that
// screen readers read or narrow screens show.
func shownText(doc *goquery.Document) string {
	var b strings.Builder
	doc.Find("title, body").Each(func(_ int, s *goquery.Selection) { b.WriteString(s.Text() + "\n") })
	doc.Find("[aria-label], [placeholder], [title], [alt], [data-label]").Each(func(_ int, s *goquery.Selection) {
		for _, a := range []string{"aria-label", "placeholder", "title", "alt", "data-label"} {
			if v, ok := s.Attr(a); ok {
				b.WriteString(v + "\n")
			}
		}
	})
	return b.String()
}

// withLanguage makes an account of role whose staff pages are in lang.
func withLanguage(t *testing.T, app *webtest.App, role auth.Role, lang string) auth.User {
	t.Helper()
	u := app.User(t, role)
	u, err := app.Store.UpdateUser(context.Background(), u, u.ID, timeline.UserChange{Language: &lang})
	if err != nil {
		t.Fatalf("set %s's language to %q: %v", u.Email, lang, err)
	}
	return u
}

// staffLangPaths are staff pages of each kind: lists, the editor, the
// review view, history, the account page.
func staffLangPaths(t *testing.T, app *webtest.App, s *webtest.Session) []string {
	t.Helper()
	id := createEvent(t, s, eventForm("Language check", "https://example.org/lang-check"))
	// A proposal waiting for review, with the draft that uses it.
	by := app.User(t, auth.RoleContributor)
	if _, err := app.Store.ProposeItem(context.Background(), by, timeline.ProposalInput{Kind: "actor",
		Name: "Sagaing township militia", Actor: "armed_force"}); err != nil {
		t.Fatal(err)
	}
	return []string{
		"/staff/history", "/staff/proposals",
		// The editor's pickers, as htmx asks for them: items found (the
		// actor a proposal), and none.
		"/staff/sources/suggest?source_q=" + url.QueryEscape("Language check"),
		"/staff/sources/suggest?source_q=qqzzxx",
		"/staff/actors/suggest?actor_q=" + url.QueryEscape("sagaing"),
		"/staff/actors/suggest?actor_q=qqzzxx",
		"/staff", "/staff/events", "/staff/review", "/staff/events/new",
		fmt.Sprintf("/staff/events/%d", id), fmt.Sprintf("/staff/events/%d/review", id),
		fmt.Sprintf("/staff/events/%d/history", id), fmt.Sprintf("/staff/events/%d/history?all=1", id),
		"/staff/account", "/staff/sources", "/staff/import", "/staff/captures",
	}
}

// TestBurmeseAccountSeesBurmeseStaffPages: an account whose language is
// Burmese gets every staff page in Burmese, with Burmese dates, and none
// of the English labels. The same pages for an English account show each
// of those labels somewhere, so the check can fail.
func TestBurmeseAccountSeesBurmeseStaffPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	my := app.SignIn(t, withLanguage(t, app, auth.RoleAdmin, "my"))
	en := app.SignIn(t, app.User(t, auth.RoleAdmin))
	paths := staffLangPaths(t, app, my)
	seen := map[string]bool{}
	for _, path := range paths {
		res, body := my.Get(t, path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		doc := parse(t, body)
		if lang := doc.Find("html").AttrOr("lang", ""); lang != "my" && !strings.Contains(path, "/suggest?") {
			t.Errorf("%s: lang=%q, want my", path, lang)
		}
		text := shownText(doc)
		for _, label := range englishLabels {
			if strings.Contains(text, label) {
				t.Errorf("%s in Burmese still shows %q", path, label)
			}
		}
		if m := englishStamp.FindString(text); m != "" {
			t.Errorf("%s in Burmese shows the English date %q", path, m)
		}
		if m := latinStamp.FindString(text); m != "" {
			t.Errorf("%s in Burmese shows the time %q in Latin digits", path, m)
		}
		_, enBody := en.Get(t, path)
		enText := shownText(parse(t, enBody))
		for _, label := range englishLabels {
			if strings.Contains(enText, label) {
				seen[label] = true
			}
		}
	}
	for _, label := range englishLabels {
		if !seen[label] {
			t.Errorf("no English page shows %q: the check for it cannot fail", label)
		}
	}
	// Dates and numbers are Burmese: the dashboard's times and counts.
	_, body := my.Get(t, "/staff")
	text := shownText(parse(t, body))
	for _, want := range []string{"ခုနှစ်", "ဒက်ရှ်ဘုတ်", "မူကြမ်းများ (၁)"} {
		if !strings.Contains(text, want) {
			t.Errorf("Burmese dashboard lacks %q", want)
		}
	}
}

// TestAccountPageChangesTheLanguage: the language chosen on the account
// page is used for every staff page of that account (Arabic right to
// left), "" goes back to the browser's language, and a language without
// messages is refused with nothing changed.
func TestAccountPageChangesTheLanguage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	u := app.User(t, auth.RoleEditor)
	s := app.SignIn(t, u)
	html := func(path string) (lang, dir string, doc *goquery.Document) {
		t.Helper()
		res, body := s.Get(t, path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		doc = parse(t, body)
		return doc.Find("html").AttrOr("lang", ""), doc.Find("html").AttrOr("dir", ""), doc
	}
	choose := func(lang string, want int) {
		t.Helper()
		res, body := s.Post(t, "/staff/account/language", url.Values{"language": {lang}})
		if res.StatusCode != want {
			t.Fatalf("choose %q: status %d, want %d\n%s", lang, res.StatusCode, want, errorsOf(body))
		}
	}
	if lang, _, doc := html("/staff/account"); lang != "en" || doc.Find("#language option[selected]").AttrOr("value", "?") != "" {
		t.Fatalf("before choosing: lang=%q, selected %q", lang, doc.Find("#language option[selected]").AttrOr("value", "?"))
	}

	choose("my", http.StatusSeeOther)
	lang, _, doc := html("/staff/account")
	if lang != "my" {
		t.Errorf("after choosing Burmese: lang=%q", lang)
	}
	if got, want := strings.TrimSpace(doc.Find("[data-testid=flash]").Text()), i18n.Messages().T("my", "staff.account.language.saved"); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if v := doc.Find("#language option[selected]").AttrOr("value", ""); v != "my" {
		t.Errorf("selected language = %q, want my", v)
	}
	for _, path := range []string{"/staff", "/staff/events", "/staff/events/new", "/staff/tokens"} {
		if lang, _, doc := html(path); lang != "my" || !strings.Contains(doc.Find("nav[aria-label]").Text(), "ဖြစ်စဉ်များ") {
			t.Errorf("%s after choosing Burmese: lang=%q, nav %q", path, lang, doc.Find("nav[aria-label]").Text())
		}
	}

	choose("ar", http.StatusSeeOther)
	if lang, dir, _ := html("/staff/events"); lang != "ar" || dir != "rtl" {
		t.Errorf("after choosing Arabic: lang=%q dir=%q, want ar rtl", lang, dir)
	}

	choose("xx", http.StatusUnprocessableEntity)
	if got, err := app.Store.User(context.Background(), u.ID); err != nil || got.Language != "ar" {
		t.Errorf("after a refused language: %q, %v; want ar kept", got.Language, err)
	}

	choose("", http.StatusSeeOther)
	if lang, dir, _ := html("/staff/events"); lang != "en" || dir != "ltr" {
		t.Errorf("after following the browser again: lang=%q dir=%q", lang, dir)
	}
	if got, _ := app.Store.User(context.Background(), u.ID); got.Language != "" {
		t.Errorf("stored language = %q, want none", got.Language)
	}
}

// TestEventFormProblemsInTheAccountsLanguage: a Burmese account that
// saves a wrong event form reads every problem, and the field it is about,
// in Burmese with Burmese digits; an English account reads the English
// sentences the API and the command line give.
func TestEventFormProblemsInTheAccountsLanguage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	my := app.SignIn(t, withLanguage(t, app, auth.RoleEditor, "my"))
	en := app.SignIn(t, app.User(t, auth.RoleEditor))
	bad := eventForm(" ", "ftp://example.org/report")
	bad.Set("start", "2021-02-30")
	bad.Set("start_time", "25:00")
	order := eventForm("Order", "https://example.org/order")
	order.Set("start", "2021-05-14")
	order.Set("end", "2020")
	long := eventForm(strings.Repeat("x", 301), "https://example.org/long")
	summary := func(s *webtest.Session, form url.Values) string {
		t.Helper()
		res, body := s.Post(t, "/staff/events", maps.Clone(form)) // Post adds its session's _csrf
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d, want 422\n%s", res.StatusCode, errorsOf(body))
		}
		doc := parse(t, body)
		return doc.Find(".error-summary").Text() + "\n" + doc.Find(".field-error").Text()
	}
	for _, tt := range []struct {
		form      url.Values
		my, en    []string
		englishes []string // what must not be left in English on the Burmese page
	}{
		{bad,
			[]string{"ခေါင်းစဉ်: ဖြည့်ရန် လိုအပ်သည်", "၂၀၂၁ ခုနှစ်၊ ဖေဖော်ဝါရီလ ၃၀ ရက် မရှိပါ",
				`ရင်းမြစ် အတန်း ၁၊ URL: "ftp://example.org/report" သည် http:// သို့မဟုတ် https:// ဖြင့် စရမည်`,
				`အချိန် "25:00" - နာရီ ၂၅ မရှိပါ (၀-၂၃)`},
			[]string{"is required", "30 February 2021 does not exist", `"ftp://example.org/report" must start with http:// or https://`,
				`time "25:00": hour 25 does not exist (0-23)`},
			[]string{"is required", "does not exist", "must start with", "Source row", "Title", "Start"}},
		{order,
			[]string{"ပြီးဆုံးရက် (၂၀၂၀ ခုနှစ်) သည် စတင်ရက် (၂၀၂၁ ခုနှစ်၊ မေလ ၁၄ ရက်) မတိုင်မီ ဖြစ်နေသည်"},
			[]string{"the end (2020) is before the start (14 May 2021)"},
			[]string{"is before the start", "End"}},
		{long,
			[]string{"စာလုံး ၃၀၁ လုံး ရှည်သည်၊ အများဆုံး ၃၀၀ လုံးသာ ရသည်"},
			[]string{"is 301 characters long; the limit is 300"},
			[]string{"characters long", "Title"}},
	} {
		got := summary(my, tt.form)
		for _, want := range tt.my {
			if !strings.Contains(got, want) {
				t.Errorf("Burmese problems lack %q:\n%s", want, got)
			}
		}
		for _, english := range tt.englishes {
			if strings.Contains(got, english) {
				t.Errorf("Burmese problems still say %q:\n%s", english, got)
			}
		}
		// Digits the person did not type are Burmese: the only Latin
		// digits left are inside the quoted input ("25:00").
		if rest := regexp.MustCompile(`"[^"]*"`).ReplaceAllString(got, ""); regexp.MustCompile(`[0-9]`).MatchString(rest) {
			t.Errorf("Burmese problems show Latin digits: %s", rest)
		}
		got = summary(en, tt.form)
		for _, want := range tt.en {
			if !strings.Contains(got, want) {
				t.Errorf("English problems lack %q:\n%s", want, got)
			}
		}
	}
}

// TestZawgyiScriptSaysThePagesWords: the script that offers to convert
// Zawgyi holds no sentence of its own; it reads them from its script
// element, which a Burmese account's pages write in Burmese.
func TestZawgyiScriptSaysThePagesWords(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../../static/js/zawgyi-check.js")
	if err != nil {
		t.Fatal(err)
	}
	code := regexp.MustCompile(`(?s)/\*.*?\*/|//[^\n]*`).ReplaceAllString(string(src), "")
	// A string literal of three words of Latin letters is a sentence.
	if m := regexp.MustCompile(`"[A-Za-z]+ [A-Za-z-]+ [A-Za-z]+[^"]*"`).FindString(code); m != "" {
		t.Errorf("zawgyi-check.js still holds the sentence %s", m)
	}
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	for _, lang := range []string{"my", "en"} {
		s := app.SignIn(t, withLanguage(t, app, auth.RoleContributor, lang))
		_, body := s.Get(t, "/staff/events/new")
		script := parse(t, body).Find(`script[src*="zawgyi-check"]`)
		for _, name := range []string{"hint", "button", "buttonlabel", "converted", "found"} {
			got := script.AttrOr("data-zawgyi-"+name, "")
			if want := i18n.Messages().T(lang, "staff.zawgyi.js."+name); got != want || got == "" {
				t.Errorf("%s: data-zawgyi-%s = %q, want %q", lang, name, got, want)
			}
		}
	}
}

// TestImportPreviewInTheAccountsLanguage: a Burmese account reads the
// preview of a file, its problems and warnings in Burmese with Burmese
// digits; an English account reads the importer's English.
func TestImportPreviewInTheAccountsLanguage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	my := app.SignIn(t, withLanguage(t, app, auth.RoleEditor, "my"))
	en := app.SignIn(t, app.User(t, auth.RoleEditor))
	for _, tt := range []struct {
		sheet     string
		my, en    []string
		englishes []string
	}{
		{badSheet, []string{"အတန်း ၃", "၁၃ လ မရှိပါ (၁-၁၂)", "ငြင်းပယ်ခံရ"},
			[]string{"Row 3, column Month", "month 13 does not exist (1-12)"},
			[]string{"Row 3", "does not exist", "column", "rejected", "no problem", "bytes"}},
		{goodSheet, []string{"ဇော်ဂျီဖြင့် ရေးထားသော မြန်မာစာနှင့် တူသည်", "ဖန်တီးမည်"},
			[]string{"looks like Zawgyi-encoded Burmese", "to create"},
			[]string{"looks like Zawgyi", "to create", "skipped", "title slide"}},
	} {
		_, _, doc := preview(t, my, "sagaing.csv", tt.sheet, map[string]string{"timeline": "sagaing-2022"})
		text := shownText(doc)
		for _, want := range tt.my {
			if !strings.Contains(text, want) {
				t.Errorf("Burmese preview lacks %q", want)
			}
		}
		for _, english := range tt.englishes {
			if strings.Contains(text, english) {
				t.Errorf("Burmese preview still says %q", english)
			}
		}
		_, _, doc = preview(t, en, "sagaing.csv", tt.sheet, map[string]string{"timeline": "sagaing-2022"})
		text = shownText(doc)
		for _, want := range tt.en {
			if !strings.Contains(text, want) {
				t.Errorf("English preview lacks %q", want)
			}
		}
	}
}

// TestAPIProblemsStayEnglish: the write API answers programs, so its
// problems are the English sentences whatever the token's account reads
// its staff pages in.
func TestAPIProblemsStayEnglish(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	my := app.SignIn(t, withLanguage(t, app, auth.RoleEditor, "my"))
	tok := newToken(t, my, "burmese account's program")
	// A program that also asks for Burmese, as a browser's fetch would.
	req, err := http.NewRequest(http.MethodPost, app.URL+eventsPath, strings.NewReader(`{"title": " ", "start": "2021-13",
		"category": "casualties", "sources": [{"url": "ftp://example.org/x", "title": "Bad"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Accept-Language", "my")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body strings.Builder
	if _, err := io.Copy(&body, res.Body); err != nil {
		t.Fatal(err)
	}
	a := struct {
		Status int
		Body   string
	}{res.StatusCode, body.String()}
	if a.Status != http.StatusUnprocessableEntity {
		t.Fatalf("%d %s, want 422", a.Status, a.Body)
	}
	for _, want := range []string{"month 13 does not exist (1-12)", "is required", `\"ftp://example.org/x\" must start with http:// or https://`} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("the API answer lacks %q: %s", want, a.Body)
		}
	}
	if regexp.MustCompile(`[\x{1000}-\x{109F}]`).MatchString(a.Body) {
		t.Errorf("the API answer has Burmese: %s", a.Body)
	}
}

// TestAppReasonsOfAccountsSettingsErasAndImports: the reasons the
// application writes for an account changed, a setting saved, an era saved
// without a reason and an import (the command line's "import FILE", the
// store's bare "import") are shown in the history list in the account's
// language, and as stored on an English page.
func TestAppReasonsOfAccountsSettingsErasAndImports(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	admin := app.User(t, auth.RoleAdmin)
	target := app.User(t, auth.RoleContributor)
	role, off, name := auth.RoleEditor, true, "Renamed"
	if _, err := app.Store.UpdateUser(ctx, admin, target.ID, timeline.UserChange{Role: &role, Disabled: &off, Name: &name}); err != nil {
		t.Fatal(err)
	}
	if err := app.Store.SetSetting(ctx, admin, "public_captures", "true"); err != nil {
		t.Fatal(err)
	}
	year := timeline.FuzzyDate{Year: 2021, Precision: timeline.PrecisionYear}
	if _, _, err := app.Store.SaveEra(ctx, admin, timeline.EraSave{Timeline: "myanmar-2021",
		Era: timeline.Era{Title: "Reasonless era", Start: year, End: year}}); err != nil {
		t.Fatal(err)
	}
	for i, reason := range []string{"import sheet.csv", ""} {
		doc := demoDoc(t)
		doc.Events = doc.Events[:1]
		doc.Events[0].Slug, doc.Events[0].Title = fmt.Sprintf("imported-%d", i), fmt.Sprintf("Imported %d", i)
		if _, err := app.Store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: reason}); err != nil {
			t.Fatal(err)
		}
	}
	my := app.SignIn(t, withLanguage(t, app, auth.RoleAdmin, "my"))
	en := app.SignIn(t, admin)
	m := i18n.Messages()
	stored := map[string]string{
		"changed: role=editor disabled=true name": m.T("my", "staff.reason.changed", strings.Join([]string{
			m.T("my", "staff.reason.changed.role", m.T("my", "staff.role.editor")),
			m.T("my", "staff.reason.changed.disabled"), m.T("my", "staff.reason.changed.name")}, m.T("my", "field.sep"))),
		"setting public_captures set to true": m.T("my", "staff.reason.setting", "public_captures", "true"),
		"created":                             m.T("my", "staff.revision.create"),
		"import sheet.csv":                    m.T("my", "staff.reason.import", "sheet.csv"),
		"import":                              m.T("my", "staff.reason.import.bare"),
	}
	enText, myText := reasonCells(t, en), reasonCells(t, my)
	for english, burmese := range stored {
		if !enText[english] {
			t.Errorf("the English history list lacks the reason %q", english)
		}
		if myText[english] {
			t.Errorf("the Burmese history list shows the reason %q in English", english)
		}
		if !myText[burmese] {
			t.Errorf("the Burmese history list lacks %q for %q", burmese, english)
		}
	}
}

// reasonCells are the reasons the history list shows s, every page of it.
func reasonCells(t *testing.T, s *webtest.Session) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	rows, _ := listedRevisions(t, s, "/staff/history")
	for _, r := range rows {
		out[strings.TrimSpace(r.Find("td:last-child").Text())] = true
	}
	return out
}

// TestRarerProblemsInTheAccountsLanguage: the problems a staff form shows
// less often (a value not one of a list, a status or visibility, a
// metric's word, a category the import does not know, the file's column
// headers) read in the account's language, and as the API's English on an
// English page, so each check below can fail.
func TestRarerProblemsInTheAccountsLanguage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	my := app.SignIn(t, withLanguage(t, app, auth.RoleEditor, "my"))
	en := app.SignIn(t, app.User(t, auth.RoleEditor))
	event := eventForm("Rare problems", "https://example.org/rare")
	event.Set("actor_role_0", "bystander")
	event.Set("cite_kind_0", "rumour")
	event.Set("fig_metric_0", "Shot Dead")
	event.Set("fig_scope_0", "weekly")
	post := func(path string, form url.Values) func(s *webtest.Session) string {
		return func(s *webtest.Session) string {
			t.Helper()
			res, body := s.Post(t, path, maps.Clone(form))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("POST %s: status %d, want 422\n%s", path, res.StatusCode, errorsOf(body))
			}
			return shownText(parse(t, body))
		}
	}
	upload := func(name, data string) func(s *webtest.Session) string {
		return func(s *webtest.Session) string {
			t.Helper()
			_, _, doc := preview(t, s, name, data, map[string]string{"timeline": "sagaing-2022"})
			return shownText(doc)
		}
	}
	for _, tt := range []struct {
		name      string
		page      func(*webtest.Session) string
		englishes []string // on the English page, never on the Burmese one
		my        []string
	}{
		{"event form", post("/staff/events", event),
			[]string{`"rumour" is not one of news, ngo_report`, `"bystander" is not one of perpetrator`,
				`"shot dead" must be a lower-case word like`, `"weekly" must be event or cumulative`},
			[]string{`"rumour" သည် news, ngo_report`, `"weekly" သည် event သို့မဟုတ် cumulative ဖြစ်ရမည်`}},
		{"metric form", post("/staff/metrics", url.Values{"slug": {"Shot Dead"}, "name": {"Shot dead"}}),
			[]string{`"Shot Dead" must be a lower-case word like "killed" or "detained" (letters, digits, _)`},
			[]string{`"Shot Dead" သည် "killed" သို့မဟုတ် "detained" ကဲ့သို့`}},
		{"sheet with an unknown group", upload("a.csv", "Year,Month,Day,Headline,Group\n2022,3,14,Village burned,weather\n"),
			[]string{`"weather" is not a known category (known categories: `, "create it first", "Create a category for each TimelineJS group"},
			[]string{`"weather" သည် သိထားသော အမျိုးအစား မဟုတ်ပါ (သိထားသော အမျိုးအစားများ - `, i18n.Messages().T("my", "staff.import.newcategories")}},
		{"CSV with a column twice", upload("b.csv", "title,start,category,title\nA,2021,casualties,B\n"),
			[]string{"the column appears twice"}, []string{"ကော်လံ နှစ်ကြိမ် ပါနေသည်"}},
		{"sheet without its columns", upload("c.csv", "headline,when\nA,2021\n"),
			[]string{"the column is missing; the TimelineJS template's headers are", "is not a column Annals reads"},
			[]string{"ကော်လံ မရှိပါ၊ TimelineJS ပုံစံ၏ ခေါင်းစဉ်များမှာ", "Annals ဖတ်သော ကော်လံ မဟုတ်ပါ"}},
		{"native CSV with a wrong status, visibility, category and latitude",
			upload("d.csv", "title,start,category,status,visibility,place,lat,lon\nA,2021,weather,lost,secret,Yangon,north,96\n"),
			[]string{`"lost" is not one of draft, in_review, published, retracted`, `"secret" must be public or internal`,
				`"weather" is not a known category`, "give its name in category_name", `"north" is not a number`},
			[]string{`"secret" သည် public သို့မဟုတ် internal ဖြစ်ရမည်`, `"north" သည် ဂဏန်း မဟုတ်ပါ`}},
	} {
		enText, myText := tt.page(en), tt.page(my)
		for _, english := range tt.englishes {
			if !strings.Contains(enText, english) {
				t.Errorf("%s: the English page lacks %q", tt.name, english)
			}
			if strings.Contains(myText, english) {
				t.Errorf("%s: the Burmese page still says %q", tt.name, english)
			}
		}
		for _, want := range tt.my {
			if !strings.Contains(myText, want) {
				t.Errorf("%s: the Burmese page lacks %q", tt.name, want)
			}
		}
	}
}

// TestWorkflowRefusalsInTheAccountsLanguage: why a step is refused (the
// reviewer's own change, work not in review, an edit that crossed another)
// reaches a Burmese reviewer in Burmese in a bulk report, and an English
// one as before.
func TestWorkflowRefusalsInTheAccountsLanguage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, lang := range []string{"my", "en"} {
		reviewer := app.SignIn(t, withLanguage(t, app, auth.RoleReviewer, lang))
		own := eventForm("Refusal check "+lang, "https://example.org/refusal-"+lang)
		own.Set("do", "submit")
		ownID := createEvent(t, reviewer, own)
		draftID := createEvent(t, reviewer, eventForm("Draft check "+lang, "https://example.org/draft-"+lang))
		res, body := reviewer.Post(t, "/staff/events/bulk", url.Values{"step": {"publish"}, "event": {
			fmt.Sprintf("%d:%s", ownID, version(t, app, ownID)), fmt.Sprintf("%d:%s", draftID, version(t, app, draftID))}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s bulk publish: %d", lang, res.StatusCode)
		}
		refused := doc(t, body).Find("[data-testid=bulk-refused]").Text()
		for _, key := range []string{"workflow.own", "workflow.publish"} {
			var english, said string
			if key == "workflow.own" {
				english, said = i18n.Messages().T("en", key), i18n.Messages().T(lang, key)
			} else {
				english = i18n.Messages().T("en", key, i18n.Messages().T("en", "staff.status.adj.draft"))
				said = i18n.Messages().T(lang, key, i18n.Messages().T(lang, "staff.status.adj.draft"))
			}
			if !strings.Contains(refused, said) {
				t.Errorf("%s: the refusal does not say %q:\n%s", lang, said, refused)
			}
			if lang != "en" && strings.Contains(refused, english) {
				t.Errorf("%s: the refusal is in English: %q", lang, english)
			}
		}
	}
}
