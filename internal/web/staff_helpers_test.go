package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/webtest"
)

// eventForm is the editor's form for a small valid event citing one new
// source; callers change what they need.
func eventForm(title, sourceURL string) url.Values {
	return url.Values{
		"title": {title}, "start": {"2021-03-05"}, "category": {"casualties"}, "timelines": {"myanmar-2021"},
		"summary": {"What happened, in **Markdown**."}, "place_name": {"Yangon"}, "place_country": {"MM"},
		"actor_rows": {"1"}, "actor_0": {"tatmadaw"}, "actor_role_0": {"perpetrator"},
		"cite_rows": {"1"}, "cite_source_0": {""}, "cite_title_0": {"Report on " + title}, "cite_url_0": {sourceURL},
		"cite_publisher_0": {"Example News"}, "cite_kind_0": {"news"}, "cite_published_0": {"2021-03-06"},
		"cite_locator_0": {"para. 2"}, "cite_note_0": {"the date and place"},
		"fig_rows": {"1"}, "fig_metric_0": {"killed"}, "fig_value_0": {"12"}, "fig_qualifier_0": {"at_least"},
		"fig_scope_0": {"event"}, "fig_asof_0": {"2021-03-05"}, "fig_source_0": {"row:0"},
		"do": {"save"},
	}
}

// createEvent saves a new event through the editor and returns its id.
func createEvent(t *testing.T, s *webtest.Session, form url.Values) int64 {
	t.Helper()
	res, body := s.Post(t, "/staff/events", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create event: status %d\n%s", res.StatusCode, errorsOf(body))
	}
	return idFromLocation(t, res)
}

func idFromLocation(t *testing.T, res *http.Response) int64 {
	t.Helper()
	loc := res.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/staff/events/"), 10, 64)
	if err != nil {
		t.Fatalf("redirected to %q, not to an event", loc)
	}
	return id
}

// errorsOf extracts the error summary and field errors of a page, for
// failure messages.
func errorsOf(body string) string {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		return body
	}
	var out []string
	doc.Find(".error-summary li, .field-error, [data-testid=error], .conflict, [data-testid=flash]").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Text()))
	})
	if len(out) == 0 {
		return body[:min(len(body), 2000)]
	}
	return strings.Join(out, "\n")
}

func version(t *testing.T, app *webtest.App, id int64) string {
	t.Helper()
	ev, err := app.Store.StaffEvent(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(ev.Version)
}

// act runs a workflow step and returns the flash message shown after it.
func act(t *testing.T, app *webtest.App, s *webtest.Session, id int64, action string, extra url.Values) string {
	t.Helper()
	form := url.Values{"version": {version(t, app, id)}}
	for k, v := range extra {
		form[k] = v
	}
	res, body := s.Post(t, fmt.Sprintf("/staff/events/%d/%s", id, action), form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s event %d: status %d\n%s", action, id, res.StatusCode, errorsOf(body))
	}
	_, page := s.Get(t, res.Header.Get("Location"))
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(page))
	return strings.TrimSpace(doc.Find("[data-testid=flash]").Text())
}

// editForm reads the editor's form of event id as the browser would send it.
func editForm(t *testing.T, s *webtest.Session, id int64) url.Values {
	t.Helper()
	res, body := s.Get(t, fmt.Sprintf("/staff/events/%d", id))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("open editor of %d: %d", id, res.StatusCode)
	}
	return formIn(t, body)
}
