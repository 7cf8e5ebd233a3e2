package importer_test

import (
	"fmt"
	"testing"

	"annals/internal/importer"
	"annals/internal/timeline"
)

// Only what the file or the person gives on purpose may change a timeline
// that exists: an annals/v1 timeline object, a title typed with the import.
// Titles made from the file name or a title slide are defaults.
func TestTimelineFieldsGivenOnPurpose(t *testing.T) {
	t.Parallel()
	native := `{"format": "annals/v1", "timeline": {"slug": "test", "title": "Test", "summary": "About it.", "language": ""},
 "categories": [{"slug": "political", "name": "Political"}], "actors": [], "events": []}`
	sheet := "Year,Month,Day,Headline,Text,Media,Group,Type\n" +
		",,,The title slide,Its text,,,title\n" +
		"2021,2,1,Coup,,https://example.org/coup,political,\n"
	titled := known
	titled.Timeline.Title = "Typed by the person"
	for _, c := range []struct {
		name, data string
		opt        importer.Options
		fields     string
		title      string
	}{
		{"test.json", native, known, "[title summary]", "Test"},
		{"test.csv", sheet, known, "[]", "The title slide"},
		{"test.csv", sheet, titled, "[title]", "Typed by the person"},
	} {
		doc, rep, err := importer.Parse(c.name, []byte(c.data), c.opt)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := fmt.Sprint(rep.TimelineFields); got != c.fields || doc.Timeline.Title != c.title {
			t.Errorf("%s with title %q: fields %s, title %q; want %s, %q", c.name, c.opt.Timeline.Title, got, doc.Timeline.Title, c.fields, c.title)
		}
	}
	rep := &importer.Report{Rows: []importer.Row{{Row: 2, Event: "coup", Outcome: importer.OutcomeValid}}}
	rep.Renamed([]timeline.Renamed{{From: "coup", To: "coup-2", Note: "taken"}})
	rep.Apply(map[string]string{"coup-2": "create"})
	if r := rep.Rows[0]; r.Event != "coup-2" || r.Note != "taken" || r.Outcome != importer.OutcomeCreate {
		t.Errorf("renamed row: %+v", r)
	}
}
