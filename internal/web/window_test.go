package web_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/demo"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// generatedApp serves the demo and a generated timeline "gen" of 130
// published events: three windows.
func generatedApp(t *testing.T) (*webtest.App, []timeline.Event) {
	t.Helper()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	if _, err := app.Store.ImportDocument(ctx, demo.Generated("gen", 130), timeline.ImportOptions{Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	all, err := app.Store.PublicTimeline(ctx, "gen", timeline.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return app, all.Events
}

func pageSlugs(page *goquery.Document) []string {
	var out []string
	page.Find(`[data-testid=event]`).Each(func(_ int, s *goquery.Selection) {
		out = append(out, s.AttrOr("data-slug", ""))
	})
	return out
}

func eventSlugs(events []timeline.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.Slug)
	}
	return out
}

// walkPages follows the links with testid from path to the end.
func walkPages(t *testing.T, app *webtest.App, path, testid string) (seen []string, pages int) {
	t.Helper()
	for path != "" {
		if pages++; pages > 10 {
			t.Fatal("the window links never end")
		}
		page := getOK(t, app, path)
		slugs := pageSlugs(page)
		if len(slugs) == 0 || len(slugs) > timeline.WindowSize {
			t.Fatalf("%s shows %d events", path, len(slugs))
		}
		seen = append(seen, slugs...)
		path = page.Find(`[data-testid=window-nav] [data-testid=`+testid+`]`).AttrOr("href", "")
	}
	return seen, pages
}

func TestTimelineWindowsCoverEveryEventOnce(t *testing.T) {
	t.Parallel()
	app, all := generatedApp(t)
	want := eventSlugs(all)
	seen, pages := walkPages(t, app, "/t/gen", "window-later")
	if pages != 3 || !slices.Equal(seen, want) {
		t.Errorf("%d windows, oldest first, show\n%v\nwant\n%v", pages, seen, want)
	}
	first := getOK(t, app, "/t/gen")
	if first.Find(`[data-testid=window-earlier]`).Length() != 0 {
		t.Error("the first window links to earlier events")
	}
	if c := first.Find("[data-testid=count]").Text(); c != "130 events" {
		t.Errorf("count = %q", c)
	}
	if first.Find("section.year > h2").Length() == 0 || first.Find("h3.month").Length() == 0 {
		t.Error("the window lost its year and month headings")
	}

	// Newest first, the windows read backwards through time: the link on
	// is to earlier events.
	seen, _ = walkPages(t, app, "/t/gen?order=newest", "window-earlier")
	reversed := slices.Clone(want)
	slices.Reverse(reversed)
	if !slices.Equal(seen, reversed) {
		t.Errorf("newest first, the windows show\n%v\nwant\n%v", seen, reversed)
	}

	// With a filter, the window links keep it.
	var odd []string
	for _, e := range all {
		if e.Category.Slug == "odd" {
			odd = append(odd, e.Slug)
		}
	}
	seen, pages = walkPages(t, app, "/t/gen?category=odd", "window-later")
	if pages != 2 || !slices.Equal(seen, odd) {
		t.Errorf("filtered: %d windows show\n%v\nwant\n%v", pages, seen, odd)
	}

	// And back from the last window to the first with the earlier links.
	last := getOK(t, app, "/t/gen?at=2100")
	back := last.Find(`[data-testid=window-nav-top] [data-testid=window-earlier]`).AttrOr("href", "")
	var backwards []string
	for back != "" {
		page := getOK(t, app, back)
		backwards = append(pageSlugs(page), backwards...)
		back = page.Find(`[data-testid=window-nav] [data-testid=window-earlier]`).AttrOr("href", "")
	}
	if !slices.Equal(backwards, want) {
		t.Errorf("walking back, the windows show\n%v\nwant\n%v", backwards, want)
	}
}

func TestTimelineWindowAtAMonth(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	var want string
	for _, e := range demoDoc(t).Events {
		if e.When.Start.Year == 2021 && e.When.Start.Month == 3 && e.When.Start.Precision != timeline.PrecisionYear {
			want = e.Slug
			break
		}
	}
	if want == "" {
		t.Fatal("the demo has no March 2021 event")
	}
	page := getOK(t, app, "/t/myanmar-2021?at=2021-03")
	if got := pageSlugs(page); len(got) == 0 || got[0] != want {
		t.Errorf("at=2021-03 opens at %v, want %q first", got, want)
	}
	if page.Find(`[data-testid=window-earlier]`).Length() == 0 {
		t.Error("no link to the events before March 2021")
	}
	// The overview marks the month and the year in view.
	if page.Find(`[data-testid=overview-years] a[aria-current]`).Length() == 0 {
		t.Error("the overview marks no year as in view")
	}
	cur := page.Find(`[data-testid=overview-months] a[aria-current]`)
	if cur.Length() == 0 || !strings.Contains(cur.First().Text(), "March 2021") {
		t.Errorf("the first month marked in view is %q", cur.First().Text())
	}
	// The jump form sends at, keeping the filter.
	page = getOK(t, app, "/t/myanmar-2021?category=casualties")
	form := page.Find(`form[data-testid=jump]`)
	if form.AttrOr("method", "") != "get" || form.Find(`input[name=at]`).Length() != 1 ||
		form.Find(`input[type=hidden][name=category][value=casualties]`).Length() != 1 {
		t.Error("the jump form does not send at with the filter")
	}
	res, body := app.Get(t, "/t/myanmar-2021?at=March")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, "at: ") {
		t.Errorf("at=March: %d, want 400 naming at", res.StatusCode)
	}
}

