package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// Two people open the same event; A changes the title and saves, then B
// changes the summary and saves. B's save goes through, merged: A's title
// stays and B's summary is added, and the revision says it merged.
func TestConcurrentEditsOfDifferentFieldsMerge(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	a := app.SignIn(t, app.User(t, auth.RoleContributor))
	b := app.SignIn(t, app.User(t, auth.RoleEditor))
	id := createEvent(t, a, eventForm("Protest in Monywa", "https://example.org/monywa"))
	path := fmt.Sprintf("/staff/events/%d", id)

	formA, formB := editForm(t, a, id), editForm(t, b, id)
	formA.Set("title", "Protest in Monywa crushed")
	formA.Set("actor_rows", "2")
	formA.Set("actor_1", "nld")
	formA.Set("actor_role_1", "target")
	if res, body := a.Post(t, path, formA); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("A's save: %d\n%s", res.StatusCode, errorsOf(body))
	}
	versionA := version(t, app, id)
	formB.Set("summary", "Soldiers fired on the march.")
	formB.Set("fig_note_0", "from the hospital")
	res, body := b.Post(t, path, formB)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("B's save: %d, want it merged and saved\n%s", res.StatusCode, errorsOf(body))
	}
	ev, err := app.Store.StaffEvent(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Work.Title != "Protest in Monywa crushed" || ev.Work.Summary != "Soldiers fired on the march." {
		t.Errorf("after merging: title %q, summary %q; want A's title and B's summary", ev.Work.Title, ev.Work.Summary)
	}
	if len(ev.Work.Actors) != 2 || len(ev.Work.Figures) != 1 || ev.Work.Figures[0].Note != "from the hospital" {
		t.Errorf("after merging: actors %+v, figures %+v; want A's actor and B's figure note", ev.Work.Actors, ev.Work.Figures)
	}
	revs, err := app.Store.History(ctx, "event", id)
	if err != nil {
		t.Fatal(err)
	}
	if want := "merged with version " + versionA; !strings.Contains(revs[0].Reason, want) {
		t.Errorf("the merged revision's reason is %q, want it to say %q", revs[0].Reason, want)
	}
}

// Both change the title: the conflict page lists only the title, with
// "keep theirs" and "keep mine"; the other changes are merged already.
func TestConflictPageKeepsTheirsOrMine(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	a := app.SignIn(t, app.User(t, auth.RoleContributor))
	b := app.SignIn(t, app.User(t, auth.RoleEditor))
	for _, keep := range []string{"mine", "theirs"} {
		t.Run(keep, func(t *testing.T) {
			id := createEvent(t, a, eventForm("Strike in Dawei "+keep, "https://example.org/dawei-"+keep))
			path := fmt.Sprintf("/staff/events/%d", id)
			formA, formB := editForm(t, a, id), editForm(t, b, id)
			formA.Set("title", "Strike in Dawei (A)")
			formA.Set("start", "2021-03-04")
			if res, body := a.Post(t, path, formA); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("A's save: %d\n%s", res.StatusCode, errorsOf(body))
			}
			formB.Set("title", "Strike in Dawei (B)")
			formB.Set("summary", "B's summary")
			res, body := b.Post(t, path, formB)
			if res.StatusCode != http.StatusConflict {
				t.Fatalf("B's save: %d, want 409\n%s", res.StatusCode, errorsOf(body))
			}
			doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
			rows := doc.Find("[data-testid=conflict] [data-testid=conflict-field]")
			if rows.Length() != 1 || !strings.Contains(rows.Text(), "Title") ||
				!strings.Contains(rows.Text(), "Strike in Dawei (A)") || !strings.Contains(rows.Text(), "Strike in Dawei (B)") {
				t.Fatalf("the conflict page lists %d field(s), want only the title with both values:\n%s", rows.Length(), rows.Text())
			}
			if rows.Find("input[type=radio][value=theirs]").Length() != 1 || rows.Find("input[type=radio][value=mine]").Length() != 1 {
				t.Fatalf("the title has no keep theirs / keep mine choice")
			}
			form := formIn(t, body)
			if form.Get("start") != "2021-03-04" || form.Get("summary") != "B's summary" {
				t.Errorf("the form does not hold the merged fields: start %q, summary %q", form.Get("start"), form.Get("summary"))
			}

			// Saving without choosing asks again; nothing is overwritten.
			if res, _ := b.Post(t, path, form); res.StatusCode != http.StatusConflict {
				t.Fatalf("save without a choice: %d, want the conflict page again", res.StatusCode)
			}
			name, _ := rows.Find("input[type=radio]").First().Attr("name")
			form.Set(name, keep)
			if res, body := b.Post(t, path, form); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("save keeping %s: %d\n%s", keep, res.StatusCode, errorsOf(body))
			}
			ev, err := app.Store.StaffEvent(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"mine": "Strike in Dawei (B)", "theirs": "Strike in Dawei (A)"}[keep]
			if ev.Work.Title != want || ev.Work.Summary != "B's summary" || ev.Work.When.Start.String() != "2021-03-04" {
				t.Errorf("keeping %s saved %q / %q / %s; want %q, B's summary and A's date", keep,
					ev.Work.Title, ev.Work.Summary, ev.Work.When.Start, want)
			}
		})
	}
}

// formIn reads the editor's form of a page as a browser would send it.
func formIn(t *testing.T, body string) url.Values {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{}
	f := doc.Find("form[data-testid=editor]")
	f.Find("input").Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		typ, _ := in.Attr("type")
		val, _ := in.Attr("value")
		if name == "" || name == "_csrf" {
			return
		}
		if typ == "checkbox" || typ == "radio" {
			if _, ok := in.Attr("checked"); !ok {
				return
			}
			if val == "" {
				val = "on"
			}
		}
		form.Add(name, val)
	})
	f.Find("textarea").Each(func(_ int, ta *goquery.Selection) {
		name, _ := ta.Attr("name")
		form.Set(name, ta.Text())
	})
	f.Find("select").Each(func(_ int, sel *goquery.Selection) {
		name, _ := sel.Attr("name")
		opt := sel.Find("option[selected]").First()
		if opt.Length() == 0 {
			opt = sel.Find("option").First()
		}
		v, _ := opt.Attr("value")
		form.Set(name, v)
	})
	form.Set("do", "save")
	return form
}
