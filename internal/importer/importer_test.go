package importer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"annals/internal/importer"
	"annals/internal/timeline"
)

var known = importer.Options{
	Categories: []timeline.Category{{Slug: "political", Name: "Coup and political power"}},
	Timeline:   timeline.Timeline{Slug: "test"},
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

type want struct {
	row    int
	column string
	text   string // a part of the message
}

// checkProblems asserts that the report has exactly the wanted problems.
func checkProblems(t *testing.T, rep *importer.Report, wants []want) {
	t.Helper()
	if len(rep.Problems) != len(wants) {
		t.Errorf("got %d problems, want %d:", len(rep.Problems), len(wants))
		for _, p := range rep.Problems {
			t.Logf("  %s", p)
		}
	}
	for _, w := range wants {
		found := false
		for _, p := range rep.Problems {
			if p.Row == w.row && p.Column == w.column && strings.Contains(p.Message, w.text) {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem at row %d, column %q containing %q", w.row, w.column, w.text)
		}
	}
}

func TestEveryKindOfProblemIsReportedWithRowAndColumn(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file   string
		format importer.Format
		wants  []want
		fine   int // the row that has no problem
	}{
		{"problems.csv", importer.FormatCSV, []want{
			{2, "title", "is required"},
			{3, "start", "month 13 does not exist"},
			{4, "start", `"abcd"`},
			{5, "sources", "javascript:alert(1)"},
			{6, "category", `"weather" is not a known category`},
		}, 7},
		{"sheet-problems.csv", importer.FormatTimelineSheet, []want{
			{2, "Headline", "is required"},
			{3, "Month", "month 13 does not exist"},
			{4, "Year", `"twenty" is not a year`},
			{5, "Media", "javascript:alert(1)"},
			{6, "Group", `"Weather" is not a known category`},
		}, 7},
		{"timeline-problems.json", importer.FormatTimelineJS, []want{
			{1, "text.headline", "is required"},
			{2, "start_date.month", "month 13 does not exist"},
			{3, "start_date.year", `"twenty" is not a year`},
			{4, "media.url", "javascript:alert(1)"},
			{5, "group", `"Weather" is not a known category`},
		}, 6},
		{"native-problems.json", importer.FormatNative, []want{
			{1, "title", "is required"},
			{2, "start", "month 13 does not exist"},
			{3, "start", `"abcd"`},
			{4, "sources[0].url", "javascript:alert(1)"},
			{5, "category", `"weather" is not a category of this file`},
		}, 6},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			doc, rep, err := importer.Parse(tc.file, read(t, tc.file), known)
			if err == nil {
				t.Fatal("a file with problems parsed without error")
			}
			if _, ok := err.(*timeline.ValidationError); !ok {
				t.Errorf("error is %T, want *timeline.ValidationError", err)
			}
			if len(doc.Events) != 0 {
				t.Errorf("a file with problems returned %d events; it must return none", len(doc.Events))
			}
			if rep.Format != tc.format {
				t.Errorf("format = %q, want %q", rep.Format, tc.format)
			}
			checkProblems(t, rep, tc.wants)
			if tc.format == importer.FormatNative {
				return // a native file with problems is not read row by row
			}
			for _, r := range rep.Rows {
				wantOutcome := importer.OutcomeRejected
				if r.Row == tc.fine {
					wantOutcome = importer.OutcomeValid
				}
				if r.Outcome != wantOutcome {
					t.Errorf("row %d outcome = %s, want %s", r.Row, r.Outcome, wantOutcome)
				}
			}
		})
	}
}

