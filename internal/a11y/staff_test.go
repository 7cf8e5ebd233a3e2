package a11y_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// TestEmbedPages runs axe over the embeds (a timeline, a filtered slice,
// an event) and the page that hands out the embed code.
func TestEmbedPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := browsertest.New(t, 1280, 900)
	for _, path := range []string{
		"/embed/t/myanmar-2021",
		"/embed/t/myanmar-2021?category=casualties",
		"/embed/t/myanmar-2021/e/election-2020",
		"/t/myanmar-2021/embed",
		"/t/myanmar-2021/print",
	} {
		a11y.CheckWidthsStrict(t, ctx, app.URL+path, a11y.Widths...)
	}
}

// signIn signs the browser of ctx in as u through the sign-in form.
func signIn(t *testing.T, ctx context.Context, app *webtest.App, u auth.User) {
	t.Helper()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/staff/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), u.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.TestPassword),
		chromedp.Click(chromedp.CSS(".login button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=whoami]")),
	); err != nil {
		t.Fatalf("sign in as %s: %v", u.Email, err)
	}
}

// staffPaths are the main staff pages, for an event and a source of the demo.
func staffPaths(t *testing.T, app *webtest.App) []string {
	t.Helper()
	ctx := context.Background()
	events, err := app.Store.StaffEvents(ctx, "")
	if err != nil || len(events) == 0 {
		t.Fatalf("no event to open: %v", err)
	}
	sources, err := app.Store.Sources(ctx)
	if err != nil || len(sources) == 0 {
		t.Fatalf("no source to open: %v", err)
	}
	ev, src := events[0].ID, sources[0].Source.ID
	return []string{
		"/staff",
		"/staff/events",
		"/staff/events?status=published",
		"/staff/events/new",
		fmt.Sprintf("/staff/events/%d", ev),
		fmt.Sprintf("/staff/events/%d/review", ev),
		fmt.Sprintf("/staff/events/%d/history", ev),
		"/staff/review",
		"/staff/sources",
		fmt.Sprintf("/staff/sources/%d", src),
		fmt.Sprintf("/staff/sources/%d/history", src),
		"/staff/sources/duplicates",
		"/staff/categories",
		"/staff/metrics",
		"/staff/actors",
		"/staff/timelines",
		"/staff/users",
		"/staff/settings",
	}
}

// TestSignInPage checks the sign-in page, empty and after a wrong password.
func TestSignInPage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	ctx := browsertest.New(t, 1280, 900)
	a11y.CheckWidthsStrict(t, ctx, app.URL+"/staff/login", a11y.Widths...)
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#email"), "nobody@example.org"),
		chromedp.SendKeys(chromedp.CSS("#password"), "wrong"),
		chromedp.Click(chromedp.CSS(".login button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=login-error]")),
	); err != nil {
		t.Fatal(err)
	}
	vs, err := a11y.RunHere(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("sign-in page with an error: %s", v)
	}
}

// TestStaffPages runs axe over the main staff pages, signed in as an
// admin (who sees every section), at desktop and phone widths.
func TestStaffPages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	paths := staffPaths(t, app)
	// Two browsers, so each stays well inside its time limit.
	half := len(paths) / 2
	for i, part := range [][]string{paths[:half], paths[half:]} {
		t.Run(fmt.Sprint("part", i+1), func(t *testing.T) {
			t.Parallel()
			ctx := browsertest.New(t, 1280, 900)
			signIn(t, ctx, app, app.User(t, auth.RoleAdmin))
			for _, path := range part {
				a11y.CheckWidthsStrict(t, ctx, app.URL+path, a11y.Widths...)
			}
		})
	}
}

// TestStaffPagesOfNewerAreas checks the staff pages of translations,
// import and API tokens: no serious or critical violation.
func TestStaffPagesOfNewerAreas(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	events, err := app.Store.StaffEvents(context.Background(), "published")
	if err != nil || len(events) == 0 {
		t.Fatalf("no event to open: %v", err)
	}
	admin := app.User(t, auth.RoleAdmin)
	session := app.SignIn(t, admin)
	ctx := browsertest.New(t, 1280, 900)
	signIn(t, ctx, app, admin)
	for _, path := range []string{
		"/staff/import",
		"/staff/tokens",
		fmt.Sprintf("/staff/events/%d/translations", events[0].ID),
		"/staff/timelines/myanmar-2021/translations",
		"/staff/timelines/myanmar-2021/eras",
	} {
		if res, _ := session.Get(t, path); res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", path, res.StatusCode)
		}
		a11y.CheckWidths(t, ctx, app.URL+path, a11y.Widths...)
	}
}

// TestStaffFormsWithMessages checks the editor as it comes back with
// problems, with the Zawgyi question, and with the script's Zawgyi hint.
func TestStaffFormsWithMessages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := browsertest.New(t, 1280, 900)
	signIn(t, ctx, app, app.User(t, auth.RoleEditor))
	check := func(what string) {
		t.Helper()
		vs, err := a11y.RunHere(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			t.Errorf("%s: %s (%s)", what, v, v.Impact)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/staff/events/new"),
		chromedp.Click(chromedp.CSS("button[value=save]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=errors]")),
	); err != nil {
		t.Fatal(err)
	}
	check("editor with problems")
	const zg = "ေနျပည္ေတာ္ ဇူလုိင္ ၂၆"
	if err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/staff/actors"),
		chromedp.SendKeys(chromedp.CSS("#slug"), "zg-actor"),
		chromedp.SetValue(chromedp.CSS("#name"), zg),
		chromedp.Click(chromedp.CSS("#catalog-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=zawgyi-notice]")),
	); err != nil {
		t.Fatal(err)
	}
	check("actor form with the Zawgyi question")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(app.URL+"/staff/events/new"),
		chromedp.SetValue(chromedp.CSS("#title"), zg),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#title").dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste"}))`),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=zawgyi-hint]")),
	); err != nil {
		t.Fatal(err)
	}
	check("editor with the Zawgyi hint")
}
