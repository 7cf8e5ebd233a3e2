package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"annals/internal/browsertest"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// embSquash removes all white space. Chromium wraps long titles and URLs
// over lines (a 155-character URL does not fit an A4 line), and pdftotext
// writes each line break as a newline, so text is compared without it.
func embSquash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestPrintViewPrintsToPDF prints /t/myanmar-2021/print to PDF in Chromium
// and reads the PDF's text with pdftotext: every event title and every
// source URL (and archive URL) of the demo must be in it.
func TestPrintViewPrintsToPDF(t *testing.T) {
	t.Parallel()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext is not installed: run `make test`, which installs poppler-utils")
	}
	app := webtest.Start(t, webtest.Options{})

	// The document has no navigation, no buttons, no forms.
	res, body := app.Get(t, "/t/myanmar-2021/print")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := embDoc(t, body)
	if n := d.Find("nav, button, form, header.site, footer.site, input, select").Length(); n > 0 {
		t.Errorf("the print view has %d navigation or form elements", n)
	}
	if !strings.Contains(d.Find("[data-testid=filter]").Text(), "All published events") ||
		!strings.Contains(d.Find("[data-testid=snapshot]").Text(), "data last changed") {
		t.Errorf("the print view does not say what it shows and when: %q, %q",
			d.Find("[data-testid=filter]").Text(), d.Find("[data-testid=snapshot]").Text())
	}

	ctx := browsertest.New(t, 1024, 768)
	if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+"/t/myanmar-2021/print")); err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "print.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := embSquash(string(out))

	pt, err := app.Store.PublicTimeline(context.Background(), "myanmar-2021", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	urls := map[string]bool{}
	for _, e := range pt.Events {
		if !strings.Contains(text, embSquash(e.Title)) {
			t.Errorf("the PDF lacks the title %q", e.Title)
		}
		for _, c := range e.Citations {
			urls[c.Source.URL], urls[c.Source.ArchiveURL] = true, true
		}
		for _, f := range e.Figures {
			urls[f.Source.URL], urls[f.Source.ArchiveURL] = true, true
		}
	}
	delete(urls, "")
	if len(urls) < 20 {
		t.Fatalf("fixture: only %d source URLs", len(urls))
	}
	for u := range urls {
		if !strings.Contains(text, u) {
			t.Errorf("the PDF lacks the source URL %s", u)
		}
	}
	if !strings.Contains(text, embSquash(pt.Timeline.Title)) {
		t.Error("the PDF lacks the timeline's title")
	}
	t.Logf("PDF: %d bytes, %d event titles and %d URLs found", len(pdf), len(pt.Events), len(urls))
}

// TestPrintViewKeepsTheFilter prints a filtered slice: the document says
// which, and holds only the selected events.
func TestPrintViewKeepsTheFilter(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	_, body := app.Get(t, "/t/myanmar-2021/print?category=sanctions&from=2021-04")
	d := embDoc(t, body)
	if got := d.Find("[data-testid=filter]").Text(); !strings.Contains(got, "Category: Sanctions") || !strings.Contains(got, "from April 2021") {
		t.Errorf("filter in force = %q", got)
	}
	want := embPublicTitles(t, app, func(e timeline.Event) bool {
		return e.Category.Slug == "sanctions" && e.When.Start.Compare(timeline.FuzzyDate{Year: 2021, Month: 4, Precision: timeline.PrecisionMonth}) >= 0
	})
	if got := embTitles(d); strings.Join(got, "|") != strings.Join(want, "|") || len(want) == 0 {
		t.Errorf("printed %q, want %q", got, want)
	}
	// Every citation number has its endnote.
	for _, href := range d.Find("a.cite").Map(func(_ int, s *goquery.Selection) string { v, _ := s.Attr("href"); return v }) {
		if d.Find(href).Length() != 1 {
			t.Errorf("citation %s has no endnote", href)
		}
	}
}

