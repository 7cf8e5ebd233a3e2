package postgres_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// TestKeptTimelineStateEqualsTheRows changes what the public sees in
// several ways and checks, after each, that what migration 00016 keeps at
// write time (the home page's count and span, the overview's counts, the
// category and actor facets) equals what the published events themselves
// say, loaded one by one.
func TestKeptTimelineStateEqualsTheRows(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := store.Pool().Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	check := func(step string) {
		t.Helper()
		pt, err := store.PublicTimeline(ctx, "myanmar-2021", timeline.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		// Every link carries its event's start date (00034), so a
		// timeline's events come in date order from its own rows.
		var drifted int
		if err := store.Pool().QueryRow(ctx, `SELECT count(*) FROM timeline_events te JOIN events e ON e.id = te.event_id
		  WHERE te.start_date IS DISTINCT FROM e.start_date`).Scan(&drifted); err != nil {
			t.Fatal(err)
		}
		if drifted > 0 {
			t.Errorf("%s: %d timeline links hold another start date than their event's", step, drifted)
		}
		for i := 1; i < len(pt.Events); i++ {
			if pt.Events[i].When.Start.First().Before(pt.Events[i-1].When.Start.First()) {
				t.Errorf("%s: %s comes after %s, which starts later", step, pt.Events[i].Slug, pt.Events[i-1].Slug)
			}
		}
		months := map[[2]int]int{}
		byCategory := map[string]map[[2]int]int{}
		categories, actors := map[string]bool{}, map[string]bool{}
		for _, e := range pt.Events {
			d := e.When.Start
			k := [2]int{d.Year, int(d.Month)}
			if d.Precision == timeline.PrecisionYear {
				k[1] = 0
			}
			months[k]++
			if byCategory[e.Category.Slug] == nil {
				byCategory[e.Category.Slug] = map[[2]int]int{}
			}
			byCategory[e.Category.Slug][k]++
			categories[e.Category.Slug] = true
			for _, a := range e.Actors {
				actors[a.Actor.Slug] = true
			}
		}
		counted := func(f timeline.Filter) map[[2]int]int {
			t.Helper()
			list, err := store.PublicEventCounts(ctx, "myanmar-2021", f)
			if err != nil {
				t.Fatal(err)
			}
			out := map[[2]int]int{}
			for _, p := range list {
				out[[2]int{p.Year, p.Month}] = p.Count
			}
			return out
		}
		// Date ranges of whole months and years (answered from the kept
		// counts), and of days (a GROUP BY), against the events: an event
		// is in a range when it overlaps it.
		for _, r := range [][2]string{{"2021-02", "2021-03"}, {"2021-04", ""}, {"", "2021-02"}, {"2021", "2021"},
			{"2020", "2021-05"}, {"2021-03", "2021-03"}, {"2021-02-03", "2021-03-15"}} {
			var f timeline.Filter
			var err error
			if r[0] != "" {
				if f.From, err = timeline.ParseDate(r[0]); err != nil {
					t.Fatal(err)
				}
			}
			if r[1] != "" {
				if f.To, err = timeline.ParseDate(r[1]); err != nil {
					t.Fatal(err)
				}
			}
			want := map[[2]int]int{}
			for _, e := range pt.Events {
				if !overlaps(e, f) {
					continue
				}
				d := e.When.Start
				k := [2]int{d.Year, int(d.Month)}
				if d.Precision == timeline.PrecisionYear {
					k[1] = 0
				}
				want[k]++
			}
			if got := counted(f); !maps.Equal(got, want) {
				t.Errorf("%s: counts from %q to %q %v, events say %v", step, r[0], r[1], got, want)
			}
			wantFigures := map[string]int{}
			for _, e := range pt.Events {
				if !overlaps(e, f) {
					continue
				}
				for _, fig := range e.Figures {
					wantFigures[fig.Metric]++
				}
			}
			kept, err := store.PublicFigureMetrics(ctx, "myanmar-2021", f)
			if err != nil {
				t.Fatal(err)
			}
			gotFigures := map[string]int{}
			for _, m := range kept {
				gotFigures[m.Metric] = m.Count
			}
			if !maps.Equal(gotFigures, wantFigures) {
				t.Errorf("%s: figures from %q to %q %v, events say %v", step, r[0], r[1], gotFigures, wantFigures)
			}
			// The charts' events (migration 00033), oldest first.
			var wantCharted []string
			for _, e := range pt.Events {
				if len(e.Figures) == 0 || !overlaps(e, f) {
					continue
				}
				wantCharted = append(wantCharted, e.Slug)
			}
			charted, err := store.PublicFigureEvents(ctx, "myanmar-2021", f)
			if err != nil {
				t.Fatal(err)
			}
			var gotCharted []string
			for _, e := range charted {
				gotCharted = append(gotCharted, e.Slug)
			}
			if !slices.Equal(gotCharted, wantCharted) {
				t.Errorf("%s: events with figures from %q to %q %v, events say %v", step, r[0], r[1], gotCharted, wantCharted)
			}
		}
		if got := counted(timeline.Filter{}); !maps.Equal(got, months) {
			t.Errorf("%s: kept counts %v, events say %v", step, got, months)
		}
		for c, want := range byCategory {
			if got := counted(timeline.Filter{Categories: []string{c}}); !maps.Equal(got, want) {
				t.Errorf("%s: kept counts of category %s %v, events say %v", step, c, got, want)
			}
		}
		metrics := map[string]int{}
		for _, e := range pt.Events {
			for _, f := range e.Figures {
				metrics[f.Metric]++
			}
		}
		kept, err := store.PublicFigureMetrics(ctx, "myanmar-2021", timeline.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		gotMetrics := map[string]int{}
		for _, m := range kept {
			gotMetrics[m.Metric] = m.Count
		}
		if !maps.Equal(gotMetrics, metrics) {
			t.Errorf("%s: kept figure counts %v, events say %v", step, gotMetrics, metrics)
		}
		places := map[string]int{}
		for _, e := range pt.Events {
			if e.Place.Lat != nil {
				places[e.Place.Name+"|"+e.Place.Country]++
			}
		}
		keptPlaces, err := store.PublicPlaceCounts(ctx, "myanmar-2021", timeline.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		gotPlaces := map[string]int{}
		for _, p := range keptPlaces {
			gotPlaces[p.Name+"|"+p.Country] += p.Count
		}
		if !maps.Equal(gotPlaces, places) {
			t.Errorf("%s: kept place counts %v, events say %v", step, gotPlaces, places)
		}
		facets, err := store.PublicTimelineFacets(ctx, "myanmar-2021")
		if err != nil {
			t.Fatal(err)
		}
		var gotCategories, gotActors []string
		for _, c := range facets.Categories {
			gotCategories = append(gotCategories, c.Slug)
		}
		for _, a := range facets.Actors {
			gotActors = append(gotActors, a.Slug)
		}
		slices.Sort(gotCategories)
		slices.Sort(gotActors)
		if want := slices.Sorted(maps.Keys(categories)); !slices.Equal(gotCategories, want) {
			t.Errorf("%s: category facet %v, events say %v", step, gotCategories, want)
		}
		if want := slices.Sorted(maps.Keys(actors)); !slices.Equal(gotActors, want) {
			t.Errorf("%s: actor facet %v, events say %v", step, gotActors, want)
		}
		list, err := store.PublicTimelines(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(pt.Events) == 0 {
			if len(list) != 0 {
				t.Errorf("%s: home lists %d timelines, none has public events", step, len(list))
			}
			return
		}
		if len(list) != 1 || list[0].EventCount != len(pt.Events) ||
			list[0].First.Year != pt.Events[0].When.Start.Year || list[0].Last.Year != pt.Events[len(pt.Events)-1].When.Start.Year {
			t.Errorf("%s: home says %+v, the events %d from %d to %d", step, list, len(pt.Events),
				pt.Events[0].When.Start.Year, pt.Events[len(pt.Events)-1].When.Start.Year)
		}
	}
	check("after the import")
	// A link written with any date takes its event's.
	exec(`UPDATE timeline_events SET start_date = '1900-01-01'`)
	check("links given another date")
	exec(`INSERT INTO timelines (slug, title, visibility) VALUES ('second', 'Second', 'internal')`)
	exec(`INSERT INTO timeline_events (timeline_id, event_id, start_date)
	      SELECT (SELECT id FROM timelines WHERE slug = 'second'), id, '1900-01-01' FROM events`)
	check("every event linked to a second timeline, with another date")
	// An event lasting from one month into the next, and one known only
	// to its year, both starting before a range they reach into.
	exec(`UPDATE events SET end_date = '2021-03-10', end_precision = 'day', end_time = NULL
	      WHERE slug = 'coup'`)
	check("an event lasting into another month")
	exec(`UPDATE events SET status = 'draft' WHERE slug = 'coup'`)
	check("a published event back to draft")
	exec(`UPDATE events SET visibility = 'internal' WHERE id = (SELECT min(id) FROM events WHERE status = 'published')`)
	check("an event made internal")
	exec(`UPDATE events SET category_id = (SELECT max(id) FROM categories) WHERE id = (SELECT max(id) FROM events WHERE status = 'published')`)
	check("an event moved to another category")
	exec(`DELETE FROM event_actors WHERE event_id = (SELECT min(ea.event_id) FROM event_actors ea JOIN events e ON e.id = ea.event_id WHERE e.status = 'published')`)
	check("an event's actors removed")
	exec(`UPDATE events SET start_date = '1990-01-01', start_precision = 'year', end_date = NULL, end_precision = NULL,
	      start_time = NULL, end_time = NULL WHERE id = (SELECT max(id) FROM events WHERE status = 'published')`)
	check("an event moved to a year of its own")
	exec(`DELETE FROM figures WHERE id = (SELECT min(id) FROM figures)`)
	check("a figure removed")
	exec(`INSERT INTO figures (event_id, metric, value, qualifier, scope, as_of_date, as_of_precision, source_id)
	      SELECT e.id, 'killed', 3, 'exact', 'event', e.start_date, 'day', (SELECT min(id) FROM sources)
	      FROM events e WHERE e.status = 'published' AND NOT EXISTS (SELECT 1 FROM figures f WHERE f.event_id = e.id)
	      ORDER BY e.start_date DESC, e.id LIMIT 1`)
	check("a figure added to an event that had none")
	exec(`UPDATE events SET start_date = start_date - 40, start_precision = 'day' WHERE id = (SELECT max(event_id) FROM figures)`)
	check("an event with figures moved 40 days earlier")
	exec(`DELETE FROM events WHERE id = (SELECT max(id) FROM events WHERE status = 'published')`)
	check("a published event deleted")
	exec(`UPDATE events SET status = 'draft'`)
	check("every event back to draft")
}

// overlaps reports whether event e falls in f's date range, as a date
// filter counts it: it ends on or after From and starts on or before To.
func overlaps(e timeline.Event, f timeline.Filter) bool {
	last := e.When.Start.Last()
	if !e.When.End.IsZero() {
		last = e.When.End.Last()
	}
	return (f.From.IsZero() || !last.Before(f.From.First())) && (f.To.IsZero() || !e.When.Start.First().After(f.To.Last()))
}
