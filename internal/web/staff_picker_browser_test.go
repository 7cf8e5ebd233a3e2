package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// browserRows are what the browser tests read of the editor's rows: the
// first row of each picker's kind, as a fresh editor has it.
var browserRows = map[string]string{"source": "#cite_source_0", "actor": "select[name=actor_0]"}

// In a real browser, typing in each of the editor's pickers shows the item
// among 50,000 (htmx asks /staff/<kind>s/suggest, sending only the
// search), Enter searches rather than saving, choosing the item adds it to
// the event's form, and saving the draft names it. With
// ANNALS_SCREENSHOTS=dir it saves the picker there.
func TestBrowserPicker(t *testing.T) {
	t.Parallel()
	for _, pc := range pickerCases {
		t.Run(pc.kind, func(t *testing.T) {
			t.Parallel()
			testBrowserPicker(t, pc)
		})
	}
}

// signedInEditor signs a new contributor in to a browser and opens a new
// event in the editor.
func signedInEditor(t *testing.T, app *webtest.App, height int) (context.Context, func(string, ...chromedp.Action[chromedp.Void])) {
	t.Helper()
	contributor := app.User(t, auth.RoleContributor)
	ctx := browsertest.New(t, 1280, height)
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	do("sign in",
		chromedp.Navigate(app.URL+"/staff/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), contributor.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.TestPassword),
		chromedp.Click(chromedp.CSS(".login button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=whoami]")),
	)
	do("open the editor", chromedp.Navigate(app.URL+"/staff/events/new"), chromedp.WaitVisible(chromedp.CSS("#title")))
	return ctx, do
}

func testBrowserPicker(t *testing.T, pc pickerCase) {
	app := webtest.Start(t, webtest.Options{})
	want := pc.seed(t, app)
	ctx, do := signedInEditor(t, app, 1600)
	title := "Named with the " + pc.kind + " picker"
	do("fill the event",
		chromedp.SendKeys(chromedp.CSS("#title"), title),
		chromedp.SendKeys(chromedp.CSS("#start"), "2021-07-02"),
		chromedp.SetValue(chromedp.CSS("#category"), "casualties"),
	)
	input, shown := "#"+pc.kind+"_q", "#"+pc.kind+"-suggestions "+pc.button(want)
	do("type in the picker", chromedp.SendKeys(chromedp.CSS(input), pc.one), chromedp.WaitVisible(chromedp.CSS(shown)))
	// The suggestions as shown pass axe, at 360 px too.
	for _, w := range []int64{360, 1280} {
		do("resize", chromedp.EmulateViewport(w, 1600))
		vs, err := a11y.RunHere(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if v.Blocking() {
				t.Errorf("editor with suggestions at %d px: %s", w, v)
			}
		}
		if dir := os.Getenv("ANNALS_SCREENSHOTS"); dir != "" {
			// The picker, scrolled into view.
			do("scroll", chromedp.ScrollIntoView(chromedp.CSS(input)))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-picker-%d.png", pc.kind, w)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	asked, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource")
  .map(function (e) { return e.name }).filter(function (n) { return n.indexOf("/suggest?") >= 0 })`))
	if err != nil || len(asked) == 0 {
		t.Fatalf("no request to the suggestions: %v", err)
	}
	for _, u := range asked {
		if !strings.Contains(u, "/staff/"+pc.kind+"s/suggest?") || strings.Contains(u, "csrf") || strings.Contains(u, "title=") {
			t.Errorf("the type-ahead sent more than the search: %s", u)
		}
	}
	if last := asked[len(asked)-1]; !strings.Contains(last, pc.kind+"_q="+strings.ReplaceAll(pc.one, " ", "+")) &&
		!strings.Contains(last, pc.kind+"_q="+strings.ReplaceAll(pc.one, " ", "%20")) {
		t.Errorf("last request %s", last)
	}
	// Enter in the search finds; it does not save the event.
	do("mark the page", chromedp.Evaluate[chromedp.Void](`window.samePage = true`))
	do("press Enter", chromedp.SendKeys(chromedp.CSS(input), "\r"), chromedp.Sleep(time.Second))
	if same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.samePage === true`)); err != nil || !same {
		where, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("Enter in the picker left the editor for %s (%v)", where, err)
	}
	// The button submits the form: wait for the editor that comes back.
	row := browserRows[pc.kind]
	do("choose "+want, chromedp.Click(chromedp.CSS(shown)),
		chromedp.WaitReady(chromedp.CSS(row+` option[value="`+want+`"][selected]`)))
	if got, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(row))); err != nil || got != want {
		t.Fatalf("the first row names %q, want %s (%v)", got, want, err)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#title"))); v != title {
		t.Fatalf("choosing lost the title: %q", v)
	}
	do("save the draft", chromedp.Click(chromedp.CSS("button[value=save]")), chromedp.WaitVisible(chromedp.CSS("[data-testid=flash]")))
	var id int64
	if err := app.Store.Pool().QueryRow(context.Background(), `SELECT id FROM events WHERE title = $1`, title).Scan(&id); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := app.Store.Pool().QueryRow(context.Background(), pc.cites, id, want).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the draft names %s %d times (%v)", want, n, err)
	}
}

// When the session has ended, a picker's request is sent to the sign-in
// page: the picker shows nothing of it inside the editor.
func TestBrowserPickerSignedOut(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx, do := signedInEditor(t, app, 1200)
	if _, err := app.Store.Pool().Exec(context.Background(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	for _, pc := range pickerCases {
		do("type in the "+pc.kind+" picker", chromedp.SendKeys(chromedp.CSS("#"+pc.kind+"_q"), "irrawaddy"))
		answered := `performance.getEntriesByType("resource").some(function (e) { return e.name.indexOf("/staff/` + pc.kind +
			`s/suggest") >= 0 && e.responseEnd > 0 })`
		do("wait for the answer", chromedp.Poll[chromedp.Void](answered))
		do("let htmx settle", chromedp.Sleep(500*time.Millisecond))
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("`+pc.kind+`-suggestions").innerHTML`))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(shown, "password") || strings.Contains(shown, "<form") {
			t.Errorf("the sign-in page was shown in the %s picker:\n%s", pc.kind, shown)
		}
	}
}
