package postgres_test

import (
	"bytes"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/export"
	"annals/internal/importer"
	"annals/internal/media"
	"annals/internal/media/mediatest"
	"annals/internal/native"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

func exportJSON(t *testing.T, store *postgres.Store, slug string, publicOnly bool) []byte {
	t.Helper()
	doc, err := store.ExportTimeline(context.Background(), slug, publicOnly)
	if err != nil {
		t.Fatalf("export %s: %v", slug, err)
	}
	doc.MediaBase = "https://annals.example.org"
	data, err := native.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func exportCSV(t *testing.T, store *postgres.Store, slug string, publicOnly bool) []byte {
	t.Helper()
	doc, err := store.ExportTimeline(context.Background(), slug, publicOnly)
	if err != nil {
		t.Fatalf("export %s: %v", slug, err)
	}
	var buf bytes.Buffer
	if err := export.CSV(&buf, doc); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fixtureStore is a database with the demo and the CSV fixture, which has
// a draft event, a confidential source and a figure from an uncited source.
func fixtureStore(t *testing.T) *postgres.Store {
	t.Helper()
	store := postgres.NewStore(pgtest.NewPool(t))
	ctx := context.Background()
	// Media of every kind: an upload, a video, a sensitive linked image.
	variants, err := media.Clean(bytes.NewReader(mediatest.JPEGWithMetadata(600, 400)))
	if err != nil {
		t.Fatal(err)
	}
	upload, err := store.PutImage(ctx, auth.User{}, variants)
	if err != nil {
		t.Fatal(err)
	}
	demoDoc := loadDemo(t)
	demoDoc.Events[0].Media = []timeline.Media{{Kind: timeline.MediaImage, Upload: upload, Alt: "A crowd", Caption: "Yangon", Credit: "A reader"}}
	demoDoc.Events[1].Media = []timeline.Media{{Kind: timeline.MediaVideo, URL: "https://t.me/channel/123", Caption: "Night raid"}}
	demoDoc.Events[2].Media = []timeline.Media{{Kind: timeline.MediaImage, URL: "https://example.org/a.png", Alt: "A body", Sensitive: true}}
	if _, err := store.ImportDocument(ctx, demoDoc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../importer/testdata/events.csv")
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := importer.Parse("events.csv", data, importer.Options{Timeline: timeline.Timeline{Slug: "fixture", Title: "Fixture"}})
	if err != nil {
		t.Fatal(err)
	}
	// Publish the event with the confidential source, keep the coup a draft.
	for i := range doc.Events {
		switch doc.Events[i].Slug {
		case "protests":
			doc.Events[i].Status = timeline.StatusPublished
		case "coup":
			doc.Events[i].Status = timeline.StatusDraft
		}
	}
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	return store
}

func TestNativeJSONRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	from := fixtureStore(t)
	for _, slug := range []string{"myanmar-2021", "fixture"} {
		for _, public := range []bool{false, true} {
			first := exportJSON(t, from, slug, public)
			doc, err := native.Decode(bytes.NewReader(first))
			if err != nil {
				t.Fatalf("%s public=%v: the export does not decode: %v", slug, public, err)
			}
			to := postgres.NewStore(pgtest.NewPool(t))
			if _, err := to.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "round trip"}); err != nil {
				t.Fatalf("%s public=%v: import the export: %v", slug, public, err)
			}
			second := exportJSON(t, to, slug, false)
			if slug == "myanmar-2021" && (!bytes.Contains(first, []byte(`"url": "https://annals.example.org/media/`)) ||
				!bytes.Contains(first, []byte(`"url": "https://t.me/channel/123"`))) {
				t.Errorf("public=%v: the export lacks the uploaded image's address or the video", public)
			}
			if !bytes.Equal(first, second) {
				t.Errorf("%s public=%v: export -> import -> export differs:\n%s", slug, public, firstDiff(first, second))
			}
		}
	}
}

func TestCSVRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	from := fixtureStore(t)
	for _, slug := range []string{"myanmar-2021", "fixture"} {
		first := exportCSV(t, from, slug, false)
		doc, rep, err := importer.ParseFormat(importer.FormatCSV, slug+".csv", first, importer.Options{})
		if err != nil {
			t.Fatalf("%s: the CSV export does not import: %v", slug, err)
		}
		to := postgres.NewStore(pgtest.NewPool(t))
		if _, err := to.ImportDocument(ctx, doc, timeline.ImportOptions{Reason: "round trip", Drafts: !rep.FileStatus}); err != nil {
			t.Fatalf("%s: import: %v", slug, err)
		}
		second := exportCSV(t, to, slug, false)
		if !bytes.Equal(first, second) {
			t.Errorf("%s: CSV export -> import -> export differs:\n%s", slug, firstDiff(first, second))
		}
	}
}