func TestTimelineBadCursor(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, q := range []string{"after=bogus", "before=djIuMjAyMS0wMy0wMQ", "after=x&before=y"} {
		res, body := app.Get(t, "/t/myanmar-2021?"+q)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, res.StatusCode)
		}
		if !strings.Contains(body, "cursor") && !strings.Contains(body, "only one of") {
			t.Errorf("%s: the page does not name the problem:\n%s", q, body)
		}
	}
	res, body := app.Get(t, "/t/myanmar-2021?after=bogus")
	if !strings.Contains(body, `cursor &#34;bogus&#34;`) && !strings.Contains(body, `cursor "bogus"`) {
		t.Errorf("the 400 page does not name the cursor (%d)", res.StatusCode)
	}
}

// The overview's counts are the data's, for the demo and under a filter.
func TestOverviewCountsEqualTheData(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	doc := demoDoc(t)
	for _, filter := range []string{"", "casualties"} {
		wantYears, wantMonths := map[string]int{}, map[string]int{}
		for _, e := range doc.Events {
			if filter != "" && e.Category.Slug != filter {
				continue
			}
			d := e.When.Start
			wantYears[strconv.Itoa(d.Year)]++
			if d.Precision != timeline.PrecisionYear && d.Year == 2021 {
				wantMonths[fmt.Sprintf("%d-%02d", d.Year, int(d.Month))]++
			}
		}
		path := "/t/myanmar-2021?at=2021"
		if filter != "" {
			path += "&category=" + filter
		}
		page := getOK(t, app, path)
		gotYears, gotMonths := map[string]int{}, map[string]int{}
		page.Find(`[data-testid=overview-years] .bar`).Each(func(_ int, s *goquery.Selection) {
			n, _ := strconv.Atoi(s.AttrOr("data-count", ""))
			if n > 0 {
				gotYears[strings.TrimSpace(s.Find(".bar-label").Text())] = n
				if !strings.Contains(s.AttrOr("href", ""), "at=") || !strings.Contains(s.Text(), strconv.Itoa(n)) {
					t.Errorf("year bar %q: link %q, no count in its text", s.Text(), s.AttrOr("href", ""))
				}
				if filter != "" && !strings.Contains(s.AttrOr("href", ""), "category="+filter) {
					t.Errorf("year bar %q drops the filter", s.AttrOr("href", ""))
				}
			}
		})
		page.Find(`#overview-2021-bars .bar`).Each(func(i int, s *goquery.Selection) {
			if n, _ := strconv.Atoi(s.AttrOr("data-count", "")); n > 0 {
				gotMonths[fmt.Sprintf("2021-%02d", i+1)] = n
			}
		})
		if fmt.Sprint(gotYears) != fmt.Sprint(wantYears) {
			t.Errorf("filter %q: years %v, want %v", filter, gotYears, wantYears)
		}
		if fmt.Sprint(gotMonths) != fmt.Sprint(wantMonths) {
			t.Errorf("filter %q: months of 2021 %v, want %v", filter, gotMonths, wantMonths)
		}
	}
}

func TestEventPagePreviousAndNext(t *testing.T) {
	t.Parallel()
	app, all := generatedApp(t)
	for _, i := range []int{0, 57, 129} {
		page := getOK(t, app, "/t/gen/e/"+all[i].Slug)
		prev := page.Find(`[data-testid=previous-event]`).AttrOr("href", "")
		next := page.Find(`[data-testid=next-event]`).AttrOr("href", "")
		var wantPrev, wantNext string
		if i > 0 {
			wantPrev = "/t/gen/e/" + all[i-1].Slug
		}
		if i < len(all)-1 {
			wantNext = "/t/gen/e/" + all[i+1].Slug
		}
		if prev != wantPrev || next != wantNext {
			t.Errorf("event %d: previous %q next %q, want %q and %q", i, prev, next, wantPrev, wantNext)
		}
		// The way back to the timeline lands in the window that shows it.
		back := page.Find(`nav.crumbs a`).AttrOr("href", "")
		path, anchor, _ := strings.Cut(back, "#")
		if anchor != all[i].Slug || !slices.Contains(pageSlugs(getOK(t, app, path)), anchor) {
			t.Errorf("event %d: the timeline link %q does not open the window showing it", i, back)
		}
	}
}

func TestEmbedWindowsAndLatest(t *testing.T) {
	t.Parallel()
	app, all := generatedApp(t)
	page := getOK(t, app, "/embed/t/gen?latest=5")
	want := eventSlugs(all[len(all)-5:])
	slices.Reverse(want)
	if got := pageSlugs(page); !slices.Equal(got, want) {
		t.Errorf("latest=5 shows %v, want %v", got, want)
	}
	for _, q := range []string{"latest=0", "latest=51", "latest=x", "latest=3&at=2020"} {
		if res, _ := app.Get(t, "/embed/t/gen?"+q); res.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, res.StatusCode)
		}
	}
	// The embed takes the page's window parameters and moves between
	// windows inside its frame.
	seen, pages := walkPages(t, app, "/embed/t/gen", "window-later")
	if pages != 3 || !slices.Equal(seen, eventSlugs(all)) {
		t.Errorf("%d embed windows show %d events", pages, len(seen))
	}
	page = getOK(t, app, "/embed/t/gen?at=2020-01")
	if later := page.Find(`[data-testid=window-later]`); later.AttrOr("target", "") != "_self" ||
		!strings.HasPrefix(later.AttrOr("href", ""), "/embed/t/gen?") {
		t.Errorf("the embed's window link %q leaves the frame", later.AttrOr("href", ""))
	}
}
