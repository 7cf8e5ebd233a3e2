package web_test

import (
	"bytes"
	"context"
	"net/http"
	"testing"

	"annals/internal/export"
	"annals/internal/native"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// TestStreamedExportsEqualTheWholeDocument exports a timeline of 2,345
// events (more than one of the batches an export reads at a time, many
// on the same day) as JSON, CSV and TimelineJS: each file equals the one encoded from
// the whole document at once, holds every event, and a client holding its
// ETag gets a 304 until the record changes.
func TestStreamedExportsEqualTheWholeDocument(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	if _, err := app.Store.Pool().Exec(ctx, scaleData(2345)); err != nil {
		t.Fatal(err)
	}
	app.Sync(t)
	doc, err := app.Store.ExportTimeline(ctx, "scale", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Events) != 2345 {
		t.Fatalf("the export holds %d events", len(doc.Events))
	}
	head, err := app.Store.ChainHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	doc.ChainHead = &head
	wantJSON, err := native.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	var wantCSV bytes.Buffer
	if err := export.CSV(&wantCSV, doc); err != nil {
		t.Fatal(err)
	}
	wantTJS, err := export.TimelineJS(doc, app.URL, func(event string) string { return app.URL + "/t/scale/e/" + event })
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string][]byte{"/t/scale.json": wantJSON, "/t/scale.csv": wantCSV.Bytes(), "/t/scale/timelinejs.json": wantTJS} {
		res, body := app.Get(t, path)
		if res.StatusCode != http.StatusOK || body != string(want) {
			t.Errorf("%s: %d, %d bytes, want the whole document's %d bytes", path, res.StatusCode, len(body), len(want))
			continue
		}
		etag := res.Header.Get("ETag")
		if res, _ := app.Get(t, path, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
			t.Errorf("%s with its ETag: %d", path, res.StatusCode)
		}
	}
	// A new revision anywhere is a new chain head, which the file states:
	// a new ETag.
	res, _ := app.Get(t, "/t/scale.json")
	etag := res.Header.Get("ETag")
	second, err := native.Decode(bytes.NewReader([]byte(embSecondTimeline)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.ImportDocument(ctx, second, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	app.Sync(t)
	if res, _ := app.Get(t, "/t/scale.json", "If-None-Match", etag); res.StatusCode != http.StatusOK {
		t.Errorf("after a new revision, the old ETag gave %d", res.StatusCode)
	}
}
