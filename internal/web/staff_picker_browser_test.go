package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// In a real browser, typing in the editor's source picker shows the
// source among 50,000 (htmx asks /staff/sources/suggest, sending only the
// search), choosing it attaches it to the event's form, and saving the
// draft cites it. With ANNALS_SCREENSHOTS=dir it saves the picker there.
func TestBrowserSourcePicker(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	want := pickerSources(t, app)
	wantID := strconv.FormatInt(want, 10)
	contributor := app.User(t, auth.RoleContributor)
	ctx := browsertest.New(t, 1280, 1600)
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
	do("fill the event",
		chromedp.SendKeys(chromedp.CSS("#title"), "Landslide at a jade mine"),
		chromedp.SendKeys(chromedp.CSS("#start"), "2021-07-02"),
		chromedp.SetValue(chromedp.CSS("#category"), "casualties"),
	)
	do("type in the picker", chromedp.SendKeys(chromedp.CSS("#source_q"), "jade mine"),
		chromedp.WaitVisible(chromedp.CSS(`#source-suggestions button[value="`+wantID+`"]`)))
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
			do("scroll", chromedp.ScrollIntoView(chromedp.CSS("#source_q")))
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("source-picker-%d.png", w)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	asked, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource")
  .map(function (e) { return e.name }).filter(function (n) { return n.indexOf("/staff/sources/suggest") >= 0 })`))
	if err != nil || len(asked) == 0 {
		t.Fatalf("no request to the suggestions: %v", err)
	}
	for _, u := range asked {
		if strings.Contains(u, "csrf") || strings.Contains(u, "title=") {
			t.Errorf("the type-ahead sent more than the search: %s", u)
		}
	}
	if !strings.Contains(asked[len(asked)-1], "source_q=jade+mine") && !strings.Contains(asked[len(asked)-1], "source_q=jade%20mine") {
		t.Errorf("last request %s", asked[len(asked)-1])
	}
	// Enter in the search finds; it does not save the event.
	do("mark the page", chromedp.Evaluate[chromedp.Void](`window.samePage = true`))
	do("press Enter", chromedp.SendKeys(chromedp.CSS("#source_q"), "\r"), chromedp.Sleep(time.Second))
	if same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.samePage === true`)); err != nil || !same {
		where, _ := chromedp.Run(ctx, chromedp.Location())
		t.Fatalf("Enter in the picker left the editor for %s (%v)", where, err)
	}
	// The button submits the form: wait for the editor that comes back.
	do("choose the source", chromedp.Click(chromedp.CSS(`#source-suggestions button[value="`+wantID+`"]`)),
		chromedp.WaitReady(chromedp.CSS(`#cite_source_0 option[value="`+wantID+`"][selected]`)))
	got, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#cite_source_0")))
	if err != nil || got != wantID {
		t.Fatalf("the first source row cites %q, want %s (%v)", got, wantID, err)
	}
	if v, _ := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#title"))); v != "Landslide at a jade mine" {
		t.Fatalf("choosing a source lost the title: %q", v)
	}
	do("save the draft", chromedp.Click(chromedp.CSS("button[value=save]")), chromedp.WaitVisible(chromedp.CSS("[data-testid=flash]")))
	var cited int
	if err := app.Store.Pool().QueryRow(context.Background(), `
SELECT count(*) FROM event_sources es JOIN events e ON e.id = es.event_id
WHERE e.title = 'Landslide at a jade mine' AND es.source_id = $1`, want).Scan(&cited); err != nil || cited != 1 {
		t.Fatalf("the draft cites the source %d times (%v)", cited, err)
	}
}

// When the session has ended, the type-ahead's request is sent to the
// sign-in page: the picker shows nothing of it inside the editor.
func TestBrowserSourcePickerSignedOut(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	contributor := app.User(t, auth.RoleContributor)
	ctx := browsertest.New(t, 1280, 1200)
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
	do("open the editor", chromedp.Navigate(app.URL+"/staff/events/new"), chromedp.WaitVisible(chromedp.CSS("#source_q")))
	if _, err := app.Store.Pool().Exec(context.Background(), `DELETE FROM sessions`); err != nil {
		t.Fatal(err)
	}
	do("type in the picker", chromedp.SendKeys(chromedp.CSS("#source_q"), "irrawaddy"))
	const answered = `performance.getEntriesByType("resource").some(function (e) { return e.name.indexOf("/staff/sources/suggest") >= 0 && e.responseEnd > 0 })`
	do("wait for the answer", chromedp.Poll[chromedp.Void](answered))
	do("let htmx settle", chromedp.Sleep(500*time.Millisecond))
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("source-suggestions").innerHTML`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(shown, "password") || strings.Contains(shown, "<form") {
		t.Errorf("the sign-in page was shown in the picker:\n%s", shown)
	}
}
