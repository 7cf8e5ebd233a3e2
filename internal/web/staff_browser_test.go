package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// A contributor writes an event with a new source in a real browser and
// submits it; a reviewer publishes it; the public finds it on the timeline.
func TestBrowserWriteReviewPublish(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	contributor, reviewer := app.User(t, auth.RoleContributor), app.User(t, auth.RoleReviewer)
	ctx := browsertest.New(t, 1280, 1600)
	const title = "Teachers detained after a strike in Mawlamyine"

	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(step, sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return s
	}
	signIn := func(email string) {
		t.Helper()
		do("sign in as "+email,
			chromedp.Navigate(app.URL+"/staff/login"),
			chromedp.SendKeys(chromedp.CSS("#email"), email),
			chromedp.SendKeys(chromedp.CSS("#password"), webtest.TestPassword),
			chromedp.Click(chromedp.CSS(".login button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS("[data-testid=whoami]")),
		)
	}

	signIn(contributor.Email)
	do("open the editor", chromedp.Navigate(app.URL+"/staff/events/new"), chromedp.WaitVisible(chromedp.CSS("#title")))
	do("fill the event",
		chromedp.SendKeys(chromedp.CSS("#title"), title),
		chromedp.SendKeys(chromedp.CSS("#start"), "2021-03"),
		chromedp.SetValue(chromedp.CSS("#category"), "casualties"),
		chromedp.SendKeys(chromedp.CSS("#summary"), "Police detained *at least* 20 teachers."),
		chromedp.SetValue(chromedp.CSS("#cite_title_0"), "Teachers held after strike"),
		chromedp.SetValue(chromedp.CSS("#cite_publisher_0"), "Myanmar Now"),
		chromedp.SetValue(chromedp.CSS("#cite_url_0"), "https://example.org/mawlamyine-teachers"),
		chromedp.SetValue(chromedp.CSS("#cite_published_0"), "2021-03-20"),
		chromedp.SendKeys(chromedp.CSS("#cite_locator_0"), "para. 4"),
	)
	do("preview", chromedp.Click(chromedp.CSS("button[value=preview]")), chromedp.WaitVisible(chromedp.CSS("[data-testid=preview] em")))
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#title"))); err != nil || v != title {
		t.Fatalf("the preview lost the title: %q %v", v, err)
	}
	do("submit", chromedp.Click(chromedp.CSS("button[value=submit]")), chromedp.WaitVisible(chromedp.CSS("[data-testid=flash]")))
	if s := text("status", "[data-testid=status]"); s != "In review" {
		t.Fatalf("status after submitting: %q", s)
	}
	do("sign out", chromedp.Click(chromedp.CSS(".signout button")), chromedp.WaitVisible(chromedp.CSS("#email")))

	signIn(reviewer.Email)
	do("open the review queue", chromedp.Navigate(app.URL+"/staff/review"), chromedp.WaitVisible(chromedp.CSS("[data-testid=event-list]")))
	if q := text("queue", "[data-testid=event-list]"); !strings.Contains(q, title) {
		t.Fatalf("the review queue lacks the event:\n%s", q)
	}
	do("open the review", chromedp.Click(chromedp.CSS("[data-testid=event-list] a")), chromedp.WaitVisible(chromedp.CSS(`form[action$="/publish"] button`)))
	do("publish", chromedp.Click(chromedp.CSS(`form[action$="/publish"] button`)), chromedp.WaitVisible(chromedp.CSS("[data-testid=flash]")))
	if s := text("flash", "[data-testid=flash]"); s != "Published." {
		t.Fatalf("after publishing: %q", s)
	}

	do("open the public timeline", chromedp.Navigate(app.URL+"/t/myanmar-2021"), chromedp.WaitVisible(chromedp.CSS("main")))
	body := text("timeline", "main")
	if !strings.Contains(body, title) || !strings.Contains(body, "March 2021") {
		t.Fatalf("the public timeline lacks the event (or its month-precision date)")
	}
}