func TestNativeCSV(t *testing.T) {
	t.Parallel()
	doc, rep, err := importer.Parse("myanmar.csv", read(t, "events.csv"), importer.Options{})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if rep.Format != importer.FormatCSV || !rep.FileStatus {
		t.Errorf("format %s, file status %v; want annals-csv with the file's status", rep.Format, rep.FileStatus)
	}
	if doc.Timeline.Slug != "myanmar" || doc.Timeline.Title != "Myanmar" {
		t.Errorf("timeline = %q %q, want it named after the file", doc.Timeline.Slug, doc.Timeline.Title)
	}
	if len(doc.Events) != 3 {
		t.Fatalf("got %d events, want 3", len(doc.Events))
	}
	coup, protests, toll := doc.Events[0], doc.Events[1], doc.Events[2]
	if coup.When.Start.String() != "2021-02-01" || protests.When.Start.Precision != timeline.PrecisionMonth ||
		protests.When.End.String() != "2021-03" || toll.When.Start.Precision != timeline.PrecisionYear {
		t.Errorf("dates: %s, %s-%s, %s", coup.When.Start, protests.When.Start, protests.When.End, toll.When.Start)
	}
	if !strings.Contains(coup.Summary, "\n\n- Internet cut\n- Roads closed") {
		t.Errorf("summary lost its lines: %q", coup.Summary)
	}
	if len(coup.Actors) != 2 || coup.Actors[0].Actor.Name != "Myanmar military" || coup.Actors[0].Role != "perpetrator" {
		t.Errorf("actors = %+v", coup.Actors)
	}
	if coup.Place.Lat == nil || *coup.Place.Lat != 19.76 || coup.Place.Country != "MM" {
		t.Errorf("place = %+v", coup.Place)
	}
	if coup.Status != timeline.StatusPublished || protests.Status != timeline.StatusDraft {
		t.Errorf("statuses = %s, %s", coup.Status, protests.Status)
	}
	if len(protests.Citations) != 2 {
		t.Fatalf("protests has %d sources, want 2", len(protests.Citations))
	}
	if s := protests.Citations[0].Source; s.Title != "Protests | strikes spread" || s.Published.String() != "2021-02" {
		t.Errorf("escaped | lost: %+v", s)
	}
	if c := protests.Citations[1]; !c.Source.Confidential || c.Source.URL != "" || c.Locator != "p. 3" || c.Source.Kind != "testimony" {
		t.Errorf("second source = %+v", c)
	}
	if len(toll.Figures) != 2 {
		t.Fatalf("toll has %d figures, want 2", len(toll.Figures))
	}
	f0, f1 := toll.Figures[0], toll.Figures[1]
	if f0.Value != 1375 || f0.Qualifier != timeline.QualifierAtLeast || f0.Source.Title != "AAPP count" || f0.Source.Kind != "ngo_report" {
		t.Errorf("figure 0 = %+v (its source must be the cited one)", f0)
	}
	if f1.Source.Title != "Other count" || f1.Attribution != "Other NGO (citing AAPP)" || f1.AsOf.String() != "2021-12" {
		t.Errorf("figure 1 = %+v", f1)
	}
	cats := map[string]string{}
	for _, c := range doc.Categories {
		cats[c.Slug] = c.Name
	}
	if len(cats) != 3 || cats["protest"] != "Protests" {
		t.Errorf("categories = %v", cats)
	}
	if err := doc.Validate(); err != nil {
		t.Errorf("document does not validate: %v", err)
	}
}

