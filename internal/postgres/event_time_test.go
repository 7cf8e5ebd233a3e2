package postgres_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"annals/internal/demo"
	"annals/internal/importer"
	"annals/internal/native"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

func mustTime(t *testing.T, s string) timeline.TimeOfDay {
	t.Helper()
	v, err := timeline.ParseTimeOfDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// demoWithTimes is the demo with local times on its first day-precision
// event (start) and on the first with a day-precision end (start and end).
func demoWithTimes(t *testing.T) (timeline.Document, []string) {
	t.Helper()
	doc := loadDemo(t)
	var slugs []string
	startDone, endDone := false, false
	for i := range doc.Events {
		w := &doc.Events[i].When
		switch {
		case !startDone && w.Start.Precision == timeline.PrecisionDay && w.End.IsZero():
			w.StartTime = mustTime(t, "03:00")
			startDone = true
			slugs = append(slugs, doc.Events[i].Slug)
		case !endDone && w.Start.Precision == timeline.PrecisionDay && w.End.IsZero():
			next := timeline.FromTime(w.Start.First().AddDate(0, 0, 1), timeline.PrecisionDay)
			w.End, w.StartTime, w.EndTime = next, mustTime(t, "22:15"), mustTime(t, "00:00")
			endDone = true
			slugs = append(slugs, doc.Events[i].Slug)
		}
	}
	if !startDone || !endDone {
		t.Fatalf("the demo lacks a day event and a day-to-day event (%v %v)", startDone, endDone)
	}
	return doc, slugs
}

func TestEventTimeConstraints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	store := postgres.NewStore(pool)
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ sql, constraint string }{
		{`UPDATE events SET start_time = '03:00' WHERE id = (SELECT min(id) FROM events WHERE start_precision = 'month')`, "start_time_needs_day"},
		{`UPDATE events SET start_time = '03:00' WHERE id = (SELECT min(id) FROM events WHERE start_precision = 'year')`, "start_time_needs_day"},
		{`UPDATE events SET end_time = '03:00' WHERE id = (SELECT min(id) FROM events WHERE end_date IS NULL)`, "end_time_needs_end_day"},
		{`UPDATE events SET end_date = make_date(extract(year FROM start_date)::int + 1, 1, 1), end_precision = 'year',
		  end_time = '03:00' WHERE id = (SELECT min(id) FROM events)`, "end_time_needs_end_day"},
	} {
		tag, err := pool.Exec(ctx, c.sql)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.ConstraintName != c.constraint {
			t.Errorf("%s: err = %v (%d rows), want a violation of %s", c.sql, err, tag.RowsAffected(), c.constraint)
		}
	}
	tag, err := pool.Exec(ctx, `UPDATE events SET start_time = '03:00' WHERE id = (SELECT min(id) FROM events WHERE start_precision = 'day')`)
	if err != nil || tag.RowsAffected() != 1 {
		t.Errorf("a time on a day date is refused: %v (%d rows)", err, tag.RowsAffected())
	}
}

func TestEventTimesRoundTripAndReimport(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	doc, slugs := demoWithTimes(t)
	from := postgres.NewStore(pgtest.NewPool(t))
	if _, err := from.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	// What was written is read back (the bulk insert path).
	got, err := from.ExportTimeline(ctx, doc.Timeline.Slug, false)
	if err != nil {
		t.Fatal(err)
	}
	times := map[string]string{}
	for _, e := range got.Events {
		if !e.When.StartTime.IsZero() || !e.When.EndTime.IsZero() {
			times[e.Slug] = e.When.StartTime.String() + "/" + e.When.EndTime.String()
		}
	}
	if len(times) != 2 || times[slugs[0]] != "03:00/" || times[slugs[1]] != "22:15/00:00" {
		t.Fatalf("times read back = %v, want %s 03:00 and %s 22:15-00:00", times, slugs[0], slugs[1])
	}

	// Re-importing the same file changes nothing; a changed time is an update.
	res, err := from.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "again"})
	if err != nil {
		t.Fatal(err)
	}
	if res.EventsUpdated != 0 || res.EventsCreated != 0 {
		t.Errorf("re-import: %d created, %d updated, want nothing changed", res.EventsCreated, res.EventsUpdated)
	}
	for i := range doc.Events {
		if doc.Events[i].Slug == slugs[0] {
			doc.Events[i].When.StartTime = mustTime(t, "04:30")
		}
	}
	res, err = from.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "time changed"})
	if err != nil {
		t.Fatal(err)
	}
	if res.EventsUpdated != 1 || res.Outcomes()[slugs[0]] != "update" {
		t.Errorf("a changed time: %d updated (%v), want %s updated", res.EventsUpdated, res.Outcomes(), slugs[0])
	}

	// annals/v1: export -> import -> export is identical and carries the time.
	first := exportJSON(t, from, doc.Timeline.Slug, false)
	for _, want := range []string{`"time": "04:30"`, `"time": "22:15"`, `"time": "00:00"`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("the native export lacks %s", want)
		}
	}
	back, err := native.Decode(bytes.NewReader(first))
	if err != nil {
		t.Fatalf("the export does not decode: %v", err)
	}
	to := postgres.NewStore(pgtest.NewPool(t))
	if _, err := to.ImportDocument(ctx, back, timeline.ImportOptions{Reason: "round trip"}); err != nil {
		t.Fatal(err)
	}
	if second := exportJSON(t, to, doc.Timeline.Slug, false); !bytes.Equal(first, second) {
		t.Errorf("native export -> import -> export differs:\n%s", firstDiff(first, second))
	}

	// Native CSV: the same, through the start_time and end_time columns.
	csv1 := exportCSV(t, from, doc.Timeline.Slug, false)
	header := strings.SplitN(string(csv1), "\n", 2)[0]
	if !strings.HasPrefix(header, "slug,title,summary,start,end,start_time,end_time,") {
		t.Errorf("CSV header = %q, want start_time and end_time right after end", header)
	}
	if !bytes.Contains(csv1, []byte(",04:30,")) || !bytes.Contains(csv1, []byte(",22:15,00:00,")) {
		t.Errorf("the CSV export lacks the times")
	}
	cdoc, rep, err := importer.ParseFormat(importer.FormatCSV, doc.Timeline.Slug+".csv", csv1, importer.Options{})
	if err != nil {
		t.Fatalf("the CSV export does not import: %v", err)
	}
	to2 := postgres.NewStore(pgtest.NewPool(t))
	if _, err := to2.ImportDocument(ctx, cdoc, timeline.ImportOptions{Reason: "round trip", Drafts: !rep.FileStatus}); err != nil {
		t.Fatal(err)
	}
	if csv2 := exportCSV(t, to2, doc.Timeline.Slug, false); !bytes.Equal(csv1, csv2) {
		t.Errorf("CSV export -> import -> export differs:\n%s", firstDiff(csv1, csv2))
	}
}