func TestPublicExportHoldsOnlyPublicData(t *testing.T) {
	t.Parallel()
	store := fixtureStore(t)
	for name, data := range map[string][]byte{
		"json": exportJSON(t, store, "fixture", true),
		"csv":  exportCSV(t, store, "fixture", true),
	} {
		s := string(data)
		for _, secret := range []string{"Military seizes power", "Interview with a strike leader", "Field team", "p. 3"} {
			if strings.Contains(s, secret) {
				t.Errorf("public %s export contains %q", name, secret)
			}
		}
		for _, public := range []string{"Mass protests", "Death toll", native.ConfidentialTitle} {
			if !strings.Contains(s, public) {
				t.Errorf("public %s export lacks %q", name, public)
			}
		}
	}
	full := string(exportJSON(t, store, "fixture", false))
	if !strings.Contains(full, "Interview with a strike leader") || !strings.Contains(full, "Military seizes power") {
		t.Error("the operator's full export lacks the draft or the confidential source")
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	doc := loadDemo(t)
	res, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.DryRun || res.EventsCreated != len(doc.Events) || len(res.Events) != len(doc.Events) || res.Events[0].Change != "create" {
		t.Errorf("dry run result = %s %+v", res, res.Events)
	}
	if has, err := store.HasTimelines(ctx); err != nil || has {
		t.Fatalf("a dry run wrote a timeline (%v)", err)
	}
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	changed := doc
	changed.Events = append([]timeline.Event(nil), doc.Events...)
	changed.Events[1].Title = "A new title"
	res, err = store.ImportDocument(ctx, changed, timeline.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	out := res.Outcomes()
	if out[doc.Events[1].Slug] != "update" || out[doc.Events[0].Slug] != "unchanged" || res.EventsUpdated != 1 {
		t.Errorf("dry run of one change: %s %v", res, out)
	}
	_, e, err := store.PublicEvent(ctx, "myanmar-2021", doc.Events[1].Slug)
	if err != nil || e.Title == "A new title" {
		t.Errorf("the dry run changed the event: %q %v", e.Title, err)
	}
}

func TestImportDraftsNeverChangesPublishedEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	doc := loadDemo(t)
	if _, err := store.ImportDocument(ctx, doc, timeline.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// A spreadsheet import: every event a draft in the document, one new.
	again := doc
	again.Events = nil
	for _, e := range doc.Events[:3] {
		e.Status = timeline.StatusDraft
		again.Events = append(again.Events, e)
	}
	fresh := doc.Events[0]
	fresh.Slug, fresh.Status = "a-new-event", timeline.StatusPublished
	again.Events = append(again.Events, fresh)
	res, err := store.ImportDocument(ctx, again, timeline.ImportOptions{Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.EventsCreated != 1 || res.EventsUnchanged != 3 {
		t.Errorf("result = %s; the existing events must stay as they are", res)
	}
	if _, _, err := store.PublicEvent(ctx, "myanmar-2021", doc.Events[0].Slug); err != nil {
		t.Errorf("an existing published event was unpublished: %v", err)
	}
	if _, _, err := store.PublicEvent(ctx, "myanmar-2021", "a-new-event"); timeline.ErrorCode(err) != timeline.ENOTFOUND {
		t.Errorf("a new event must start as a draft, got %v", err)
	}
}

func TestPublicEventPage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := fixtureStore(t)
	all, err := store.PublicTimeline(ctx, "myanmar-2021", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 20 {
			t.Fatal("pagination does not end")
		}
		page, err := store.PublicEventPage(ctx, "myanmar-2021", timeline.Filter{}, cursor, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Events) > 5 {
			t.Fatalf("page of %d events, limit 5", len(page.Events))
		}
		for _, e := range page.Events {
			got = append(got, e.Slug)
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	if len(got) != len(all.Events) {
		t.Fatalf("paged through %d events, the timeline has %d", len(got), len(all.Events))
	}
	for i, e := range all.Events {
		if got[i] != e.Slug {
			t.Errorf("event %d: paged %s, timeline order %s", i, got[i], e.Slug)
		}
	}
	if _, err := store.PublicEventPage(ctx, "myanmar-2021", timeline.Filter{}, "not-a-cursor", 5); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Errorf("a forged cursor: %v, want EINVALID", err)
	}
	page, err := store.PublicEventPage(ctx, "fixture", timeline.Filter{}, "", 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range page.Events {
		if e.Slug == "coup" {
			t.Error("a draft is on an API page")
		}
		for _, c := range e.Citations {
			if c.Source.Confidential && (c.Source.Title != "" || c.Locator != "") {
				t.Errorf("a confidential source is not blanked: %+v", c)
			}
		}
	}
}

func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range max(len(la), len(lb)) {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return "line " + strconv.Itoa(i+1) + ":\n- " + x + "\n+ " + y
		}
	}
	return "(same lines, different bytes)"
}
