package web_test

import (
	"context"
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
