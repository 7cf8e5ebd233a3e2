package web_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// In a real browser, a contributor proposes an actor from the editor of a
// new event: the page comes back with the title and summary as typed and
// the new actor chosen, and says so; an editor accepts it from the review
// list. Both pages pass axe-core at both widths.
func TestBrowserProposeAnActor(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	contributor, editor := app.User(t, auth.RoleContributor), app.User(t, auth.RoleEditor)
	const title, actor = "Shelling of a village near Loikaw", "Karenni Nationalities Defence Force"
	for _, width := range a11y.Widths {
		ctx := browsertest.New(t, width, 900)
		do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			if err := chromedp.Do(ctx, actions...); err != nil {
				t.Fatalf("%d px, %s: %v", width, step, err)
			}
		}
		eval := func(step, js string) string {
			t.Helper()
			s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
			if err != nil {
				t.Fatalf("%d px, %s: %v", width, step, err)
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
		name := actor
		if width != a11y.Widths[0] {
			name += " (2)"
		}
		signIn(contributor.Email)
		do("open the editor", chromedp.Navigate(app.URL+"/staff/events/new"), chromedp.WaitVisible(chromedp.CSS("#title")))
		do("type and propose",
			chromedp.SendKeys(chromedp.CSS("#title"), title),
			chromedp.SendKeys(chromedp.CSS("#summary"), "Artillery hit the village *at dawn*."),
			chromedp.SendKeys(chromedp.CSS("#propose_actor_name"), name),
			chromedp.SetValue(chromedp.CSS("#propose_actor_kind"), "armed_force"),
			chromedp.Click(chromedp.CSS("button[value=propose_actor]")),
			chromedp.WaitVisible(chromedp.CSS("[data-testid=flash]")),
		)
		if v := eval("title", `document.querySelector("#title").value`); v != title {
			t.Fatalf("%d px: the proposal lost the title: %q", width, v)
		}
		if v := eval("summary", `document.querySelector("#summary").value`); v != "Artillery hit the village *at dawn*." {
			t.Fatalf("%d px: the proposal lost the summary: %q", width, v)
		}
		chosen := eval("actor", `(() => { const s = document.querySelector("select[name=actor_0]"); return s.options[s.selectedIndex].text })()`)
		if chosen != name+" (proposed)" {
			t.Fatalf("%d px: the first actor row shows %q, not the proposal", width, chosen)
		}
		if n := eval("notes", `document.querySelector("[data-testid=item-notes]").innerText`); !strings.Contains(n, name) {
			t.Fatalf("%d px: the editor does not say the actor is proposed: %q", width, n)
		}
		vs, err := a11y.RunHere(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if v.Blocking() {
				t.Errorf("%d px, the editor after a proposal: %s", width, v)
			}
		}
		do("sign out", chromedp.Click(chromedp.CSS(".signout button")), chromedp.WaitVisible(chromedp.CSS("#email")))

		signIn(editor.Email)
		a11y.Check(t, ctx, app.URL+"/staff/proposals")
		if s := eval("list", `document.querySelector("main").innerText`); !strings.Contains(s, name) {
			t.Fatalf("%d px: the review list lacks the proposal", width)
		}
		do("accept", chromedp.Click(chromedp.CSS("[data-testid=accept] button")), chromedp.WaitVisible(chromedp.CSS("[data-testid=flash]")))
		if f := eval("flash", `document.querySelector("[data-testid=flash]").innerText`); !strings.HasPrefix(f, "Accepted the actor") {
			t.Fatalf("%d px: after accepting: %q", width, f)
		}
	}
}
