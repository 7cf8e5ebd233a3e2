package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// Editors name metrics in the readers' languages on /staff/metrics; charts
// on Burmese and Arabic pages are titled with those names (the timeline
// page, its print view and the chart's SVG), a metric without one keeps
// the interface's word, and English pages keep the English name.
func TestMetricNamesOnChartsInReadersLanguage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{DemoTranslations: true})
	const my, ar = "အသတ်ခံရသူ စုစုပေါင်း", "عدد القتلى"
	get := func(path, lang string) string {
		t.Helper()
		res, body := app.Get(t, path, "Accept-Language", lang)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s in %s: %d", path, lang, res.StatusCode)
		}
		return body
	}
	// Read (and cache) the Burmese page before the names exist.
	if body := get("/t/myanmar-2021", "my"); strings.Contains(body, my) || !strings.Contains(body, "သေဆုံးသူ") {
		t.Fatal("the Burmese page before any name: no catalogue word for killed, or already the new name")
	}

	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	_, form := editor.Get(t, "/staff/metrics")
	if !strings.Contains(form, `name="name_my"`) || !strings.Contains(form, `name="name_ar"`) || !strings.Contains(form, `dir="rtl"`) {
		t.Fatal("the metrics form has no Burmese and Arabic name fields")
	}
	res, body := editor.Post(t, "/staff/metrics", url.Values{"slug": {"killed"}, "name": {"Killed"}, "unit": {"people"},
		"name_my": {my}, "name_ar": {ar}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save names: %d\n%s", res.StatusCode, errorsOf(body))
	}
	if _, edit := editor.Get(t, "/staff/metrics?edit=killed"); !strings.Contains(edit, `value="`+my+`"`) {
		t.Error("editing killed does not show its Burmese name in the form")
	}

	for _, c := range []struct{ lang, want, fallback string }{
		{"my", my, "ထိန်းသိမ်းခံရသူ"}, // detained has no name of its own: the catalogue's word
		{"ar", ar, ""},
	} {
		for _, path := range []string{"/t/myanmar-2021", "/t/myanmar-2021/print", "/t/myanmar-2021/chart/killed.svg"} {
			if body := get(path, c.lang); !strings.Contains(body, c.want) {
				t.Errorf("%s in %s does not name killed %q", path, c.lang, c.want)
			}
		}
		if body := get("/t/myanmar-2021", c.lang); c.fallback != "" && !strings.Contains(body, c.fallback) {
			t.Errorf("%s page: detained lost its catalogue word %q", c.lang, c.fallback)
		}
	}
	if body := get("/t/myanmar-2021", "en"); strings.Contains(body, my) || strings.Contains(body, ar) {
		t.Error("the English page shows a translated metric name")
	}

	// A name that is too long is refused naming the field, nothing saved.
	res, body = editor.Post(t, "/staff/metrics", url.Values{"slug": {"killed"}, "name": {"Killed"}, "unit": {"people"},
		"name_my": {strings.Repeat(my+" ", 12)}, "name_ar": {ar}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorsOf(body), "Name in Burmese: is 251 characters long") {
		t.Errorf("a too long Burmese name: %d\n%s", res.StatusCode, errorsOf(body))
	}
	if body := get("/t/myanmar-2021", "my"); !strings.Contains(body, my) {
		t.Error("a refused save changed the Burmese name")
	}
}

// The metrics page with the names form, and a Burmese timeline page whose
// chart carries an editor's name, pass axe-core at every width. With
// ANNALS_SCREENSHOT_DIR set, screenshots of both are kept there.
func TestMetricNamesPagesPassAxe(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{DemoTranslations: true})
	editor := app.User(t, auth.RoleEditor)
	if err := app.Store.SaveMetric(t.Context(), editor, timeline.Metric{Slug: "killed", Name: "Killed", Unit: "people",
		Names: map[string]string{"my": "အသတ်ခံရသူ စုစုပေါင်း", "ar": "عدد القتلى"}}); err != nil {
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
	shots := func(name string) {
		dir := os.Getenv("ANNALS_SCREENSHOT_DIR")
		if dir == "" {
			return
		}
		for _, w := range []int{1280, 360} {
			if err := chromedp.Do(b, chromedp.EmulateViewport(int64(w), 900)); err != nil {
				t.Fatal(err)
			}
			shot, err := chromedp.Run(b, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, w)), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	a11y.CheckWidths(t, b, app.URL+"/staff/metrics?edit=killed", a11y.Widths...)
	if v, err := chromedp.Run(b, chromedp.Evaluate[string](`document.getElementById("name_ar").value`)); err != nil || v != "عدد القتلى" {
		t.Errorf("the Arabic name field holds %q (%v)", v, err)
	}
	shots("staff-metrics")
	if err := chromedp.Do(b, chromedp.Navigate(app.URL+"/lang/my?next=/")); err != nil {
		t.Fatal(err)
	}
	a11y.CheckWidths(t, b, app.URL+"/t/myanmar-2021/print", a11y.Widths...)
	shots("print-my")
}
