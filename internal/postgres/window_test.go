package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"annals/internal/demo"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// generatedStore holds a generated timeline of 130 published events: three
// windows of 50.
func generatedStore(t *testing.T) *postgres.Store {
	t.Helper()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.ImportDocument(context.Background(), demo.Generated("gen", 130), timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatalf("import: %v", err)
	}
	return store
}

func slugs(events []timeline.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.Slug)
	}
	return out
}

// walk follows the window links from w to the end, in the direction the
// window reads, and returns every event it saw in reading order.
func walk(t *testing.T, store *postgres.Store, f timeline.Filter, w timeline.Window) []string {
	t.Helper()
	var seen []string
	for range 10 {
		win, err := store.PublicEventWindow(context.Background(), "gen", f, w)
		if err != nil {
			t.Fatalf("window %+v: %v", w, err)
		}
		if len(win.Events) > timeline.WindowSize {
			t.Fatalf("window of %d events", len(win.Events))
		}
		seen = append(seen, slugs(win.Events)...)
		next := timeline.Window{Newest: w.Newest, After: win.Later}
		if w.Newest {
			next = timeline.Window{Newest: true, Before: win.Earlier}
		}
		if next.After == "" && next.Before == "" {
			return seen
		}
		w = next
	}
	t.Fatal("the window links never end")
	return nil
}

