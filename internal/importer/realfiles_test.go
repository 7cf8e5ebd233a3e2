package importer_test

import (
	"fmt"
	"strings"
	"testing"

	"annals/internal/importer"
	"annals/internal/timeline"
)

// Files as Knight Lab's own examples write them, and as Google Sheets saves
// the template, import as they are.

// warned reports whether a warning at row and column contains text.
func warned(rep *importer.Report, row int, column, text string) bool {
	for _, w := range rep.Warnings {
		if w.Row == row && w.Column == column && strings.Contains(w.Message, text) {
			return true
		}
	}
	return false
}

func TestDetectNativeOnlyByTopLevelFormat(t *testing.T) {
	t.Parallel()
	cases := map[string]importer.Format{
		// A TimelineJS date may carry a display "format".
		`{"events":[{"start_date":{"year":"2021","format":"yyyy"},"text":{"headline":"A"}}]}`: importer.FormatTimelineJS,
		`{"title":{"text":{"headline":"annals/v1"}},"events":[]}`:                             importer.FormatTimelineJS,
		`{"timeline":{"slug":"a"},"events":[],"format":"annals/v1"}`:                          importer.FormatNative,
		`{"format": "annals/v1", "timeline": {}}`:                                             importer.FormatNative,
		`{"format": "annals/v1", broken`:                                                      importer.FormatNative,
	}
	for data, want := range cases {
		got, err := importer.Detect("x.json", []byte(data))
		if err != nil || got != want {
			t.Errorf("Detect(%s) = %q, %v; want %q", data, got, err, want)
		}
	}
	if got, _ := importer.Detect("knightlab.json", read(t, "knightlab.json")); got != importer.FormatTimelineJS {
		t.Errorf("Knight Lab's example is detected as %q", got)
	}
}

func TestKnightLabExampleImports(t *testing.T) {
	t.Parallel()
	doc, rep, err := importer.Parse("houston.json", read(t, "knightlab.json"), importer.Options{NewCategories: true})
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	if len(doc.Events) != 6 {
		t.Fatalf("got %d events, want 6", len(doc.Events))
	}
	byTitle := map[string]timeline.Event{}
	for _, e := range doc.Events {
		byTitle[e.Title] = e
	}
	source := func(title string) timeline.Source {
		t.Helper()
		e := byTitle[title]
		if len(e.Citations) != 1 {
			t.Fatalf("%q has %d sources, want 1", title, len(e.Citations))
		}
		return e.Citations[0].Source
	}

	// A site-relative media URL is left out with a warning; its caption
	// and credit are kept, the credit's <br> as a separator.
	fam := source("A Musical Heritage")
	if fam.URL != "" || fam.Publisher != "Cissy Houston photo: Tom Marcello; Dionne Warwick: CBS Television via Wikimedia Commons" {
		t.Errorf("family source = %+v", fam)
	}
	if !warned(rep, 1, "media.url", "/static/img/examples/houston/family.jpg") {
		t.Errorf("no warning for the site-relative URL: %v", rep.Warnings)
	}
	// Protocol-relative URLs become https.
	if got := source("Réka Szabó's first album").URL; got != "https://upload.wikimedia.org/wikipedia/commons/2/2f/Whitney_Houston_1985.jpg" {
		t.Errorf("protocol-relative URL became %q", got)
	}
	// An embed code keeps its link, with a warning.
	if got := source("Tributes pour in").URL; got != "https://twitter.com/KnightLab/status/168120022404521985?ref_src=twsrc%5Etfw" {
		t.Errorf("tweet embed became %q", got)
	}
	if got := source("The Bodyguard").URL; got != "https://www.youtube.com/embed/3JWTaaS7LdU" {
		t.Errorf("iframe embed became %q", got)
	}
	if !warned(rep, 3, "media.url", "embed code") || !warned(rep, 4, "media.url", "embed code") {
		t.Errorf("no warning for the embed codes: %v", rep.Warnings)
	}
	// Accented letters keep their letters in the slug.
	if got := byTitle["Réka Szabó's first album"].Slug; got != "reka-szabo-s-first-album" {
		t.Errorf("slug = %q", got)
	}
	// Years before 1000 and before the common era.
	if got := byTitle["A year with three digits"].When.Start; got.Year != 602 || got.Format() != "602" {
		t.Errorf("year 602 = %+v (%s)", got, got.Format())
	}
	bce := byTitle["Before the common era"].When
	if bce.Start.Format() != "500 BCE" || bce.End.Format() != "400 BCE" {
		t.Errorf("BCE range = %s - %s", bce.Start.Format(), bce.End.Format())
	}
	// Nothing dropped silently: the title slide's media and background,
	// the media links.
	for _, w := range []struct{ column, text string }{
		{"title.media.url", "flickr.com/photos/tm_10001/2310475988"},
		{"title.background", "not kept"},
		{"media.link", "rows 2"},
	} {
		if !warned(rep, 0, w.column, w.text) {
			t.Errorf("no warning on %s containing %q:\n%s", w.column, w.text, strings.Join(strings.Split(fmt.Sprint(rep.Warnings), "} {"), "\n"))
		}
	}
}

