package postgres_test

import (
	"context"
	"slices"
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
