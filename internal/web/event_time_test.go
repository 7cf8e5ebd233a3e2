package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
)

func parseHTML(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// The editor keeps a local time of day; once published, the public pages
// show it after the date, in the reader's language and digits.
func TestEventTimeEditorAndPublicPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))

	// A time without a day is refused, the problem shown beside the field.
	form := eventForm("Night arrests", "https://example.org/night-arrests")
	form.Set("start", "2021-03")
	form.Set("start_time", "03:00")
	res, body := editor.Post(t, "/staff/events", form)
	if res.StatusCode == http.StatusSeeOther {
		t.Fatal("a time on a month date was saved")
	}
	doc := parseHTML(t, body)
	if msg := doc.Find("#start_time").NextAllFiltered(".field-error").First().Text(); !strings.Contains(msg, "a time needs a date with its day") {
		t.Errorf("no error beside the start time; errors: %s", errorsOf(body))
	}
	if v, _ := doc.Find("#start_time").Attr("value"); v != "03:00" {
		t.Errorf("the refused form lost the time: %q", v)
	}
	form.Set("end", "2021-03-07")
	form.Set("start", "2021-03-05")
	form.Set("end_time", "25:00")
	res, body = editor.Post(t, "/staff/events", form)
	if res.StatusCode == http.StatusSeeOther {
		t.Fatal("an end time of 25:00 was saved")
	}
	if msg := parseHTML(t, body).Find("#end_time").NextAllFiltered(".field-error").First().Text(); !strings.Contains(msg, "hour 25") {
		t.Errorf("no error beside the end time; errors: %s", errorsOf(body))
	}

	// Saved with a time, shown again in the editor.
	form.Del("end")
	form.Del("end_time")
	id := createEvent(t, editor, form)
	_, body = editor.Get(t, fmt.Sprintf("/staff/events/%d", id))
	if v, _ := parseHTML(t, body).Find("input#start_time").Attr("value"); v != "03:00" {
		t.Errorf("the editor shows start time %q, want 03:00", v)
	}
	if !strings.Contains(body, "Local time (optional)") {
		t.Errorf("the time field has no label")
	}
	ev, err := app.Store.StaffEvent(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got := ev.Live.When.StartTime.String(); got != "03:00" {
		t.Fatalf("stored start time = %q", got)
	}
	act(t, app, editor, id, "submit", nil)
	act(t, app, reviewer, id, "publish", nil)

	path := "/t/myanmar-2021/e/" + ev.Live.Slug
	res, body = app.Get(t, path, "Accept-Language", "en")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", path, res.StatusCode)
	}
	when := parseHTML(t, body).Find("[data-testid=event-date]")
	if got := strings.TrimSpace(when.Text()); got != "5 March 2021, 03:00" {
		t.Errorf("event page date = %q, want 5 March 2021, 03:00", got)
	}
	if dt, _ := when.Attr("datetime"); dt != "2021-03-05T03:00" {
		t.Errorf("datetime = %q, want 2021-03-05T03:00", dt)
	}
	_, body = app.Get(t, "/t/myanmar-2021", "Accept-Language", "en")
	if !strings.Contains(body, "5 March 2021, 03:00") || !strings.Contains(body, `datetime="2021-03-05T03:00"`) {
		t.Errorf("the timeline page does not show the time")
	}
	_, body = app.Get(t, path, "Accept-Language", "my")
	if got := strings.TrimSpace(parseHTML(t, body).Find("[data-testid=event-date]").Text()); !strings.HasSuffix(got, "၀၃:၀၀") {
		t.Errorf("Burmese event date = %q, want the time in Burmese digits (၀၃:၀၀)", got)
	}

	// The history shows the time as a field of the record.
	_, body = editor.Get(t, fmt.Sprintf("/staff/events/%d/history?all=1", id))
	if !strings.Contains(body, "Start time") || !strings.Contains(body, "03:00") {
		t.Errorf("the history does not show the time")
	}
}

// The API takes a date as annals/v1 writes it, time included, and names
// the field of a time without a day.
func TestEventTimeAPI(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	token := newToken(t, app.SignIn(t, app.User(t, auth.RoleContributor)), "times")

	body := apiEventBody("Afternoon march", "https://example.org/afternoon-march")
	body["start"] = map[string]any{"date": "2021-03-06", "precision": "day", "time": "2:30 PM"}
	body["end"] = map[string]any{"date": "2021-03-06", "time": "17:00"}
	_, _, id := createViaAPI(t, app, token, body)
	ev, err := app.Store.StaffEvent(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if w := ev.Live.When; w.StartTime.String() != "14:30" || w.EndTime.String() != "17:00" {
		t.Errorf("stored times %q-%q, want 14:30-17:00", w.StartTime, w.EndTime)
	}
	// A plain string date still works (no time).
	plain := apiEventBody("Plain date", "https://example.org/plain-date")
	createViaAPI(t, app, token, plain)

	bad := apiEventBody("Month with a time", "https://example.org/month-time")
	bad["start"] = map[string]any{"date": "2021-03", "time": "03:00"}
	a := apiCall(t, app, http.MethodPost, eventsPath, token, bad)
	if a.Status < 400 || a.Status >= 500 || !contains(a.problems(), "start_time") {
		t.Errorf("a time on a month: %d %s, want a client error naming start_time", a.Status, a.Body)
	}
	bad["start"] = map[string]any{"date": "2021-03-01", "time": "3 o'clock"}
	a = apiCall(t, app, http.MethodPost, eventsPath, token, bad)
	if a.Status < 400 || a.Status >= 500 || !contains(a.problems(), "start_time") {
		t.Errorf("a bad time: %d %s, want a client error naming start_time", a.Status, a.Body)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
