package web_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/web"
	"annals/internal/webtest"
)

// listedNumbers reads a page's source list as "title address" -> number, checking
// that each source is listed once and that every citation on the page
// points at a listed number. Confidential sources (which show no title)
// are counted, not keyed.
func listedNumbers(t *testing.T, path string, page *goquery.Document) map[string]int {
	t.Helper()
	out := map[string]int{}
	listed := map[int]bool{}
	page.Find("[data-testid=source]").Each(func(_ int, s *goquery.Selection) {
		n, err := strconv.Atoi(s.AttrOr("value", ""))
		if err != nil || n < 1 {
			t.Errorf("%s: source entry %q has number %q", path, s.Text(), s.AttrOr("value", ""))
			return
		}
		if listed[n] {
			t.Errorf("%s: number %d is listed twice", path, n)
		}
		listed[n] = true
		if want := fmt.Sprintf("source-%d", n); s.AttrOr("id", "") != want {
			t.Errorf("%s: entry %d has id %q, want %q", path, n, s.AttrOr("id", ""), want)
		}
		if s.Find(".confidential").Length() > 0 {
			return
		}
		// Sources may share a title (a daily briefing): key by address too.
		title := strings.TrimSpace(s.Find("a.source-link, cite").First().Text())
		addr := s.Find("a.source-link").AttrOr("href", strings.TrimSpace(s.Find("[data-testid=source-url]").Text()))
		if title == "" {
			t.Errorf("%s: entry %d has no title", path, n)
			return
		}
		key := title + " " + addr
		if m, ok := out[key]; ok {
			t.Errorf("%s: %q is listed as [%d] and [%d]", path, key, m, n)
		}
		out[key] = n
	})
	page.Find("[data-testid=cite]").Each(func(_ int, s *goquery.Selection) {
		n, err := strconv.Atoi(strings.Trim(s.Text(), "[]"))
		if err != nil || !listed[n] {
			t.Errorf("%s: citation %q is not in the source list", path, s.Text())
		}
		if href := s.AttrOr("href", ""); !strings.HasSuffix(href, fmt.Sprintf("#source-%d", n)) {
			t.Errorf("%s: citation [%d] points at %q", path, n, href)
		}
	})
	if len(listed) == 0 {
		t.Errorf("%s: no sources listed", path)
	}
	return out
}

func TestCitationNumbersAreTheSameOnEveryPage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	whole := listedNumbers(t, "/t/myanmar-2021", getOK(t, app, "/t/myanmar-2021"))
	// Every source of the demo has its number, from 1 without gaps.
	var titles []string
	for _, e := range demoDoc(t).Events {
		for _, c := range e.Citations {
			titles = append(titles, c.Source.Title+" "+c.Source.URL)
		}
		for _, f := range e.Figures {
			titles = append(titles, f.Source.Title+" "+f.Source.URL)
		}
	}
	seen := map[int]bool{}
	for _, title := range titles {
		if whole[title] == 0 {
			t.Errorf("%q has no number on the timeline", title)
		}
		seen[whole[title]] = true
	}
	for n := 1; n <= len(seen); n++ {
		if !seen[n] {
			t.Errorf("number %d is missing from the timeline's %d sources", n, len(seen))
		}
	}
	for _, path := range []string{
		"/t/myanmar-2021?category=un",
		"/t/myanmar-2021?category=casualties",
		"/t/myanmar-2021?actor=aapp&from=2021-04",
		"/t/myanmar-2021/e/coup",
		"/t/myanmar-2021/e/armed-forces-day-killings",
		"/t/myanmar-2021/e/aapp-count-dec",
		"/t/myanmar-2021/e/unga-resolution-arms",
		"/embed/t/myanmar-2021",
		"/embed/t/myanmar-2021?category=casualties",
		"/embed/t/myanmar-2021?newest=1",
		"/embed/t/myanmar-2021/e/eu-sanctions-apr",
		"/t/myanmar-2021/print",
		"/t/myanmar-2021/print?category=sanctions",
	} {
		got := listedNumbers(t, path, getOK(t, app, path))
		for title, n := range got {
			if whole[title] != n {
				t.Errorf("%s: %q is [%d], on the timeline [%d]", path, title, n, whole[title])
			}
		}
	}
}

