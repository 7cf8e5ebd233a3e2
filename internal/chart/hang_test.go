package chart

import (
	"context"
	"errors"
	"math"
	"slices"
	"strconv"
	"testing"
	"time"

	"annals/internal/timeline"
)

// hangLimit is how long a guarded call may take before the test calls it a
// hang. It is no speed target (those are benchmarks): a correct drawing of
// these inputs takes milliseconds, a hang takes forever.
const hangLimit = 5 * time.Second

// finishes runs f in a goroutine and fails the test, rather than hanging the
// suite, when f has not returned within hangLimit.
func finishes(t testing.TB, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(hangLimit):
		t.Fatalf("%s did not finish within %v: a loop that never ends", what, hangLimit)
	}
}

// crowdedTolls is the dataset that hung /t/{slug}: 35 event tolls, each
// from its own source, one dated "2021", four on 5 March 2021 and thirty on
// 1 April 2021.
func crowdedTolls(t testing.TB) []timeline.Figure {
	t.Helper()
	date := func(s string) timeline.FuzzyDate {
		d, err := timeline.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	var out []timeline.Figure
	add := func(s string) {
		id := int64(len(out) + 1)
		out = append(out, timeline.Figure{ID: id, Metric: "killed", Scope: timeline.ScopeEvent, Value: 3 + id%7,
			Qualifier: timeline.QualifierExact, AsOf: date(s), Source: src(id, "Source "+strconv.FormatInt(id, 10))})
	}
	add("2021")
	for range 4 {
		add("2021-03-05")
	}
	for range 30 {
		add("2021-04-01")
	}
	return out
}

// TestCrowdedDayFinishes draws the 35 tolls that once spun a core forever,
// and checks that every marker is drawn, inside the plot, none on another.
func TestCrowdedDayFinishes(t *testing.T) {
	c := Build("killed", crowdedTolls(t), nil)
	for _, width := range []int{Wide, Narrow} {
		var svg string
		finishes(t, "drawing 35 tolls, 30 on one day", func() { svg = c.Render(width, "c") })
		var xs []float64
		for _, e := range parseSVG(t, svg) {
			if e.attr["class"] != "stem" {
				continue
			}
			x, err := strconv.ParseFloat(e.attr["x1"], 64)
			if err != nil {
				t.Fatal(err)
			}
			if x < 0 || x > float64(width) {
				t.Errorf("width %d: a toll drawn at x=%.1f, outside the drawing", width, x)
			}
			xs = append(xs, x)
		}
		if len(xs) != 35 {
			t.Fatalf("width %d: %d tolls drawn, want 35", width, len(xs))
		}
		slices.Sort(xs)
		for i := 1; i < len(xs); i++ {
			if xs[i] == xs[i-1] {
				t.Errorf("width %d: two tolls drawn on one another at x=%.1f", width, xs[i])
			}
		}
	}
}

// TestHugeCountsFinish draws counts up to the int64 limit (old rows, direct
// SQL) without overflowing the value axis.
func TestHugeCountsFinish(t *testing.T) {
	for _, v := range []int64{timeline.MaxFigureValue, math.MaxInt64 / 4 * 3, math.MaxInt64 - 1, math.MaxInt64, -5, math.MinInt64} {
		var ticks []int64
		finishes(t, "valueTicks("+strconv.FormatInt(v, 10)+")", func() { ticks = valueTicks(v) })
		if len(ticks) < 2 || len(ticks) > 12 || ticks[0] != 0 || ticks[len(ticks)-1] < v {
			t.Errorf("valueTicks(%d) = %v, want 0 up to a tick at or above it", v, ticks)
		}
		for i := 1; i < len(ticks); i++ {
			if ticks[i] <= ticks[i-1] {
				t.Errorf("valueTicks(%d) = %v: not ascending (an overflow)", v, ticks)
			}
		}
		f := []timeline.Figure{fig(t, 1, "killed", timeline.ScopeEvent, v, timeline.QualifierExact, "2021-03-05", src(1, "A")),
			fig(t, 2, "killed", timeline.ScopeCumulative, v, timeline.QualifierAtLeast, "2021-04", src(1, "A"))}
		var svg string
		finishes(t, "drawing a count of "+strconv.FormatInt(v, 10), func() { svg = Build("killed", f, nil).SVG() })
		parseSVG(t, svg)
	}
}

// TestRenderStopsWhenTheContextEnds: a request that is gone or out of time
// gets an error, not a drawing.
func TestRenderStopsWhenTheContextEnds(t *testing.T) {
	c := Build("killed", crowdedTolls(t), nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if svg, err := c.RenderContext(ctx, Wide, "c"); !errors.Is(err, context.Canceled) || svg != "" {
		t.Errorf("canceled: %d bytes, error %v; want none and context.Canceled", len(svg), err)
	}
	ctx, cancel = context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	if _, err := c.RenderContext(ctx, Wide, "c"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("expired: error %v, want context.DeadlineExceeded", err)
	}
	if svg, err := c.RenderContext(context.Background(), Wide, "c"); err != nil || svg != c.Render(Wide, "c") {
		t.Errorf("live context: error %v, or a drawing unlike Render's", err)
	}
}
