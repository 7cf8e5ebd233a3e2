package a11y_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"testing"

	"annals/internal/a11y"
	"annals/internal/browsertest"
	"annals/internal/native"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// TestHarnessFindsViolations proves the harness can fail: a page with an
// unlabelled image, button and field must come back with those violations.
func TestHarnessFindsViolations(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!doctype html><html lang="en"><title>bad</title><main>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<button></button>
<input type="text">
<p style="color:#bbb;background:#fff">low contrast text</p></main></html>`))
	}))
	defer ts.Close()
	ctx := browsertest.New(t, 1280, 900)
	vs, err := a11y.Run(ctx, ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
		if v.ID == "image-alt" && !v.Blocking() {
			t.Errorf("image-alt should be blocking, impact %q", v.Impact)
		}
	}
	for _, want := range []string{"image-alt", "button-name", "label", "color-contrast"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe did not report %s (got %v)", want, ids)
		}
	}
}

// TestPublicPages runs axe over the public pages at desktop and phone
// widths; any serious or critical violation fails.
func TestPublicPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	// Burmese events too, from the search tests' data.
	for _, name := range []string{"search-public", "search-second"} {
		f, err := os.Open("../postgres/testdata/" + name + ".json")
		if err != nil {
			t.Fatal(err)
		}
		doc, err := native.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Store.ImportDocument(context.Background(), doc, timeline.ImportOptions{Reason: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	// A place filter opens the timeline's map.
	places, err := app.Store.PublicPlaceCounts(context.Background(), "myanmar-2021", timeline.Filter{})
	if err != nil || len(places) == 0 {
		t.Fatalf("the demo has no places on its map (%v)", err)
	}
	placeFilter := fmt.Sprintf("/t/myanmar-2021?place=%d", places[0].ID)
	ctx := browsertest.New(t, 1280, 900)
	for _, path := range []string{
		placeFilter,
		"/t/myanmar-2021/e/coup", // a locator map
		"/",
		"/t/myanmar-2021",
		"/t/myanmar-2021?category=casualties&from=2021-03",
		"/t/myanmar-2021/e/election-2020",
		"/t/myanmar-2021?at=2021-03&order=newest", // a later window: overview marks, window links
		"/embed/t/myanmar-2021?latest=3",
		"/sources/1", // a source's page, with the events citing it
		"/search",
		"/search?q=Min+Aung+Hlaing",
		"/search?q=myanmar&category=un",
		"/t/myanmar-2021/search?q=coup",
		"/search?q=nothing-matches-this",
		"/search?q=" + url.QueryEscape("နေပြည်တော်"),
		"/t/search-test",
		"/t/search-test/e/council-meeting-my",
		"/t/no-such-timeline",
	} {
		a11y.CheckWidths(t, ctx, app.URL+path, a11y.Widths...)
	}
}
