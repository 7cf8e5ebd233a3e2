package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"annals/internal/capture"
	"annals/internal/postgres"
	"annals/internal/timeline"
)

// problemParams names the parameters a refused list query was refused for.
func problemParams(err error) []string {
	var v *timeline.ValidationError
	if !errors.As(err, &v) {
		return nil
	}
	var out []string
	for _, p := range v.Problems {
		out = append(out, p.Field)
	}
	return out
}

// captureListFixture cites seven sources (each queues its capture job),
// then gives the jobs states and the sources the watch's findings.
func captureListFixture(t *testing.T) (*postgres.Store, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	store, a, _ := setupStaffStore(t)
	ev := staffEvent("Many sources")
	ev.Citations = nil
	names := []string{"Bago", "Hpakant", "Sagaing", "Mandalay", "Myitkyina", "Lashio", "Dawei"}
	for i, n := range names {
		ev.Citations = append(ev.Citations, timeline.Citation{Source: timeline.Source{URL: fmt.Sprintf("https://example.org/s%d", i),
			Title: n + " report", Kind: "news"}})
	}
	if _, _, err := store.SaveEvent(ctx, a, timeline.EventSave{Event: ev, Timelines: []string{"tl"}}); err != nil {
		t.Fatal(err)
	}
	src := map[string]int64{}
	for _, j := range captureJobs(t, store) {
		for i, n := range names {
			if j.URL == fmt.Sprintf("https://example.org/s%d", i) {
				src[n] = j.SourceID
			}
		}
	}
	if len(src) != len(names) {
		t.Fatalf("sources of the jobs: %v", src)
	}
	for _, q := range []string{
		`UPDATE river_job SET state = 'retryable', attempt = 1, errors = ARRAY['{"error": "dial tcp: connection refused"}'::jsonb]
		 WHERE args->>'url' = 'https://example.org/s1'`,
		`UPDATE river_job SET state = 'completed', attempt = 1, finalized_at = now() WHERE args->>'url' IN ('https://example.org/s2', 'https://example.org/s3')`,
		`UPDATE river_job SET state = 'discarded', attempt = 5, finalized_at = now() WHERE args->>'url' = 'https://example.org/s4'`,
	} {
		if _, err := store.Pool().Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []capture.Capture{
		{SourceID: src["Sagaing"], RequestedURL: "https://example.org/s2", FinalURL: "https://example.org/s2", HTTPStatus: 200},
		{SourceID: src["Mandalay"], RequestedURL: "https://example.org/s3", Failure: "robots.txt forbids fetching this page"},
	} {
		c.CapturedAt, c.Software = time.Now(), "test"
		if _, err := store.SaveCapture(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	day := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, k := range []capture.Check{
		{SourceID: src["Bago"], At: day, HTTPStatus: 404, Risk: "gone", Detail: "the original answers 404 Not Found"},
		{SourceID: src["Hpakant"], At: day.AddDate(0, 1, 0), Risk: "unreachable", Detail: "no answer"},
		{SourceID: src["Sagaing"], At: day.AddDate(0, 2, 0), HTTPStatus: 200, Risk: "changed", Detail: "the text changed"},
		// Two checked at the same instant: the pages must still split them once.
		{SourceID: src["Mandalay"], At: day.AddDate(0, 3, 0), HTTPStatus: 410, Risk: "gone", Detail: "the original answers 410 Gone"},
		{SourceID: src["Dawei"], At: day.AddDate(0, 3, 0), HTTPStatus: 200, Risk: "changed", Detail: "the text changed"},
		{SourceID: src["Lashio"], At: day, HTTPStatus: 200, Risk: "", Detail: ""},
	} {
		if err := store.RecordCheck(ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	return store, src
}

// The capture queue is searched by the source's title, the URL and the
// reason of failure, filtered by the state as shown ("failed" is a
// completed job whose capture failed), and paged by keyset, every job
// exactly once in either order; bad input is refused by parameter name.
func TestCaptureQueueSearchFilterAndPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, src := captureListFixture(t)
	sources := func(q capture.JobQuery) []int64 {
		t.Helper()
		page, err := store.CaptureJobs(ctx, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		var out []int64
		for _, j := range page.Jobs {
			out = append(out, j.SourceID)
		}
		slices.Sort(out)
		return out
	}
	for _, c := range []struct {
		q    capture.JobQuery
		want []string
	}{
		{capture.JobQuery{Text: "HPAKANT"}, []string{"Hpakant"}},
		{capture.JobQuery{Text: "connection refused"}, []string{"Hpakant"}},
		{capture.JobQuery{Text: "robots.txt"}, []string{"Mandalay"}},
		{capture.JobQuery{Text: "example.org/s6"}, []string{"Dawei"}},
		{capture.JobQuery{Text: "100%"}, nil},
		{capture.JobQuery{State: "failed"}, []string{"Mandalay"}},
		{capture.JobQuery{State: "completed"}, []string{"Sagaing"}},
		{capture.JobQuery{State: "retryable"}, []string{"Hpakant"}},
		{capture.JobQuery{State: "discarded"}, []string{"Myitkyina"}},
		{capture.JobQuery{State: "available"}, []string{"Bago", "Lashio", "Dawei"}},
		{capture.JobQuery{State: "available", Text: "lashio"}, []string{"Lashio"}},
		{capture.JobQuery{From: "2000", To: "2000-12"}, nil},
		{capture.JobQuery{From: time.Now().UTC().Format("2006-01-02")}, []string{"Bago", "Hpakant", "Sagaing", "Mandalay", "Myitkyina", "Lashio", "Dawei"}},
	} {
		var want []int64
		for _, n := range c.want {
			want = append(want, src[n])
		}
		slices.Sort(want)
		if got := sources(c.q); !slices.Equal(got, want) {
			t.Errorf("%+v: sources %v, want %v (%v)", c.q, got, want, c.want)
		}
	}
	// Every page of two, each order: every job once, in order.
	all, _ := store.CaptureJobs(ctx, capture.JobQuery{})
	for _, sort := range capture.ListSorts {
		var ids []int64
		q := capture.JobQuery{Sort: sort, Limit: 2}
		for pages := 0; ; pages++ {
			page, err := store.CaptureJobs(ctx, q)
			if err != nil || pages > 10 {
				t.Fatalf("%s page %d: %v", sort, pages, err)
			}
			for _, j := range page.Jobs {
				ids = append(ids, j.ID)
			}
			if page.Next == "" {
				break
			}
			q.After = page.Next
		}
		want := []int64{}
		for _, j := range all.Jobs {
			want = append(want, j.ID)
		}
		if sort == "oldest" {
			slices.Reverse(want)
		}
		if len(want) != 7 || !slices.Equal(ids, want) {
			t.Errorf("%s pages: %v, want %v", sort, ids, want)
		}
	}
	// Pages of a filtered list stay within the filter.
	page, _ := store.CaptureJobs(ctx, capture.JobQuery{State: "available", Limit: 2})
	rest, _ := store.CaptureJobs(ctx, capture.JobQuery{State: "available", Limit: 2, After: page.Next})
	if len(page.Jobs) != 2 || len(rest.Jobs) != 1 || rest.Next != "" {
		t.Errorf("available pages: %+v then %+v", page, rest)
	}
	for _, c := range []struct {
		q     capture.JobQuery
		field string
	}{
		{capture.JobQuery{State: "lost"}, "state"},
		{capture.JobQuery{Sort: "title"}, "sort"},
		{capture.JobQuery{After: "not-a-cursor"}, "after"},
		{capture.JobQuery{Sort: "oldest", After: page.Next}, "after"},
		{capture.JobQuery{From: "2024-13"}, "from"},
		{capture.JobQuery{To: "yesterday"}, "to"},
	} {
		_, err := store.CaptureJobs(ctx, c.q)
		if timeline.ErrorCode(err) != timeline.EINVALID || !slices.Equal(problemParams(err), []string{c.field}) {
			t.Errorf("%+v: %v, want a problem with %s", c.q, err, c.field)
		}
	}
}

// The sources at risk are searched by title and URL, filtered by the
// finding and the day checked, and paged by keyset, ties on the time
// included, each source exactly once in either order.
func TestSourcesAtRiskSearchFilterAndPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store, src := captureListFixture(t)
	names := func(q capture.RiskQuery) []string {
		t.Helper()
		page, err := store.SourcesAtRisk(ctx, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		var out []string
		for _, r := range page.Risks {
			out = append(out, r.Title)
		}
		return out
	}
	for _, c := range []struct {
		q    capture.RiskQuery
		want []string
	}{
		{capture.RiskQuery{}, []string{"Dawei report", "Mandalay report", "Sagaing report", "Hpakant report", "Bago report"}},
		{capture.RiskQuery{Sort: "oldest"}, []string{"Bago report", "Hpakant report", "Sagaing report", "Mandalay report", "Dawei report"}},
		{capture.RiskQuery{Text: "dawei"}, []string{"Dawei report"}},
		{capture.RiskQuery{Text: "example.org/s1"}, []string{"Hpakant report"}},
		{capture.RiskQuery{Text: "lashio"}, nil}, // checked, nothing found
		{capture.RiskQuery{Risk: "gone"}, []string{"Mandalay report", "Bago report"}},
		{capture.RiskQuery{Risk: "changed", Text: "sagaing"}, []string{"Sagaing report"}},
		{capture.RiskQuery{From: "2025-04", To: "2025-06"}, []string{"Dawei report", "Mandalay report", "Sagaing report", "Hpakant report"}},
		{capture.RiskQuery{To: "2025-03-01"}, []string{"Bago report"}},
	} {
		if got := names(c.q); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.q, got, c.want)
		}
	}
	for _, sort := range capture.ListSorts {
		whole := names(capture.RiskQuery{Sort: sort})
		var got []string
		q := capture.RiskQuery{Sort: sort, Limit: 2}
		for pages := 0; ; pages++ {
			page, err := store.SourcesAtRisk(ctx, q)
			if err != nil || pages > 10 {
				t.Fatalf("%s page %d: %v", sort, pages, err)
			}
			for _, r := range page.Risks {
				got = append(got, r.Title)
			}
			if page.Next == "" {
				break
			}
			q.After = page.Next
		}
		if len(whole) != 5 || !slices.Equal(got, whole) {
			t.Errorf("%s pages: %v, want %v", sort, got, whole)
		}
	}
	_ = src
	for _, c := range []struct {
		q     capture.RiskQuery
		field string
	}{
		{capture.RiskQuery{Risk: "lost"}, "risk"},
		{capture.RiskQuery{Sort: "worst"}, "sort"},
		{capture.RiskQuery{After: "bm9wZQ"}, "after"},
		{capture.RiskQuery{From: "March"}, "from"},
	} {
		_, err := store.SourcesAtRisk(ctx, c.q)
		if timeline.ErrorCode(err) != timeline.EINVALID || !slices.Equal(problemParams(err), []string{c.field}) {
			t.Errorf("%+v: %v, want a problem with %s", c.q, err, c.field)
		}
	}
}
