package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
)

type bandSeen struct {
	label, href string
	cells       []bool
}

func bandsOf(page *goquery.Document, row string) []bandSeen {
	var out []bandSeen
	page.Find(`[data-testid=` + row + `] [data-testid=era-band]`).Each(func(_ int, a *goquery.Selection) {
		b := bandSeen{label: strings.Join(strings.Fields(a.Find(".era-label").Text()), " "), href: a.AttrOr("href", "")}
		a.Find(".era-cell").Each(func(_ int, c *goquery.Selection) { b.cells = append(b.cells, c.HasClass("era-on")) })
		out = append(out, b)
	})
	return out
}

// TestOverviewDrawsEraBands: the demo's two eras are bands under the year
// bars and under 2021's months, each labelled with its title and dates
// (the link's text, so screen readers hear it) and linking to the window
// opening at the era's start with the filters kept.
func TestOverviewDrawsEraBands(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	page := getOK(t, app, "/t/myanmar-2021")
	years := bandsOf(page, "eras-years")
	if len(years) != 2 {
		t.Fatalf("year bands: %+v, want 2", years)
	}
	bars := page.Find(`[data-testid=overview-years] li`).Length()
	coup := years[0]
	if coup.label != "Coup and mass protests February 2021 – March 2021" || coup.href != "/t/myanmar-2021?at=2021-02" {
		t.Errorf("first band = %+v", coup)
	}
	if len(coup.cells) != bars || !coup.cells[bars-1] || coup.cells[0] {
		t.Errorf("the coup band's cells %v do not match the %d year bars (on for 2021 only)", coup.cells, bars)
	}
	if years[1].href != "/t/myanmar-2021?at=2021-04" {
		t.Errorf("second band links to %q", years[1].href)
	}
	months := bandsOf(page, "eras-months")
	if len(months) != 2 {
		t.Fatalf("month bands: %+v", months)
	}
	want := []bool{false, true, true, false, false, false, false, false, false, false, false, false}
	for i, on := range months[0].cells {
		if on != want[i] {
			t.Errorf("the coup band under 2021's months: %v, want February and March", months[0].cells)
			break
		}
	}
	if page.Find(`[data-testid=eras-years]`).AttrOr("aria-label", "") == "" {
		t.Error("the list of bands has no name for screen readers")
	}
	// Filters are kept, as the bars keep them.
	filtered := getOK(t, app, "/t/myanmar-2021?category=un")
	if b := bandsOf(filtered, "eras-years"); len(b) == 0 || b[0].href != "/t/myanmar-2021?at=2021-02&category=un" {
		t.Errorf("filtered bands: %+v", b)
	}
	// The API's timeline resource lists them.
	res, body := app.Get(t, "/api/v1/timelines/myanmar-2021")
	var tl struct {
		Eras []struct {
			Title string
			Start struct{ Date string }
			URL   string
		}
	}
	if res.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &tl) != nil || len(tl.Eras) != 2 ||
		tl.Eras[0].Start.Date != "2021-02" || !strings.HasSuffix(tl.Eras[0].URL, "/t/myanmar-2021?at=2021-02") {
		t.Errorf("API eras: %d %s", res.StatusCode, body)
	}
}

// TestStaffErasPage: an editor adds an era, gets each bad field named,
// edits and deletes it; the public overview follows.
func TestStaffErasPage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ed := app.SignIn(t, app.User(t, auth.RoleEditor))
	res, body := ed.Get(t, "/staff/timelines")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, `href="/staff/timelines/myanmar-2021/eras"`) {
		t.Fatalf("the timelines page does not link to the eras: %d", res.StatusCode)
	}
	res, body = ed.Post(t, "/staff/timelines/myanmar-2021/eras", url.Values{"title": {""}, "start": {"2021-13"}, "end": {"2021-05"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "month 13 does not exist") || !strings.Contains(body, "Title") {
		t.Errorf("bad fields: %d\n%s", res.StatusCode, body)
	}
	res, body = ed.Post(t, "/staff/timelines/myanmar-2021/eras", url.Values{"title": {"Backwards"}, "start": {"2021-06"}, "end": {"2021-05"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "before the start") {
		t.Errorf("end before start: %d", res.StatusCode)
	}
	res, _ = ed.Post(t, "/staff/timelines/myanmar-2021/eras", url.Values{"title": {"Election dispute"}, "start": {"2020-11"}, "end": {"2021-01"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	page := getOK(t, app, "/t/myanmar-2021")
	var found string
	for _, b := range bandsOf(page, "eras-years") {
		if strings.HasPrefix(b.label, "Election dispute") {
			found = b.href
		}
	}
	if found != "/t/myanmar-2021?at=2020-11" {
		t.Errorf("the new era's band links to %q", found)
	}
	_, body = ed.Get(t, "/staff/timelines/myanmar-2021/eras")
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	var edit string
	doc.Find(`[data-testid=edit-era]`).Each(func(_ int, a *goquery.Selection) {
		if strings.Contains(a.Text(), "Election dispute") {
			edit = a.AttrOr("href", "")
		}
	})
	_, body = ed.Get(t, edit)
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(body))
	form := doc.Find(`[data-testid=era-form]`)
	id, version := form.Find(`[name=id]`).AttrOr("value", ""), form.Find(`[name=version]`).AttrOr("value", "")
	if form.Find(`[name=title]`).AttrOr("value", "") != "Election dispute" || id == "0" {
		t.Fatalf("edit form: id %s title %q", id, form.Find(`[name=title]`).AttrOr("value", ""))
	}
	res, _ = ed.Post(t, "/staff/timelines/myanmar-2021/eras", url.Values{"id": {id}, "version": {version},
		"title": {"Election and its dispute"}, "start": {"2020-11"}, "end": {"2021-01"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	// The old version again is a conflict; nothing is overwritten.
	if res, _ = ed.Post(t, "/staff/timelines/myanmar-2021/eras", url.Values{"id": {id}, "version": {version},
		"title": {"Stale"}, "start": {"2020-11"}, "end": {"2021-01"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("stale edit: %d, want 409", res.StatusCode)
	}
	if res, _ = ed.Post(t, "/staff/timelines/myanmar-2021/eras/"+id+"/delete", url.Values{"version": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	if _, body = ed.Get(t, "/staff/timelines/myanmar-2021/eras"); strings.Contains(body, "Election and its dispute") {
		t.Error("the deleted era is still listed")
	}
}