func TestYearsTimelineJSAccepts(t *testing.T) {
	t.Parallel()
	sheet := "Year,Month,Day,Headline,Group\n" +
		"\"2,020\",3.0,7.0,Thousands separator,political\n" +
		"602,,,Three digits,political\n" +
		"-500,,,Before the common era,political\n" +
		"\"-2,500,000\",,,Geological,political\n" +
		"0,,,Year zero,political\n"
	_, rep, err := importer.Parse("years.csv", []byte(sheet), known)
	if err == nil {
		t.Fatal("a geological year was accepted")
	}
	checkProblems(t, rep, []want{
		{5, "Year", "4713 BCE"},
		{6, "Year", "year 0"},
	})
	ok := strings.Replace(strings.Replace(sheet, "\"-2,500,000\",,,Geological,political\n", "", 1), "0,,,Year zero,political\n", "", 1)
	doc, _, err := importer.Parse("years.csv", []byte(ok), known)
	if err != nil {
		t.Fatalf("refused: %v", err)
	}
	var got []string
	for _, e := range doc.Events {
		got = append(got, e.When.Start.Format())
	}
	if want := "[7 March 2020 602 500 BCE]"; fmt.Sprint(got) != want {
		t.Errorf("dates = %v, want %s", got, want)
	}
	if doc.Events[2].When.Start.Compare(doc.Events[1].When.Start) >= 0 {
		t.Error("500 BCE does not sort before 602")
	}
}

func TestUnknownGroupNamesTheSwitchThatCreatesIt(t *testing.T) {
	t.Parallel()
	sheet := "Year,Headline,Group\n2021,A,Weather\n2021,B,\n"
	_, rep, _ := importer.Parse("s.csv", []byte(sheet), known)
	checkProblems(t, rep, []want{
		{2, "Group", "-new-categories"},
		{3, "Group", "-category"},
	})
	msgs := fmt.Sprint(rep.Problems)
	for _, label := range []string{"Create a category for each TimelineJS group that is not one yet", "Category of rows with no group"} {
		if !strings.Contains(msgs, label) {
			t.Errorf("the problems do not name the upload page's %q: %s", label, msgs)
		}
	}
}

func TestTitleRowBackgroundIsListed(t *testing.T) {
	t.Parallel()
	sheet := "Year,Headline,Text,Media,Type,Group,Background\n" +
		",My timeline,Intro,https://example.org/cover.jpg,title,,#000000\n" +
		"2021,A,,,,political,\n"
	_, rep, err := importer.Parse("s.csv", []byte(sheet), known)
	if err != nil {
		t.Fatal(err)
	}
	if !warned(rep, 0, "Background", "rows 2") || !warned(rep, 2, "Media", "example.org/cover.jpg") {
		t.Errorf("the title row's background and media are not listed: %v", rep.Warnings)
	}
}

func TestUnknownTimelineJSFieldsAreListed(t *testing.T) {
	t.Parallel()
	data := `{"scale":"cosmological","events":[{"start_date":{"year":2021},"text":{"headline":"A"},"group":"political","location":{"lat":1}}]}`
	_, rep, err := importer.Parse("t.json", []byte(data), known)
	if err != nil {
		t.Fatal(err)
	}
	if !warned(rep, 0, "location", "rows 1") || !warned(rep, 0, "scale", "cosmological") {
		t.Errorf("unknown fields are not listed: %v", rep.Warnings)
	}
}
