package a11y_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// TestBurmeseEventFormProblems: the event editor sent back with problems
// to a Burmese account (every problem in Burmese, beside its field and in
// the summary) has no serious or critical axe violation and does not
// scroll sideways at 360 px; nor do the diff of a history page, the
// capture queue and the import form in Burmese. With ANNALS_SCREENSHOTS
// set, the pages are saved there at each width.
func TestBurmeseEventFormProblems(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	u := app.User(t, auth.RoleEditor)
	lang := "my"
	if _, err := app.Store.UpdateUser(context.Background(), u, u.ID, timeline.UserChange{Language: &lang}); err != nil {
		t.Fatal(err)
	}
	events, err := app.Store.StaffEvents(context.Background(), "")
	if err != nil || len(events) == 0 {
		t.Fatalf("no event to open: %v", err)
	}
	ctx := browsertest.New(t, 1280, 900)
	signIn(t, ctx, app, u)
	for i, path := range []string{fmt.Sprintf("/staff/events/%d/history?all=1", events[0].ID), "/staff/captures", "/staff/import"} {
		a11y.CheckWidthsStrict(t, ctx, app.URL+path, a11y.Widths...)
		if dir := os.Getenv("ANNALS_SCREENSHOTS"); dir != "" {
			for _, w := range []int64{1280, 360} {
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, 1400), chromedp.Navigate(app.URL+path)); err != nil {
					t.Fatal(err)
				}
				png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("page-%d-my-%d.png", i, w)), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for _, w := range []int64{1280, 360} {
		if err := chromedp.Do(ctx,
			chromedp.EmulateViewport(w, 1400),
			chromedp.Navigate(app.URL+"/staff/events/new"),
			chromedp.SetValue(chromedp.CSS("#title"), " "),
			chromedp.SetValue(chromedp.CSS("#start"), "2021-02-30"),
			chromedp.SetValue(chromedp.CSS("#start_time"), "25:00"),
			chromedp.SetValue(chromedp.CSS("#end"), "2020"),
			chromedp.SetValue(chromedp.CSS("#cite_url_0"), "ftp://example.org/report"),
			chromedp.SetValue(chromedp.CSS("#cite_title_0"), "Report"),
			chromedp.Evaluate[chromedp.Void](`document.querySelectorAll("form").forEach(f => f.noValidate = true); void 0`),
			chromedp.Click(chromedp.CSS(`button[name=do][value=save]`)),
			chromedp.WaitVisible(chromedp.CSS(".error-summary")),
		); err != nil {
			t.Fatalf("send the editor with problems at %d px: %v", w, err)
		}
		vs, err := a11y.RunHere(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if v.Blocking() {
				t.Errorf("Burmese editor with problems at %d px: %s", w, v)
			}
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
		if err != nil || wide {
			t.Errorf("Burmese editor with problems at %d px scrolls sideways (%v)", w, err)
		}
		if dir := os.Getenv("ANNALS_SCREENSHOTS"); dir != "" {
			// The top of the form: the summary of problems and the first fields.
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("editor-problems-my-%d.png", w)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