func TestSheetImportsTheSameInAnyColumnOrder(t *testing.T) {
	t.Parallel()
	doc, rep, err := importer.Parse("sheet.csv", read(t, "sheet.csv"), known)
	if err != nil {
		t.Fatalf("template order: %v", err)
	}
	doc2, rep2, err := importer.Parse("sheet.csv", read(t, "sheet-reordered.csv"), known)
	if err != nil {
		t.Fatalf("other order: %v", err)
	}
	if !reflect.DeepEqual(doc, doc2) {
		t.Errorf("documents differ:\ntemplate order %+v\nother order    %+v", doc, doc2)
	}
	if !reflect.DeepEqual(rep.Rows, rep2.Rows) || len(rep.Warnings) != len(rep2.Warnings) {
		t.Errorf("reports differ:\n%+v\n%+v", rep, rep2)
	}
	if rep.Format != importer.FormatTimelineSheet {
		t.Errorf("format = %s", rep.Format)
	}
	if doc.Timeline.Title != "Myanmar 2021" || doc.Timeline.Summary != "A **test** timeline" {
		t.Errorf("title row: %q / %q", doc.Timeline.Title, doc.Timeline.Summary)
	}
	if len(doc.Events) != 3 {
		t.Fatalf("got %d events, want 3 (the title and era rows are not events)", len(doc.Events))
	}
	coup := doc.Events[0]
	if coup.Slug != "military-seizes-power" || coup.Status != timeline.StatusDraft || coup.Category.Slug != "political" {
		t.Errorf("coup = %s %s %s", coup.Slug, coup.Status, coup.Category.Slug)
	}
	if strings.Contains(coup.Summary, "script") || !strings.Contains(coup.Summary, "[detained](https://example.org/x)") ||
		!strings.Contains(coup.Summary, "- one\n- two") {
		t.Errorf("text not sanitised into Markdown: %q", coup.Summary)
	}
	if coup.When.StartTime.String() != "04:00" || !coup.When.EndTime.IsZero() {
		t.Errorf("the Time column 04:00 became start %q end %q", coup.When.StartTime, coup.When.EndTime)
	}
	if len(coup.Citations) != 1 {
		t.Fatalf("media did not become a source: %+v", coup.Citations)
	}
	if s := coup.Citations[0].Source; s.URL != "https://example.org/coup" || s.Title != "Coup in Myanmar" || s.Publisher != "Example News" {
		t.Errorf("media source = %+v", s)
	}
	if p := doc.Events[1]; p.Title != "Protests & strikes" || p.When.Start.String() != "2021-02" || p.When.End.String() != "2021-03" {
		t.Errorf("protests = %q %s %s", p.Title, p.When.Start, p.When.End)
	}
	year := doc.Events[2]
	if year.When.Start.Precision != timeline.PrecisionYear {
		t.Errorf("a row with only a year has %s precision", year.When.Start.Precision)
	}
	if len(year.Citations) != 1 || year.Citations[0].Source.Title != "Field team" || year.Citations[0].Source.URL != "" {
		t.Errorf("a credit without media must still become a source: %+v", year.Citations)
	}
	var era *importer.Row
	for i := range rep.Rows {
		if rep.Rows[i].Row == 6 {
			era = &rep.Rows[i]
		}
	}
	if era == nil || era.Outcome != importer.OutcomeValid || !strings.Contains(era.Note, "era") {
		t.Errorf("era row = %+v, want an era", era)
	}
	// The era row (Type "era") becomes an era of the timeline, not an event.
	if len(doc.Eras) != 1 || doc.Eras[0].Title != "Era one" || doc.Eras[0].Start.String() != "2021-01" || doc.Eras[0].End.String() != "2021-12" {
		t.Errorf("eras = %+v, want Era one, 2021-01 to 2021-12", doc.Eras)
	}
	warned := strings.Join(func() []string {
		var s []string
		for _, w := range rep.Warnings {
			s = append(s, w.String())
		}
		return s
	}(), "\n")
	for _, col := range []string{"Media Thumbnail", "Background"} {
		if !strings.Contains(warned, col+":") {
			t.Errorf("nothing warns that %s is not kept:\n%s", col, warned)
		}
	}
	if strings.Contains(warned, "Time:") {
		t.Errorf("the Time column is kept now, yet a warning names it:\n%s", warned)
	}
}

func TestOldSheetHeaders(t *testing.T) {
	t.Parallel()
	doc, _, err := importer.Parse("old.csv", read(t, "sheet-old.csv"), known)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	got := []string{}
	for _, e := range doc.Events {
		got = append(got, e.When.Start.String()+"/"+e.When.End.String()+"/"+e.Category.Slug)
	}
	wantDates := []string{"2021-02-01//political", "2021-02-15/2021-03-01/political", "2021//political"}
	if !reflect.DeepEqual(got, wantDates) {
		t.Errorf("dates = %v, want %v", got, wantDates)
	}
}

