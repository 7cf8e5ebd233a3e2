package a11y_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// TestStaffPagesInOtherLanguages runs axe over staff pages of an account
// whose language is Burmese (longer words) and of one whose language is
// Arabic (right to left), at desktop and phone widths, and checks that no
// page scrolls sideways at 360 px (English too, for the two wide tables
// that do not stack).
func TestStaffPagesInOtherLanguages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	events, err := app.Store.StaffEvents(context.Background(), "")
	if err != nil || len(events) == 0 {
		t.Fatalf("no event to open: %v", err)
	}
	ev := events[0].ID
	// A proposal waiting for review, for /staff/proposals' forms.
	if _, err := app.Store.ProposeItem(context.Background(), app.User(t, auth.RoleContributor),
		timeline.ProposalInput{Kind: "actor", Name: "Sagaing township militia", Actor: "armed_force"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		lang  string
		paths []string
	}{
		{"my", []string{"/staff", "/staff/events", "/staff/events/new", fmt.Sprintf("/staff/events/%d", ev),
			fmt.Sprintf("/staff/events/%d/review", ev), fmt.Sprintf("/staff/events/%d/history", ev), "/staff/account",
			"/staff/sources", "/staff/users", "/staff/settings", "/staff/history", "/staff/proposals"}},
		{"ar", []string{"/staff/events", fmt.Sprintf("/staff/events/%d", ev), "/staff/account", "/staff/history"}},
		{"en", []string{fmt.Sprintf("/staff/events/%d/history", ev), "/staff/users"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			u := app.User(t, auth.RoleAdmin)
			lang := tc.lang
			if _, err := app.Store.UpdateUser(context.Background(), u, u.ID, timeline.UserChange{Language: &lang}); err != nil {
				t.Fatal(err)
			}
			ctx := browsertest.New(t, 1280, 900)
			signIn(t, ctx, app, u)
			for _, path := range tc.paths {
				a11y.CheckWidthsStrict(t, ctx, app.URL+path, a11y.Widths...)
				// Burmese words are longer than English ones: nothing may
				// push the page sideways on a phone.
				if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 900), chromedp.Navigate(app.URL+path)); err != nil {
					t.Fatal(err)
				}
				type overflow struct {
					Scroll, Client int
					Wide           []string
				}
				o, err := chromedp.Run(ctx, chromedp.Evaluate[overflow](`(() => {
					const d = document.documentElement, w = d.clientWidth;
					const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > w + 1)
						.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : ""));
					return {scroll: d.scrollWidth, client: w, wide};
				})()`))
				if err != nil {
					t.Fatal(err)
				}
				if o.Scroll > o.Client {
					t.Errorf("%s in %s at 360 px overflows: scrollWidth %d > clientWidth %d; too wide: %v", path, tc.lang, o.Scroll, o.Client, o.Wide)
				}
			}
		})
	}
}
