package demo

import (
	"fmt"
	"time"

	"annals/internal/timeline"
)

// Generated is a made-up timeline of n published, public events every nine
// days from January 2019, for tests and benchmarks of long timelines. It
// mixes what ordering must cope with: events known only to the year or the
// month, several on one day, times of day, and two categories ("odd" and
// "even" by position) and one actor on every third event. Two more events,
// a draft and an internal one, must never show.
func Generated(slug string, n int) timeline.Document {
	doc := timeline.Document{
		Timeline:   timeline.Timeline{Slug: slug, Title: fmt.Sprintf("Generated timeline of %d events", n), Language: "en", Visibility: timeline.VisibilityPublic},
		Categories: []timeline.Category{{Slug: "even", Name: "Even"}, {Slug: "odd", Name: "Odd"}},
		Actors:     []timeline.Actor{{Slug: "third", Name: "Every third", Kind: "group"}},
	}
	src := timeline.Source{URL: "https://example.org/generated", Title: "Generated source", Kind: "other"}
	day := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n + 2 {
		if i%5 != 1 { // every fifth event shares the day before it
			day = day.AddDate(0, 0, 9)
		}
		d := timeline.FuzzyDate{Year: day.Year(), Month: day.Month(), Day: day.Day(), Precision: timeline.PrecisionDay}
		e := timeline.Event{
			Slug:       fmt.Sprintf("event-%04d", i),
			Title:      fmt.Sprintf("Event %d", i),
			Category:   timeline.Category{Slug: []string{"even", "odd"}[i%2]},
			Status:     timeline.StatusPublished,
			Visibility: timeline.VisibilityPublic,
			Citations:  []timeline.Citation{{Source: src, Locator: fmt.Sprintf("item %d", i)}},
		}
		switch {
		case i%17 == 3:
			d = timeline.FuzzyDate{Year: d.Year, Precision: timeline.PrecisionYear}
		case i%10 == 4:
			d = timeline.FuzzyDate{Year: d.Year, Month: d.Month, Precision: timeline.PrecisionMonth}
		case i%7 == 2:
			e.When.StartTime, _ = timeline.NewTimeOfDay(i%24, 0)
		}
		e.When.Start = d
		if i%3 == 0 {
			e.Actors = []timeline.EventActor{{Actor: timeline.Actor{Slug: "third"}}}
		}
		switch i {
		case n:
			e.Status, e.Title = timeline.StatusDraft, "Draft event"
		case n + 1:
			e.Visibility, e.Title = timeline.VisibilityInternal, "Internal event"
		}
		doc.Events = append(doc.Events, e)
	}
	return doc
}
