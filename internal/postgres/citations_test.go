package postgres_test

import (
	"context"
	"maps"
	"testing"

	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// firstCited numbers sources as a reader meets them: events in timeline
// order, each event's citations, then its figures' sources.
func firstCited(events []timeline.Event) map[int64]int {
	out := map[int64]int{}
	see := func(id int64) {
		if _, ok := out[id]; !ok {
			out[id] = len(out) + 1
		}
	}
	for _, e := range events {
		for _, c := range e.Citations {
			see(c.Source.ID)
		}
		for _, f := range e.Figures {
			see(f.Source.ID)
		}
	}
	return out
}

func TestCitationNumbersFollowFirstCitation(t *testing.T) {
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
	numbers := func() map[int64]int {
		t.Helper()
		n, all, err := store.CitationNumbers(ctx, "myanmar-2021", nil)
		if err != nil {
			t.Fatal(err)
		}
		if all != len(n) {
			t.Fatalf("%d numbers, but the timeline says it numbers %d", len(n), all)
		}
		// Asked for some, the store gives those, with the same numbers.
		var some []int64
		for id := range n {
			if len(some) < 3 {
				some = append(some, id)
			}
		}
		// A source the timeline does not number has none.
		part, _, err := store.CitationNumbers(ctx, "myanmar-2021", append(some, -1))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := part[-1]; ok || len(part) != len(some) {
			t.Fatalf("asked for %d numbered sources' numbers and one unknown, got %v", len(some), part)
		}
		for id, v := range part {
			if n[id] != v {
				t.Fatalf("source %d: %d asked alone, %d among all", id, v, n[id])
			}
		}
		return n
	}
	expected := func() map[int64]int {
		t.Helper()
		pt, err := store.PublicTimeline(ctx, "myanmar-2021", timeline.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		return firstCited(pt.Events)
	}
	before := numbers()
	if len(before) < 5 {
		t.Fatalf("the demo has only %d numbered sources", len(before))
	}
	if want := expected(); !maps.Equal(before, want) {
		t.Fatalf("numbers = %v, want first citation order %v", before, want)
	}

	// A draft and an internal event in the middle of the timeline, citing
	// a new source first, move nothing.
	var mid, category int64
	if err := store.Pool().QueryRow(ctx, `
SELECT e.id, e.category_id FROM events e JOIN timeline_events te ON te.event_id = e.id
JOIN timelines t ON t.id = te.timeline_id WHERE t.slug = 'myanmar-2021' AND e.status = 'published'
ORDER BY e.start_date, e.id OFFSET 3 LIMIT 1`).Scan(&mid, &category); err != nil {
		t.Fatal(err)
	}
	var draft, source int64
	if err := store.Pool().QueryRow(ctx, `
INSERT INTO events (slug, title, start_date, start_precision, category_id, status)
SELECT 'numbering-draft', 'A draft', start_date, 'day', $2, 'draft' FROM events WHERE id = $1
RETURNING id`, mid, category).Scan(&draft); err != nil {
		t.Fatal(err)
	}
	if err := store.Pool().QueryRow(ctx, `INSERT INTO sources (title, url) VALUES ('A new report', 'https://example.org/new') RETURNING id`).Scan(&source); err != nil {
		t.Fatal(err)
	}
	exec(`INSERT INTO timeline_events (timeline_id, event_id) SELECT t.id, $1 FROM timelines t WHERE t.slug = 'myanmar-2021'`, draft)
	exec(`INSERT INTO event_sources (event_id, source_id, position) VALUES ($1, $2, 0)`, draft, source)
	exec(`INSERT INTO event_sources (event_id, source_id, position)
	      SELECT $1, source_id, 1 FROM event_sources WHERE event_id = (SELECT max(event_id) FROM event_sources WHERE event_id <> $1)
	      ORDER BY position LIMIT 1`, draft)
	if got := numbers(); !maps.Equal(got, before) {
		t.Fatalf("a draft moved the numbers: %v, was %v", got, before)
	}
	exec(`UPDATE events SET status = 'published', visibility = 'internal' WHERE id = $1`, draft)
	if got := numbers(); !maps.Equal(got, before) {
		t.Fatalf("an internal event moved the numbers: %v, was %v", got, before)
	}
	// A pending edit of a published event is kept apart from its rows.
	exec(`INSERT INTO event_drafts (event_id, status, record) VALUES ($1, 'draft', '{}')`, mid)
	if got := numbers(); !maps.Equal(got, before) {
		t.Fatalf("a pending edit moved the numbers: %v, was %v", got, before)
	}

	// Published, it renumbers: numbers follow first citation.
	exec(`UPDATE events SET visibility = 'public' WHERE id = $1`, draft)
	after := numbers()
	if want := expected(); !maps.Equal(after, want) {
		t.Fatalf("after publishing: numbers = %v, want %v", after, want)
	}
	if after[source] == 0 || after[source] >= len(after) || maps.Equal(after, before) {
		t.Fatalf("the new source got %d of %d; numbers did not follow", after[source], len(after))
	}

	// A retracted event keeps its sources' numbers: its permalink still
	// cites them.
	exec(`UPDATE events SET status = 'retracted' WHERE id = $1`, draft)
	if got := numbers(); !maps.Equal(got, after) {
		t.Fatalf("retracting moved the numbers: %v, was %v", got, after)
	}

	if n, _, err := store.CitationNumbers(ctx, "no-such-timeline", nil); err != nil || len(n) != 0 {
		t.Fatalf("unknown timeline: %v, %v", n, err)
	}
}
