package a11y_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/media"
	"annals/internal/media/mediatest"
	"annals/internal/native"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// An event page with an uploaded image, a sensitive one, a video card and
// a linked image passes axe-core (no serious or critical violations), at
// every width, and so does its print version.
func TestEventPageWithMedia(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	ctx := context.Background()
	variants, err := media.Clean(bytes.NewReader(mediatest.JPEGWithMetadata(1200, 800)))
	if err != nil {
		t.Fatal(err)
	}
	upload, err := app.Store.PutImage(ctx, auth.User{}, variants)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../postgres/testdata/search-public.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := native.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	doc.Events[0].Media = []timeline.Media{
		{Kind: timeline.MediaImage, Upload: upload, Alt: "Soldiers at a checkpoint", Caption: "Naypyitaw", Credit: "A reader"},
		{Kind: timeline.MediaImage, Upload: upload, Alt: "Wounded people on a road", Sensitive: true},
		{Kind: timeline.MediaVideo, URL: "https://www.facebook.com/watch/?v=123", Caption: "Troops in the capital"},
		{Kind: timeline.MediaImage, URL: "https://example.org/photo.jpg", Alt: "Tanks on a bridge"},
	}
	if _, err := app.Store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	_, page := app.Get(t, "/t/search-test/e/"+doc.Events[0].Slug)
	if strings.Count(page, `data-testid="media-image"`) != 2 || strings.Count(page, `data-testid="media-card"`) != 2 {
		t.Fatal("the event page does not show the four media")
	}
	b := browsertest.New(t, 1280, 900)
	for _, path := range []string{"/t/search-test/e/" + doc.Events[0].Slug, "/t/search-test", "/t/search-test/print",
		"/embed/t/search-test/e/" + doc.Events[0].Slug} {
		a11y.CheckWidths(t, b, app.URL+path, a11y.Widths...)
	}
}
