package a11y_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// staffListPaths are the staff lists, plain, searched, filtered and on a
// later page, with long titles and web addresses to wrap.
var staffListPaths = []string{
	"/staff/events",
	"/staff/events?q=event&status=draft&sort=title&review=mine",
	"/staff/events?from=2019&to=2019-06&sort=date",
	"/staff/review",
	"/staff/sources",
	"/staff/sources?q=example&kind=news&confidential=no&sort=newest&unused=1",
	"/staff/actors",
	"/staff/actors?q=listed&kind=group",
	"/staff/categories?q=a",
	"/staff/events?sort=random",
	"/staff/history",
	"/staff/history?q=listed&author=1&action=save&entity=event&from=2019&to=2030&sort=author",
}

func staffListData(t *testing.T, app *webtest.App) {
	t.Helper()
	if _, err := app.Store.Pool().Exec(context.Background(), `
INSERT INTO events (slug, title, start_date, start_precision, category_id, status)
SELECT 'wide-' || i, 'A listed event with a rather long title that has to wrap on a phone, number ' || i,
       date '2019-01-01' + i, 'day', (SELECT min(id) FROM categories), 'draft'
FROM generate_series(1, 60) i;
INSERT INTO sources (url, title, publisher, kind)
SELECT 'https://news.example.org/2021/03/05/a-very-long-path-that-does-not-break-easily-' || i || '?utm_source=x&and=more', 'Listed source ' || i, 'A publisher', 'news'
FROM generate_series(1, 120) i;
INSERT INTO actors (slug, name, kind) SELECT 'listed-actor-' || i, 'Listed actor ' || i, 'group' FROM generate_series(1, 120) i;`); err != nil {
		t.Fatal(err)
	}
}

// TestStaffListsAt360 opens every staff list at 360 CSS px: nothing scrolls
// sideways (sidewaysScroll; TestEveryStaffPageAt360 checks every other
// staff page) and axe finds no
// serious or critical problem at 360 and 1280 px. With
// ANNALS_SCREENSHOTS=dir it saves each list at both widths there.
func TestStaffListsAt360(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	staffListData(t, app)
	ctx := browsertest.New(t, 360, 800)
	signIn(t, ctx, app, app.User(t, auth.RoleEditor))
	shots := os.Getenv("ANNALS_SCREENSHOTS")
	for _, width := range []int64{360, 1280} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
			t.Fatal(err)
		}
		for _, p := range staffListPaths {
			if err := chromedp.Do(ctx, chromedp.Navigate(app.URL+p)); err != nil {
				t.Fatal(err)
			}
			if width == 360 {
				if over, wide := sidewaysScroll(t, ctx); over > 0 {
					t.Errorf("%s at 360 px scrolls sideways by %d px; too wide: %v", p, over, wide)
				}
			}
			vs, err := a11y.RunHere(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				if v.Blocking() {
					t.Errorf("%s at %d px: %s", p, width, v)
				}
			}
			if shots != "" && !strings.Contains(p, "?") {
				// Tall enough to show the list under the filters.
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 1600)); err != nil {
					t.Fatal(err)
				}
				png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 800)); err != nil {
					t.Fatal(err)
				}
				name := strings.ReplaceAll(strings.TrimPrefix(p, "/staff/"), "/", "-")
				if err := os.WriteFile(filepath.Join(shots, name+"-"+strconv.FormatInt(width, 10)+".png"), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// The bulk report, as a reviewer's publish of their own work leaves it.
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(360, 800),
		chromedp.Navigate(app.URL+"/staff/events?status=draft"),
		chromedp.Click(chromedp.CSS("input[name=event]")),
		chromedp.Click(chromedp.CSS(".bulk-actions button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=bulk-refused]")),
	); err != nil {
		t.Fatal(err)
	}
	vs, err := a11y.RunHere(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		if v.Blocking() {
			t.Errorf("bulk report: %s", v)
		}
	}
}
