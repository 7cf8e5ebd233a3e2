package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/i18n"
	"annals/internal/webtest"
)

// msg is an interface message from the catalogue, the file a translator
// edits, not from the page under test.
func msg(lang, key string, args ...any) string { return i18n.Messages().T(lang, key, args...) }

// publicPage is a public page and a message it must show, by key.
type publicPage struct {
	path string
	key  string
	// dates: the page shows event dates, each of which must be written in
	// the language's digits and month names.
	dates bool
}

func publicPages(t *testing.T) []publicPage {
	first := demoDoc(t).Events[0].Slug
	return []publicPage{
		{"/", "home.heading", false},
		{"/t/myanmar-2021", "filter.summary", true},
		{"/t/myanmar-2021/e/" + first, "event.category", true},
		{"/search?q=coup", "search.words", true},
		{"/t/myanmar-2021/search?q=military", "search.narrow", false},
		{"/t/myanmar-2021/print", "print.snapshot", true},
		{"/sources/1", "source.citing", false},
		{"/embed/t/myanmar-2021", "embed.open", true},
		{"/embed/t/myanmar-2021/e/" + first, "embed.open", true},
		{"/embed/t/myanmar-2021?view=chart&metric=killed", "chart.asof", false},
		{"/t/myanmar-2021/embed", "embed.intro", false},
		{"/no-such-page", "error.notfound", false},
	}
}

var asciiDigit = regexp.MustCompile(`[0-9]`)

// TestPublicPagesInBurmese: with Accept-Language: my every public page is
// in Burmese: lang="my" on <html>, the page's interface strings from
// my.json, the chrome (skip link, switcher), and dates in Burmese digits
// and month names.
func TestPublicPagesInBurmese(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, p := range publicPages(t) {
		res, body := app.Get(t, p.path, "Accept-Language", "my-MM,my;q=0.9,en;q=0.5")
		if p.path == "/no-such-page" {
			if res.StatusCode != http.StatusNotFound {
				t.Fatalf("%s: %d", p.path, res.StatusCode)
			}
		} else if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d\n%s", p.path, res.StatusCode, body)
		}
		doc := parse(t, body)
		if lang := doc.Find("html").AttrOr("lang", ""); lang != "my" {
			t.Errorf("%s: <html lang=%q>, want my", p.path, lang)
		}
		if dir := doc.Find("html").AttrOr("dir", ""); dir != "ltr" {
			t.Errorf("%s: dir=%q, want ltr", p.path, dir)
		}
		text := doc.Text()
		if want := msg("my", p.key); !strings.Contains(text, want) {
			t.Errorf("%s: no Burmese %s (%q)", p.path, p.key, want)
		}
		if strings.Contains(text, msg("en", p.key)) {
			t.Errorf("%s: still shows the English %s (%q)", p.path, p.key, msg("en", p.key))
		}
		dates := doc.Find("[data-testid=event-date], h3.month, section.year > h2, .hit time, [data-testid=chart-row] time, [data-testid=snapshot], .sources .date")
		if p.dates && dates.Length() == 0 {
			t.Errorf("%s: no dates found", p.path)
		}
		dates.Each(func(_ int, s *goquery.Selection) {
			d := s.Text()
			if asciiDigit.MatchString(d) || !strings.ContainsAny(d, "၀၁၂၃၄၅၆၇၈၉") {
				t.Errorf("%s: date %q is not in Burmese digits", p.path, d)
			}
			for m := 1; m <= 12; m++ {
				if strings.Contains(d, i18n.MonthName("en", m)) {
					t.Errorf("%s: date %q has an English month name", p.path, d)
				}
			}
		})
	}
}