func TestTimelineJSON(t *testing.T) {
	t.Parallel()
	doc, rep, err := importer.Parse("t.json", read(t, "timeline.json"), importer.Options{NewCategories: true})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	if rep.Format != importer.FormatTimelineJS || doc.Timeline.Title != "Myanmar 2021" {
		t.Errorf("format %s, title %q", rep.Format, doc.Timeline.Title)
	}
	if len(doc.Events) != 3 {
		t.Fatalf("%d events", len(doc.Events))
	}
	if e := doc.Events[0]; e.Slug != "coup" || e.Status != timeline.StatusDraft || e.When.Start.String() != "2021-02-01" ||
		e.Category.Slug != "coup-and-political-power" || e.Summary != "Leaders **detained**" {
		t.Errorf("first event = %+v", e)
	}
	if e := doc.Events[1]; e.When.Start.String() != "2021-02" || e.When.End.String() != "2021-03" {
		t.Errorf("second event dates %s-%s", e.When.Start, e.When.End)
	}
	if len(doc.Eras) != 1 || doc.Eras[0].Title != "Junta rule" || doc.Eras[0].Start.String() != "2021" || doc.Eras[0].End.String() != "2022" {
		t.Errorf("eras = %+v, want Junta rule, 2021 to 2022", doc.Eras)
	}
	if strings.Contains(fmt.Sprint(rep.Warnings), "era") {
		t.Errorf("the era is warned about: %v", rep.Warnings)
	}
}

// TestTimelineJSONEraProblems: an era without an end, or ending before
// it starts, is a problem naming the file's path to the field.
func TestTimelineJSONEraProblems(t *testing.T) {
	t.Parallel()
	data := []byte(`{"events": [{"start_date": {"year": 2021}, "text": {"headline": "An event"}}],
"eras": [{"start_date": {"year": 2021}, "text": {"headline": "No end"}},
 {"start_date": {"year": 2021, "month": 5}, "end_date": {"year": 2021, "month": 2}, "text": {"headline": "Backwards"}},
 {"start_date": {"year": 2021}, "end_date": {"year": 2021}, "text": {"headline": ""}}]}`)
	_, rep, _ := importer.Parse("t.json", data, importer.Options{NewCategories: true, DefaultCategory: "other"})
	got := fmt.Sprint(rep.Problems)
	for _, want := range []string{"eras[0].end_date.year", "eras[1].end_date.year", "before the start", "eras[2].text.headline"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems do not name %q:\n%s", want, got)
		}
	}
}

func TestPublishingNeedsSources(t *testing.T) {
	t.Parallel()
	_, rep, err := importer.Parse("sheet.csv", read(t, "sheet.csv"), importer.Options{Categories: known.Categories, Publish: true})
	if err == nil {
		t.Fatal("publishing a row without any source must be refused")
	}
	checkProblems(t, rep, []want{{4, "Media", "a published event needs at least one source"}})
}

func TestLimits(t *testing.T) {
	t.Parallel()
	big := make([]byte, importer.MaxBytes+1)
	_, rep, err := importer.Parse("big.csv", big, importer.Options{})
	if err == nil || !strings.Contains(rep.Problems[0].Message, "the limit is 20 MB") {
		t.Errorf("a 20 MB + 1 byte file: err %v", err)
	}
	var b strings.Builder
	b.WriteString("title,start,category,category_name\n")
	for range importer.MaxRows + 1 {
		b.WriteString("x,2021,c,C\n")
	}
	_, rep, err = importer.Parse("rows.csv", []byte(b.String()), importer.Options{})
	if err == nil || !strings.Contains(rep.Problems[0].Message, "more than 50000 rows") {
		t.Errorf("50,001 rows: err %v", err)
	}
}