// TestPrintHoldsEveryEventUnderItsHeadings prints a timeline of 2,345
// events (more than one batch of the walk, and several of the writer) with
// two events known only to their year: every event once, in timeline order,
// each in the section of its year, under the heading of its month (the
// year-only ones before any month of their year), each year one section,
// every citation with its endnote, and the chain head at the end.
func TestPrintHoldsEveryEventUnderItsHeadings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	if _, err := app.Store.Pool().Exec(ctx, scaleData(2345)); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.Pool().Exec(ctx, `
WITH e AS (
  INSERT INTO events (slug, title, summary, start_date, start_precision, category_id, status, visibility)
  SELECT 'year-only-' || i, 'Known only to the year ' || i, 'A year-precision event.', date '2005-01-01', 'year',
         (SELECT id FROM categories WHERE slug = 'c1'), 'published', 'public'
  FROM generate_series(1, 2) i
  RETURNING id)
INSERT INTO timeline_events (timeline_id, event_id) SELECT (SELECT id FROM timelines WHERE slug = 'scale'), id FROM e`); err != nil {
		t.Fatal(err)
	}
	app.Sync(t)
	pt, err := app.Store.PublicTimeline(ctx, "scale", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(pt.Events) != 2347 {
		t.Fatalf("the timeline holds %d events", len(pt.Events))
	}
	res, body := app.Get(t, "/t/scale/print")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	d := embDoc(t, body)
	articles := d.Find("article.event")
	if articles.Length() != len(pt.Events) {
		t.Fatalf("printed %d events, want %d", articles.Length(), len(pt.Events))
	}
	if n := d.Find("section.year").Length(); n != d.Find("section.year > h2").Length() {
		t.Errorf("%d year sections but %d year headings", n, d.Find("section.year > h2").Length())
	}
	years := map[string]int{}
	d.Find("section.year > h2").Each(func(_ int, h *goquery.Selection) { years[h.Text()]++ })
	for y, n := range years {
		if n != 1 {
			t.Errorf("year %s has %d sections, want one", y, n)
		}
	}
	articles.Each(func(i int, a *goquery.Selection) {
		e := pt.Events[i]
		if id, _ := a.Attr("id"); id != e.Slug {
			t.Fatalf("event %d printed is %q, want %q (timeline order)", i, id, e.Slug)
		}
		start := e.When.Start
		if got := a.Closest("section.year").ChildrenFiltered("h2").Text(); got != timeline.YearText(start.Year) {
			t.Errorf("%s (%s) is in the section of year %q", e.Slug, start, got)
		}
		month := a.PrevAllFiltered("h3.month").First()
		if start.Precision == timeline.PrecisionYear {
			if month.Length() != 0 || a.Find("h3.event-title").Length() != 1 {
				t.Errorf("%s, known only to its year, is under the month %q or its title is not one level up", e.Slug, month.Text())
			}
			return
		}
		want := timeline.FuzzyDate{Year: start.Year, Month: start.Month, Precision: timeline.PrecisionMonth}
		if id, _ := month.Attr("id"); id != fmt.Sprintf("m%d-%02d", want.Year, int(want.Month)) {
			t.Errorf("%s (%s) is under the month heading %q", e.Slug, start, id)
		}
	})
	for _, href := range d.Find("a.cite").Map(func(_ int, s *goquery.Selection) string { v, _ := s.Attr("href"); return v }) {
		if d.Find(href).Length() != 1 {
			t.Fatalf("citation %s has no endnote", href)
		}
	}
	if d.Find("[data-testid=chain-head]").Length() != 1 || d.Find("[data-testid=cut]").Length() != 0 {
		t.Error("the printout does not end with the chain head, or says it was cut")
	}
	if got := d.Find("[data-testid=filter]").Text(); !strings.Contains(got, "2,347") && !strings.Contains(got, "2347") {
		t.Errorf("the printout counts %q, want 2347 events", got)
	}
}