// TestTimelineInBurmeseWritesCountsAndMonths checks the timeline's
// headings and count against the catalogue and i18n's month names.
func TestTimelineInBurmeseWritesCountsAndMonths(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	_, body := app.Get(t, "/t/myanmar-2021", "Accept-Language", "my")
	doc := parse(t, body)
	n := len(demoDoc(t).Events)
	if got, want := doc.Find("[data-testid=count]").Text(), msg("my", "home.events", n); got != want {
		t.Errorf("count = %q, want %q", got, want)
	}
	if got := doc.Find("#y2021").Text(); got != "၂၀၂၁" {
		t.Errorf("year heading = %q, want ၂၀၂၁", got)
	}
	feb := doc.Find("#m2021-02").Text()
	if !strings.Contains(feb, i18n.MonthName("my", 2)) || !strings.Contains(feb, "၂၀၂၁") {
		t.Errorf("February heading = %q", feb)
	}
	// Skip link, tagline and footer come from my.json too.
	for _, key := range []string{"site.skip", "site.tagline", "site.footer", "timeline.sources"} {
		if !strings.Contains(doc.Text(), msg("my", key)) {
			t.Errorf("no Burmese %s", key)
		}
	}
	// A date the filter cannot read is explained in Burmese.
	_, body = app.Get(t, "/t/myanmar-2021?from=bad", "Accept-Language", "my")
	want := msg("my", "filter.error.date", msg("my", "filter.from"), "bad", msg("my", "filter.hint"))
	if got := parse(t, body).Find(".form-errors li").Text(); got != want {
		t.Errorf("filter problem = %q, want %q", got, want)
	}
	// The timeline's content is English: its title says so.
	if lang := doc.Find("h1").AttrOr("lang", ""); lang != "en" {
		t.Errorf("English title on a Burmese page has lang=%q, want en", lang)
	}
}

// TestArabicInterfaceIsRightToLeft: Accept-Language: ar gives dir="rtl"
// on every public page.
func TestArabicInterfaceIsRightToLeft(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, p := range publicPages(t) {
		_, body := app.Get(t, p.path, "Accept-Language", "ar")
		doc := parse(t, body)
		h := doc.Find("html")
		if h.AttrOr("lang", "") != "ar" || h.AttrOr("dir", "") != "rtl" {
			t.Errorf("%s: <html lang=%q dir=%q>, want ar rtl", p.path, h.AttrOr("lang", ""), h.AttrOr("dir", ""))
		}
		if want := msg("ar", p.key); !strings.Contains(doc.Text(), want) {
			t.Errorf("%s: no Arabic %s (%q)", p.path, p.key, want)
		}
	}
}

// TestLanguageChoiceOrder: the cookie beats Accept-Language; an embed's
// ?lang= beats both; an unknown language falls back to English; the staff
// sign-in page chooses as public pages do, and takes ?lang= too.
func TestLanguageChoiceOrder(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	langOf := func(path string, header ...string) string {
		t.Helper()
		_, body := app.Get(t, path, header...)
		return parse(t, body).Find("html").AttrOr("lang", "")
	}
	cases := []struct {
		name, path string
		header     []string
		want       string
	}{
		{"nothing", "/t/myanmar-2021", nil, "en"},
		{"accept-language", "/t/myanmar-2021", []string{"Accept-Language", "fr, my;q=0.8"}, "my"},
		{"unknown language", "/t/myanmar-2021", []string{"Accept-Language", "fr, de"}, "en"},
		{"cookie beats accept-language", "/t/myanmar-2021", []string{"Accept-Language", "my", "Cookie", "lang=ar"}, "ar"},
		{"bad cookie ignored", "/t/myanmar-2021", []string{"Accept-Language", "my", "Cookie", "lang=xx"}, "my"},
		{"embed lang beats cookie", "/embed/t/myanmar-2021?lang=my", []string{"Accept-Language", "en", "Cookie", "lang=ar"}, "my"},
		{"embed without lang follows reader", "/embed/t/myanmar-2021", []string{"Accept-Language", "ar"}, "ar"},
		{"lang query ignored off embeds", "/t/myanmar-2021?lang=my", []string{"Accept-Language", "en"}, "en"},
		{"sign-in follows the reader", "/staff/login", []string{"Accept-Language", "my", "Cookie", "lang=ar"}, "ar"},
		{"sign-in lang beats cookie", "/staff/login?lang=my", []string{"Accept-Language", "en", "Cookie", "lang=ar"}, "my"},
		{"sign-in accept-language", "/staff/login", []string{"Accept-Language", "my"}, "my"},
	}
	for _, c := range cases {
		if got := langOf(c.path, c.header...); got != c.want {
			t.Errorf("%s: lang=%q, want %q", c.name, got, c.want)
		}
	}
	// An embed sets no cookie, even with ?lang=.
	res, _ := app.Get(t, "/embed/t/myanmar-2021?lang=my")
	if len(res.Cookies()) > 0 {
		t.Errorf("embed set cookies: %v", res.Cookies())
	}
}