func TestDetect(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, content string
		want          importer.Format
	}{
		{"a.json", `{"format": "annals/v1"}`, importer.FormatNative},
		{"a.json", `{"events": []}`, importer.FormatTimelineJS},
		{"upload", `{"events": []}`, importer.FormatTimelineJS},
		{"a.csv", "Year,Month,Headline\n", importer.FormatTimelineSheet},
		{"a.csv", "\xef\xbb\xbfStart Date,Headline\n", importer.FormatTimelineSheet},
		{"a.csv", "slug,title,start,category\n", importer.FormatCSV},
	} {
		got, err := importer.Detect(tc.name, []byte(tc.content))
		if err != nil || got != tc.want {
			t.Errorf("Detect(%s, %q) = %s, %v; want %s", tc.name, tc.content, got, err, tc.want)
		}
	}
	if _, err := importer.Detect("a.csv", []byte("foo,bar\n")); err == nil {
		t.Error("a CSV with unknown headers must not be given a format")
	}
	_, err := importer.Detect("annals-backup-2026-11-27.json", []byte(`{"format":"annals/backup-v1","schema":6}`))
	if err == nil || !strings.Contains(err.Error(), "full Annals backup") || !strings.Contains(err.Error(), "annals import") {
		t.Errorf("a backup given to the timeline importer: %v; want a message that says how to restore it", err)
	}
}

func TestSpreadsheetFormulasAreDefused(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"=HYPERLINK(\"x\")", "+1+2", "@SUM(A1)", "-x"} {
		p := importer.ProtectCell(s)
		if p[0] != '\'' {
			t.Errorf("ProtectCell(%q) = %q", s, p)
		}
	}
	if importer.ProtectCell("-16.8") != "-16.8" {
		t.Error("a negative number must stay a number")
	}
	data := "title,start,category,category_name\n\"'=1+1\",2021,c,C\n"
	doc, _, err := importer.Parse("f.csv", []byte(data), importer.Options{})
	if err != nil || doc.Events[0].Title != "=1+1" {
		t.Fatalf("a protected cell did not come back: %v %+v", err, doc.Events)
	}
}

// A Burmese headline makes no Latin slug. The slug must then come from the
// event itself, not from its row: otherwise row 2 of one sheet would update
// whatever event was row 2 of an earlier, unrelated sheet.
func TestSlugOfBurmeseHeadlineFollowsTheEventNotTheRow(t *testing.T) {
	t.Parallel()
	sheet := func(rows ...string) []byte {
		return []byte("Year,Month,Day,Headline,Group\n" + strings.Join(rows, "\n") + "\n")
	}
	coup := "2021,2,1,စစ်အာဏာသိမ်း,political"
	strike := "2021,2,8,အထွေထွေသပိတ်,political"
	slugsOf := func(data []byte) []string {
		t.Helper()
		doc, _, err := importer.Parse("s.csv", data, known)
		if err != nil {
			t.Fatalf("parse: %v", err)
		}
		var out []string
		for _, e := range doc.Events {
			if timeline.ValidateSlug(e.Slug) != nil {
				t.Errorf("slug %q is not a valid slug", e.Slug)
			}
			out = append(out, e.Slug)
		}
		return out
	}
	first := slugsOf(sheet(coup, strike))
	again := slugsOf(sheet(coup, strike))
	swapped := slugsOf(sheet(strike, coup))
	other := slugsOf(sheet(strike))
	if first[0] == first[1] {
		t.Fatalf("two different events got one slug %q", first[0])
	}
	if !reflect.DeepEqual(first, again) {
		t.Errorf("the same file gave slugs %v, then %v: re-importing would duplicate", first, again)
	}
	if swapped[0] != first[1] || swapped[1] != first[0] {
		t.Errorf("rows in another order gave %v, want %v reversed", swapped, first)
	}
	if other[0] == first[0] {
		t.Errorf("the strike, alone in row 2, got the coup's slug %q", other[0])
	}
}
