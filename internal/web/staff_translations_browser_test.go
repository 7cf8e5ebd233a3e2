package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// The translation pages pass axe with a published translation and a newer
// text waiting beside it, and so do the public pages showing it to a
// Burmese reader (the translated event, and an untranslated one with its
// original-language note).
func TestTranslationPagesPassAxe(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := context.Background()
	editor, reviewer := app.User(t, auth.RoleEditor), app.User(t, auth.RoleReviewer)
	id := demoEventID(t, app, "coup")
	key := timeline.TranslationKey{Of: timeline.OfEvent, ID: id, Lang: "my"}
	v, err := app.Store.SaveTranslation(ctx, editor, timeline.TranslationSave{Key: key, Title: myTitle, Summary: mySummary})
	if err != nil {
		t.Fatal(err)
	}
	if v, err = app.Store.PublishTranslation(ctx, reviewer, timeline.TranslationAction{Key: key, Version: v}); err != nil {
		t.Fatal(err)
	}
	if _, err := app.Store.SaveTranslation(ctx, editor, timeline.TranslationSave{Key: key, Title: myTitle + " (၂)", Summary: mySummary, Version: v}); err != nil {
		t.Fatal(err)
	}
	b := browsertest.New(t, 1280, 900)
	if err := chromedp.Do(b,
		chromedp.Navigate(app.URL+"/staff/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), editor.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.TestPassword),
		chromedp.Click(chromedp.CSS(".login button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=whoami]")),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	for _, path := range []string{
		fmt.Sprintf("/staff/events/%d/translations/my", id),
		fmt.Sprintf("/staff/events/%d/translations", id),
		"/staff/timelines/myanmar-2021/translations",
	} {
		a11y.CheckWidthsStrict(t, b, app.URL+path, a11y.Widths...)
		if h, err := chromedp.Run(b, chromedp.Text(chromedp.CSS("h1"))); err != nil || !strings.HasPrefix(h, "Translations of the") {
			t.Errorf("%s shows %q (%v), not the translations page", path, h, err)
		}
	}
	if err := chromedp.Do(b, chromedp.Navigate(app.URL+"/lang/my?next=/")); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/t/myanmar-2021/e/coup", "/t/myanmar-2021/e/election-2020", "/t/myanmar-2021"} {
		a11y.CheckWidthsStrict(t, b, app.URL+path, a11y.Widths...)
	}
}