// A figure's source that the event also cites is one source, listed once.
func TestFigureSourceCitedByTheEventIsListedOnce(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	// The three tolls of armed-forces-day-killings come from sources the
	// event also cites, here with a locator the figures do not have.
	if _, err := app.Store.Pool().Exec(context.Background(), `UPDATE event_sources SET locator = 'para. 4'
	   WHERE event_id = (SELECT id FROM events WHERE slug = 'armed-forces-day-killings')`); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/t/myanmar-2021/e/armed-forces-day-killings", "/embed/t/myanmar-2021/e/armed-forces-day-killings"} {
		page := getOK(t, app, path)
		listedNumbers(t, path, page)
		cited := map[string]bool{}
		page.Find("[data-testid=cite]").Each(func(_ int, s *goquery.Selection) { cited[s.Text()] = true })
		if n := page.Find("[data-testid=source]").Length(); n != len(cited) || n != 3 {
			t.Errorf("%s: %d entries for %d cited numbers, want 3", path, n, len(cited))
		}
		if n := page.Find("[data-testid=source] .locator").Length(); n != 3 {
			t.Errorf("%s: %d entries show the locator, want 3", path, n)
		}
	}
}

func TestOnlyPublishingMovesCitationNumbers(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{Config: web.Config{AllowSelfPublish: true}})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	numbers := func() map[string]int {
		t.Helper()
		all := listedNumbers(t, "/t/myanmar-2021", getOK(t, app, "/t/myanmar-2021"))
		for title, n := range listedNumbers(t, "/t/myanmar-2021/e/aapp-count-dec", getOK(t, app, "/t/myanmar-2021/e/aapp-count-dec")) {
			if all[title] != n {
				t.Errorf("event page: %q is [%d], on the timeline [%d]", title, n, all[title])
			}
		}
		return all
	}
	before := numbers()
	const later = "/t/myanmar-2021/e/aapp-count-dec"
	res, _ := app.Get(t, later)
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("the event page has no ETag")
	}

	// A draft dated in the middle, citing a new source and an old one.
	form := eventForm("Soldiers fire on marchers in Hlaing Tharyar", "https://example.org/hlaing-tharyar")
	id := createEvent(t, editor, form)
	if got := numbers(); !maps.Equal(got, before) {
		t.Fatalf("saving a draft moved the numbers:\n got %v\nwant %v", got, before)
	}
	act(t, app, editor, id, "submit", nil)
	if got := numbers(); !maps.Equal(got, before) {
		t.Fatalf("submitting a draft moved the numbers:\n got %v\nwant %v", got, before)
	}
	if res, _ := app.Get(t, later, "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
		t.Errorf("%s with a draft in review: %d with its ETag, want 304", later, res.StatusCode)
	}

	// Published, its source takes its place in the order of first citation.
	act(t, app, editor, id, "publish", nil)
	after := numbers()
	// The page of an event after it shows new numbers, so a cached copy is
	// stale even though the event itself did not change.
	if res, _ := app.Get(t, later, "If-None-Match", etag); res.StatusCode != http.StatusOK {
		t.Errorf("%s after renumbering: %d with the old ETag, want 200", later, res.StatusCode)
	}
	source := "Report on Soldiers fire on marchers in Hlaing Tharyar https://example.org/hlaing-tharyar"
	if after[source] == 0 || after[source] == len(after) {
		t.Fatalf("the new source is [%d] of %d", after[source], len(after))
	}
	for title, n := range before {
		want := n
		if n >= after[source] {
			want = n + 1
		}
		if after[title] != want {
			t.Errorf("%q: [%d] before, [%d] after publishing, want [%d]", title, n, after[title], want)
		}
	}

	// A pending edit moving it to the start and citing another new source
	// moves nothing until it is published.
	edit := editForm(t, editor, id)
	edit.Set("start", "1990-01-01")
	edit.Set("cite_url_0", "https://example.org/another")
	edit.Set("cite_source_0", "")
	edit.Set("cite_title_0", "Another report")
	res, body := editor.Post(t, fmt.Sprintf("/staff/events/%d", id), edit)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", res.StatusCode, errorsOf(body))
	}
	if got := numbers(); !maps.Equal(got, after) {
		t.Fatalf("a pending edit moved the numbers:\n got %v\nwant %v", got, after)
	}
}