func TestWindowLinksCoverEveryEventOnce(t *testing.T) {
	t.Parallel()
	store := generatedStore(t)
	ctx := context.Background()
	all, err := store.PublicTimeline(ctx, "gen", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := slugs(all.Events)
	if len(want) != 130 {
		t.Fatalf("%d public events, want 130", len(want))
	}
	if got := walk(t, store, timeline.Filter{}, timeline.Window{}); !slices.Equal(got, want) {
		t.Errorf("oldest first, the windows show\n%v\nwant\n%v", got, want)
	}
	reversed := slices.Clone(want)
	slices.Reverse(reversed)
	if got := walk(t, store, timeline.Filter{}, timeline.Window{Newest: true}); !slices.Equal(got, reversed) {
		t.Errorf("newest first, the windows show\n%v\nwant\n%v", got, reversed)
	}

	// Walking back from past the end with the "earlier" links also meets
	// every event once, and the first window has no earlier link.
	first, err := store.PublicEventWindow(ctx, "gen", timeline.Filter{}, timeline.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if first.Earlier != "" {
		t.Errorf("the first window links to earlier events: %q", first.Earlier)
	}
	w := timeline.Window{Before: cursorAfterLast(t, store)}
	var back []string
	for w.Before != "" {
		win, err := store.PublicEventWindow(ctx, "gen", timeline.Filter{}, w)
		if err != nil {
			t.Fatal(err)
		}
		if win.Later == "" && len(back) > 0 {
			t.Errorf("window before %q has no later link", w.Before)
		}
		back = append(slugs(win.Events), back...)
		w = timeline.Window{Before: win.Earlier}
	}
	if !slices.Equal(back, want) {
		t.Errorf("walking back, the windows show\n%v\nwant\n%v", back, want)
	}

	// A filter combines with the window.
	odd, err := store.PublicTimeline(ctx, "gen", timeline.Filter{Categories: []string{"odd"}})
	if err != nil {
		t.Fatal(err)
	}
	f := timeline.Filter{Categories: []string{"odd"}, From: timeline.FuzzyDate{Year: 2019, Month: 6, Precision: timeline.PrecisionMonth}}
	var wantOdd []string
	for _, e := range odd.Events {
		if !e.When.End.IsZero() || e.When.Start.Last().Before(f.From.First()) {
			continue
		}
		wantOdd = append(wantOdd, e.Slug)
	}
	if got := walk(t, store, f, timeline.Window{}); !slices.Equal(got, wantOdd) {
		t.Errorf("filtered, the windows show\n%v\nwant\n%v", got, wantOdd)
	}
}

// cursorAfterLast is the "earlier" cursor of an empty window opened past
// the last event.
func cursorAfterLast(t *testing.T, store *postgres.Store) string {
	t.Helper()
	win, err := store.PublicEventWindow(context.Background(), "gen", timeline.Filter{}, timeline.Window{At: timeline.FuzzyDate{Year: 2100, Precision: timeline.PrecisionYear}})
	if err != nil {
		t.Fatal(err)
	}
	if len(win.Events) != 0 || win.Earlier == "" || win.Later != "" {
		t.Fatalf("a window past the end: %d events, earlier %q, later %q", len(win.Events), win.Earlier, win.Later)
	}
	return win.Earlier
}

func TestWindowAtAMonth(t *testing.T) {
	t.Parallel()
	store := generatedStore(t)
	ctx := context.Background()
	all, err := store.PublicTimeline(ctx, "gen", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	march := timeline.FuzzyDate{Year: 2021, Month: 3, Precision: timeline.PrecisionMonth}
	i := slices.IndexFunc(all.Events, func(e timeline.Event) bool { return !e.When.Start.First().Before(march.First()) })
	j := slices.IndexFunc(all.Events, func(e timeline.Event) bool { return e.When.Start.First().After(march.Last()) })
	if i < 0 || j <= i {
		t.Fatal("the generated timeline has no March 2021 events")
	}
	win, err := store.PublicEventWindow(ctx, "gen", timeline.Filter{}, timeline.Window{At: march})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := slugs(win.Events), slugs(all.Events[i:min(i+50, len(all.Events))]); !slices.Equal(got, want) {
		t.Errorf("at 2021-03:\n%v\nwant\n%v", got, want)
	}
	if win.Earlier == "" {
		t.Error("no link to the events before March 2021")
	}
	// Newest first, the window opens at March's last event.
	win, err = store.PublicEventWindow(ctx, "gen", timeline.Filter{}, timeline.Window{At: march, Newest: true})
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(all.Events[max(0, j-50):j])
	slices.Reverse(want)
	if got := slugs(win.Events); !slices.Equal(got, slugs(want)) {
		t.Errorf("at 2021-03 newest first:\n%v\nwant\n%v", got, slugs(want))
	}
	if win.Later == "" {
		t.Error("no link to the events after March 2021")
	}
}

func TestWindowRefusesABadCursor(t *testing.T) {
	t.Parallel()
	store := generatedStore(t)
	for _, w := range []timeline.Window{{After: "nonsense"}, {Before: "djIuMjAyMS0wMy0wMQ"}} {
		_, err := store.PublicEventWindow(context.Background(), "gen", timeline.Filter{}, w)
		if timeline.ErrorCode(err) != timeline.EINVALID {
			t.Errorf("%+v: %v, want EINVALID", w, err)
		}
	}
}

func TestEventCountsEqualTheData(t *testing.T) {
	t.Parallel()
	store := generatedStore(t)
	ctx := context.Background()
	for _, f := range []timeline.Filter{{}, {Categories: []string{"odd"}}, {Actors: []string{"third"}}} {
		pt, err := store.PublicTimeline(ctx, "gen", f)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		for _, e := range pt.Events {
			want[fmt.Sprintf("%d-%02d", e.When.Start.Year, int(e.When.Start.Month))]++
		}
		counts, err := store.PublicEventCounts(ctx, "gen", f)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, c := range counts {
			got[fmt.Sprintf("%d-%02d", c.Year, c.Month)] += c.Count
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("filter %+v: counts\n%v\nwant\n%v", f, got, want)
		}
	}
}

func TestEventNeighbours(t *testing.T) {
	t.Parallel()
	store := generatedStore(t)
	ctx := context.Background()
	all, err := store.PublicTimeline(ctx, "gen", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, 2, 6, 7, 64, 128, 129} {
		n, err := store.PublicEventNeighbours(ctx, "gen", all.Events[i])
		if err != nil {
			t.Fatal(err)
		}
		var prev, next string
		if i > 0 {
			prev = all.Events[i-1].Slug
		}
		if i+1 < len(all.Events) {
			next = all.Events[i+1].Slug
		}
		if n.Previous.Slug != prev || n.Next.Slug != next {
			t.Errorf("event %d: previous %q next %q, want %q and %q", i, n.Previous.Slug, n.Next.Slug, prev, next)
		}
	}
}