// The demo has no times: its export writes none, so files written before
// times existed stay byte for byte what they were.
func TestDemoExportHasNoTimes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.ImportDocument(ctx, loadDemo(t), timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	data := exportJSON(t, store, "myanmar-2021", false)
	if bytes.Contains(data, []byte(`"time"`)) {
		t.Errorf("the demo export writes a time")
	}
	doc, err := native.Decode(bytes.NewReader(demo.JSON()))
	if err != nil {
		t.Fatal(err)
	}
	again, err := native.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(again, []byte(`"time"`)) {
		t.Errorf("encoding the demo writes a time")
	}
}

// Events of one day come in the order of their times (an event without a
// time first), whatever order they were written in: on the timeline, in
// search results and page by page through the API.
func TestEventsOfOneDayFollowTheirTimes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	doc := loadDemo(t)
	base := doc.Events[0]
	for _, e := range doc.Events {
		if e.When.Start.Precision == timeline.PrecisionDay && e.When.End.IsZero() {
			base = e
			break
		}
	}
	day := base.When.Start
	var extra []timeline.Event
	// Written afternoon first, then no time, then night: ids in that order.
	for _, x := range []struct{ slug, time string }{{"afternoon", "14:00"}, {"sometime", ""}, {"night", "03:00"}} {
		e := base
		e.Slug, e.Title = "same-day-"+x.slug, "Same day "+x.slug
		e.When = timeline.DateRange{Start: day}
		if x.time != "" {
			e.When.StartTime = mustTime(t, x.time)
		}
		extra = append(extra, e)
	}
	doc.Events = append(doc.Events, extra...)
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	want := []string{"same-day-sometime", "same-day-night", "same-day-afternoon"}
	sameDay := func(slugs []string) []string {
		var out []string
		for _, s := range slugs {
			if strings.HasPrefix(s, "same-day-") {
				out = append(out, s)
			}
		}
		return out
	}
	pt, err := store.PublicTimeline(ctx, doc.Timeline.Slug, timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var onTimeline []string
	for _, e := range pt.Events {
		onTimeline = append(onTimeline, e.Slug)
	}
	if got := sameDay(onTimeline); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("timeline order %v, want %v", got, want)
	}
	res, err := store.Search(ctx, timeline.SearchQuery{Text: "Same day"})
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, h := range res.Hits {
		found = append(found, h.Event.Slug)
	}
	if got := sameDay(found); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("search order %v, want %v", got, want)
	}
	// One event per API page: every event once, in timeline order.
	var paged []string
	cursor := ""
	for range len(pt.Events) + 1 {
		page, err := store.PublicEventPage(ctx, doc.Timeline.Slug, timeline.Filter{}, cursor, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page.Events {
			paged = append(paged, e.Slug)
		}
		if cursor = page.Next; cursor == "" {
			break
		}
	}
	if strings.Join(paged, " ") != strings.Join(onTimeline, " ") {
		t.Errorf("API pages give\n%v\nwant the timeline order\n%v", paged, onTimeline)
	}
}