// TestSwitcherRemembersAndComesBack follows the switcher link on a
// filtered timeline: it sets the cookie and returns to the same page with
// its query, now in Burmese.
func TestSwitcherRemembersAndComesBack(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	const page = "/t/myanmar-2021?category=casualties"
	_, body := app.Get(t, page)
	doc := parse(t, body)
	sw := doc.Find("[data-testid=lang-switch] a")
	if sw.Length() != len(i18n.Messages().Languages()) {
		t.Fatalf("%d switcher links, want one per language", sw.Length())
	}
	cur := doc.Find("[data-testid=lang-switch] a[aria-current]")
	if cur.Length() != 1 || cur.AttrOr("lang", "") != "en" || strings.TrimSpace(cur.Text()) != "English" {
		t.Errorf("current language link: %d, lang=%q %q", cur.Length(), cur.AttrOr("lang", ""), cur.Text())
	}
	link := doc.Find(`[data-testid=lang-switch] a[lang=my]`)
	if strings.TrimSpace(link.Text()) != msg("my", "language.name") {
		t.Errorf("Burmese is labelled %q, want its own name", link.Text())
	}
	href := link.AttrOr("href", "")
	res, _ := app.Get(t, href)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("GET %s: %d, want 303", href, res.StatusCode)
	}
	if loc := res.Header.Get("Location"); loc != page {
		t.Errorf("switcher went to %q, want back to %q", loc, page)
	}
	var ck *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "lang" {
			ck = c
		}
	}
	if ck == nil || ck.Value != "my" || ck.Path != "/" || ck.SameSite != http.SameSiteLaxMode || ck.MaxAge < 360*24*3600 {
		t.Fatalf("lang cookie = %+v, want my, Path=/, SameSite=Lax, a year", ck)
	}
	_, body = app.Get(t, res.Header.Get("Location"), "Cookie", "lang="+ck.Value)
	doc = parse(t, body)
	if doc.Find("html").AttrOr("lang", "") != "my" {
		t.Error("the page after switching is not in Burmese")
	}
	if !doc.Find(`input[name=category][value=casualties]`).Is("[checked]") {
		t.Error("the filter was lost on the way back")
	}
	if doc.Find("[data-testid=lang-switch] a[aria-current]").AttrOr("lang", "") != "my" {
		t.Error("the switcher does not mark Burmese as current")
	}

	// An unknown language is a 404 page.
	if res, _ := app.Get(t, "/lang/xx?next=/"); res.StatusCode != http.StatusNotFound {
		t.Errorf("/lang/xx: %d, want 404", res.StatusCode)
	}
}

// TestSwitcherRefusesOpenRedirects: next must be a path on this site.
func TestSwitcherRefusesOpenRedirects(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, next := range []string{
		"https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
		"javascript:alert(1)", "evil.example", "/\r\nLocation: https://evil.example", "/\tevil", " //evil.example",
		"http:/evil.example", "///evil.example",
	} {
		res, _ := app.Get(t, "/lang/ar?next="+url.QueryEscape(next))
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("next=%q: %d", next, res.StatusCode)
			continue
		}
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("next=%q: redirected to %q, want /", next, loc)
		}
	}
	res, _ := app.Get(t, "/lang/ar?next="+url.QueryEscape("/search?q=a&category=b#x"))
	if loc := res.Header.Get("Location"); loc != "/search?q=a&category=b#x" {
		t.Errorf("a local next was changed to %q", loc)
	}
}

