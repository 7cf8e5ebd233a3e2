package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// TestMetricsList: editors keep the list of metrics. The demo's metrics
// are listed (new ones unreviewed), an editor renames one, a bad slug is
// refused naming the field, the event editor chooses a figure's metric
// from the list, and a figure with a new metric adds it, marked new.
func TestMetricsList(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ed := app.SignIn(t, app.User(t, auth.RoleEditor))
	_, body := ed.Get(t, "/staff/metrics")
	d := page(t, body)
	rows := map[string]bool{} // slug -> new
	d.Find("[data-testid=catalog] tbody tr").Each(func(_ int, r *goquery.Selection) {
		_, isNew := r.Attr("data-new")
		rows[strings.TrimSpace(r.Find("code").Text())] = isNew
	})
	for _, slug := range []string{"killed", "detained"} {
		if isNew, ok := rows[slug]; !ok || !isNew {
			t.Errorf("metrics list: %q listed %v, new %v; want listed, unreviewed", slug, ok, isNew)
		}
	}
	res, _ := ed.Post(t, "/staff/metrics", url.Values{"slug": {"killed"}, "name": {"People killed"}, "unit": {"people"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: status %d", res.StatusCode)
	}
	_, body = ed.Get(t, "/staff/metrics")
	if !strings.Contains(body, "People killed") {
		t.Error("the renamed metric is not listed under its new name")
	}
	res, body = ed.Post(t, "/staff/metrics", url.Values{"slug": {"Arrested people"}, "name": {"Arrested"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorsOf(body), "lower-case word") {
		t.Errorf("bad slug: status %d, errors %q", res.StatusCode, errorsOf(body))
	}
	// The editor's metric field is a choice from the list.
	_, body = ed.Get(t, "/staff/events/new")
	sel := page(t, body).Find("select[name=fig_metric_0]")
	if sel.Length() != 1 || sel.Find("option[value=killed]").Length() != 1 || !strings.Contains(sel.Find("option[value=killed]").Text(), "People killed") {
		t.Errorf("the editor's metric field is not a select of the list: %d selects", sel.Length())
	}
	// A figure written with a metric the list lacks (an import, the API)
	// adds it, marked new for an editor to check.
	if _, err := app.Store.Pool().Exec(context.Background(),
		`UPDATE figures SET metric = 'arrested' WHERE id = (SELECT min(id) FROM figures WHERE metric = 'detained')`); err != nil {
		t.Fatal(err)
	}
	_, body = ed.Get(t, "/staff/metrics")
	if !strings.Contains(body, "<code>arrested</code>") {
		t.Error("a figure's new metric was not added to the list")
	}
}
