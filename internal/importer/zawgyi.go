package importer

import (
	"fmt"
	"math"

	"annals/internal/timeline"
	"annals/internal/zawgyi"
)

// flagZawgyi warns about every text that looks Zawgyi-encoded: Burmese
// copied from social media often is, and once stored as Unicode it reads as
// garbage. It is a warning, not a problem: the detector can be wrong, and the
// person importing decides (convert the file, then import it again).
func flagZawgyi(doc timeline.Document, rep *Report) {
	rowOf := map[string]int{}
	for _, r := range rep.Rows {
		rowOf[r.Event] = r.Row
	}
	check := func(row int, event, column, text string) {
		if text != "" && zawgyi.IsZawgyi(text) {
			m := timeline.Msgf("problem.zawgyi", "looks like Zawgyi-encoded Burmese (%d%% likely): convert it to Unicode before importing, or it will be stored as unreadable text",
				int(math.Round(100*zawgyi.Probability(text))))
			rep.Warnings = append(rep.Warnings, Problem{Row: row, Event: event, Column: column, Message: m.Text, Key: m.Key, Args: m.Args})
		}
	}
	check(0, "", "timeline.title", doc.Timeline.Title)
	check(0, "", "timeline.summary", doc.Timeline.Summary)
	for _, e := range doc.Events {
		row := rowOf[e.Slug]
		check(row, e.Slug, "title", e.Title)
		check(row, e.Slug, "summary", e.Summary)
		check(row, e.Slug, "place", e.Place.Name)
		for i, c := range e.Citations {
			check(row, e.Slug, fmt.Sprintf("sources[%d].title", i), c.Source.Title)
			check(row, e.Slug, fmt.Sprintf("sources[%d].note", i), c.Note)
		}
		for i, f := range e.Figures {
			check(row, e.Slug, fmt.Sprintf("figures[%d].note", i), f.Note)
		}
	}
	for _, a := range doc.Actors {
		check(0, "", "actor "+a.Slug+".name", a.Name)
	}
}
