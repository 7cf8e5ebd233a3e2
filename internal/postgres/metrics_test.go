package postgres_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/demo"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// TestImportAddsNewMetricsForReview: an import whose figures count a
// metric the list lacks says so in its result and adds it unreviewed; an
// editor's save marks it reviewed, with a revision.
func TestImportAddsNewMetricsForReview(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	res, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.NewMetrics, []string{"detained", "killed"}) {
		t.Errorf("first import: new metrics %v, want detained, killed", res.NewMetrics)
	}
	doc.Events[len(doc.Events)-1].Figures[0].Metric = "arrested"
	if res, err = store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.NewMetrics, []string{"arrested"}) {
		t.Errorf("second import: new metrics %v, want arrested", res.NewMetrics)
	}
	list, err := store.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 || list[0].Reviewed {
		t.Fatalf("metrics %+v, want three, unreviewed", list)
	}
	if err := store.SaveMetric(ctx, auth.User{}, timeline.Metric{Slug: "arrested", Name: "Arrested", Unit: "people"}); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveMetric(ctx, auth.User{}, timeline.Metric{Slug: "Arrested!", Name: "x"}); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Errorf("a bad slug: %v, want EINVALID", err)
	}
	list, _ = store.Metrics(ctx)
	for _, m := range list {
		if m.Slug == "arrested" && (!m.Reviewed || m.Figures != 1) {
			t.Errorf("arrested after review: %+v", m)
		}
	}
	revs, err := store.History(ctx, "metric", 3)
	if err != nil || len(revs) != 1 {
		t.Errorf("metric revisions: %d, %v", len(revs), err)
	}
}

// TestMetricNamesInLanguages: editors give a metric names in the readers'
// other languages; they are in its revision, public through
// PublicMetricNames, and a change of them is a new public version of the
// timelines (pages cached by it must not keep the old name). English, or a
// tag that is not a language, is refused naming the field.
func TestMetricNamesInLanguages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := demo.Import(ctx, store, "test"); err != nil {
		t.Fatal(err)
	}
	before := timelineVersion(t, store, "myanmar-2021")
	m := timeline.Metric{Slug: "killed", Name: "Killed", Unit: "people", Names: map[string]string{"my": " အသက်ဆုံးရှုံးသူ ", "ar": ""}}
	if err := store.SaveMetric(ctx, auth.User{}, m); err != nil {
		t.Fatal(err)
	}
	my, err := store.PublicMetricNames(ctx, "my")
	if err != nil || my["killed"] != "အသက်ဆုံးရှုံးသူ" {
		t.Errorf("Burmese names %v, %v", my, err)
	}
	if ar, _ := store.PublicMetricNames(ctx, "ar"); len(ar) != 0 {
		t.Errorf("an empty Arabic name was kept: %v", ar)
	}
	after := timelineVersion(t, store, "myanmar-2021")
	if after == before {
		t.Error("new metric names left the timeline's public version alone")
	}
	// Saving the same names again changes nothing public.
	if err := store.SaveMetric(ctx, auth.User{}, m); err != nil {
		t.Fatal(err)
	}
	if v := timelineVersion(t, store, "myanmar-2021"); v != after {
		t.Errorf("saving the same names moved the public version %d -> %d", after, v)
	}
	list, _ := store.Metrics(ctx)
	for _, x := range list {
		if x.Slug == "killed" && x.Names["my"] != "အသက်ဆုံးရှုံးသူ" {
			t.Errorf("the list's killed: %+v", x)
		}
	}
	var id int64
	if err := store.Pool().QueryRow(ctx, `SELECT id FROM metrics WHERE slug = 'killed'`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	revs, err := store.History(ctx, "metric", id)
	if err != nil || len(revs) == 0 || !strings.Contains(string(revs[0].Record), "အသက်ဆုံးရှုံးသူ") {
		t.Errorf("the metric's revision lacks its Burmese name: %v", err)
	}
	for _, bad := range []map[string]string{{"en": "Killed"}, {"My!": "x"}, {"my": strings.Repeat("က", timeline.MaxNameLength+1)}} {
		err := store.SaveMetric(ctx, auth.User{}, timeline.Metric{Slug: "killed", Name: "Killed", Names: bad})
		if timeline.ErrorCode(err) != timeline.EINVALID {
			t.Errorf("names %v: %v, want EINVALID", bad, err)
		}
	}
	if my, _ := store.PublicMetricNames(ctx, "my"); my["killed"] != "အသက်ဆုံးရှုံးသူ" {
		t.Error("a refused save changed the names")
	}
}