// TestCachingVariesByLanguage: the ETag covers the language, responses say
// they vary by Accept-Language and Cookie, and a 304 is never given for
// another language's copy.
func TestCachingVariesByLanguage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{"/", "/t/myanmar-2021", "/t/myanmar-2021/print", "/embed/t/myanmar-2021"} {
		en, _ := app.Get(t, path, "Accept-Language", "en")
		my, _ := app.Get(t, path, "Accept-Language", "my")
		ar, _ := app.Get(t, path, "Cookie", "lang=ar")
		etEn, etMy, etAr := en.Header.Get("ETag"), my.Header.Get("ETag"), ar.Header.Get("ETag")
		if etEn == "" || etMy == "" || etEn == etMy || etAr == etEn || etAr == etMy {
			t.Errorf("%s: ETags en %q my %q ar %q, want three different", path, etEn, etMy, etAr)
		}
		vary := strings.Join(my.Header.Values("Vary"), ",")
		if !strings.Contains(vary, "Accept-Language") || !strings.Contains(vary, "Cookie") {
			t.Errorf("%s: Vary %q, want Accept-Language and Cookie", path, vary)
		}
		// The English copy's tag does not validate the Burmese page.
		res, body := app.Get(t, path, "Accept-Language", "my", "If-None-Match", etEn)
		if res.StatusCode != http.StatusOK || parse(t, body).Find("html").AttrOr("lang", "") != "my" {
			t.Errorf("%s: Burmese request with the English ETag got %d", path, res.StatusCode)
		}
		// Its own tag does.
		if res, _ := app.Get(t, path, "Accept-Language", "my", "If-None-Match", etMy); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s: Burmese request with its own ETag got %d, want 304", path, res.StatusCode)
		}
	}
	// Data is the same in every language: one ETag, no Vary on language.
	enJSON, _ := app.Get(t, "/t/myanmar-2021.json", "Accept-Language", "en")
	myJSON, _ := app.Get(t, "/t/myanmar-2021.json", "Accept-Language", "my")
	if enJSON.Header.Get("ETag") == "" || enJSON.Header.Get("ETag") != myJSON.Header.Get("ETag") ||
		strings.Contains(strings.Join(myJSON.Header.Values("Vary"), ","), "Accept-Language") {
		t.Errorf("timeline JSON: ETags %q / %q, Vary %q", enJSON.Header.Get("ETag"), myJSON.Header.Get("ETag"), myJSON.Header.Values("Vary"))
	}
	// An embed with ?lang= is decided by its URL alone.
	res, _ := app.Get(t, "/embed/t/myanmar-2021?lang=my", "Accept-Language", "ar")
	if strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Language") {
		t.Errorf("embed with ?lang= varies by Accept-Language: %q", res.Header.Values("Vary"))
	}
}

// Category, actor and place names are not translated: on a Burmese page
// they keep the timeline's language, so a screen reader reads them in
// English, while the labels beside them are Burmese.
func TestCatalogueNamesKeepTheTimelinesLanguage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{"/t/myanmar-2021", "/t/myanmar-2021/e/coup", "/t/myanmar-2021/print"} {
		_, body := app.Get(t, path, "Accept-Language", "my")
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		coup := doc.Find("#coup")
		if coup.Length() == 0 {
			t.Fatalf("%s: no #coup event", path)
		}
		for _, name := range []string{"Coup and political power", "Naypyidaw", "Min Aung Hlaing"} {
			el := coup.Find("*").FilterFunction(func(_ int, s *goquery.Selection) bool {
				return s.Children().Length() == 0 && strings.Contains(s.Text(), name)
			}).First()
			if el.Length() == 0 {
				t.Errorf("%s: %q is not in the coup event", path, name)
				continue
			}
			lang := ""
			for n := el; n.Length() > 0 && lang == ""; n = n.Parent() {
				lang, _ = n.Attr("lang")
			}
			if lang != "en" {
				t.Errorf("%s: %q is marked %q, want en (the timeline's language)", path, name, lang)
			}
		}
	}
}

// A search's problems are explained in the reader's language.
func TestSearchProblemsInBurmese(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	_, body := app.Get(t, "/search?q=coup&from=2021-13&page=abc", "Accept-Language", "my")
	errs := strings.TrimSpace(parse(t, body).Find("[data-testid=search-errors]").Text())
	for _, want := range []string{
		msg("my", "filter.error.date", msg("my", "filter.from"), "2021-13", msg("my", "filter.hint")),
		msg("my", "search.error.page", "abc", 200),
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("Burmese search problems %q lack %q", errs, want)
		}
	}
	if strings.Contains(errs, "is not") {
		t.Errorf("Burmese search problems are in English: %q", errs)
	}
	_, body = app.Get(t, "/search?q=coup&from=2021-13&page=abc", "Accept-Language", "en")
	if errs := parse(t, body).Find("[data-testid=search-errors]").Text(); !strings.Contains(errs, "from") || !strings.Contains(errs, `"abc" is not a page number`) {
		t.Errorf("English search problems: %q", errs)
	}
}

// The embed chooser explains a date it cannot read in the reader's language.
func TestEmbedChooserProblemsInBurmese(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	_, body := app.Get(t, "/t/myanmar-2021/embed?to=2021-02-30", "Accept-Language", "my")
	errs := strings.TrimSpace(parse(t, body).Find(".form-errors").Text())
	want := msg("my", "filter.error.date", msg("my", "filter.to"), "2021-02-30", msg("my", "filter.hint"))
	if !strings.Contains(errs, want) || strings.Contains(errs, "does not") || strings.Contains(errs, " is not") {
		t.Errorf("Burmese embed chooser problems %q; want %q and no English", errs, want)
	}
}
