package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/media/mediatest"
	"annals/internal/webtest"
)

// tjsDir holds TimelineJS 3.9.11 as published on npm (see its README).
const tjsDir = "testdata/timelinejs-3.9.11"

// tjsPage shows the TimelineJS JSON at src with the vendored TimelineJS.
// script_path points TimelineJS at these files and font: null keeps it
// from loading its default font CSS (which asks Google Fonts); without
// them it reaches for cdn.knightlab.com, which the test names.
func tjsPage(src string) string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="/tjs/css/timeline.css"><script src="/tjs/js/timeline.js"></script></head>
<body><div id="timeline" style="width:100%;height:650px"></div><script>
window.tlLoaded = false; window.tlCurrent = "";
window.timeline = new TL.Timeline("timeline", "` + html.EscapeString(src) + `", {
  script_path: location.origin + "/tjs/js/", font: null, hash_bookmark: false, duration: 100, language: "en"});
timeline.on("loaded", function () { window.tlLoaded = true; });
timeline.on("change", function (d) { window.tlCurrent = d.unique_id; });
</script></body></html>`
}

// addImage uploads an image for a demo event through the editor and has
// a reviewer publish the edit; it returns the image's name.
func addImage(t *testing.T, app *webtest.App, editor, reviewer *webtest.Session, slug string, img []byte, alt string) string {
	t.Helper()
	res, body := uploadImage(t, editor, slug+".jpg", img, "")
	m := uploadNameRE.FindStringSubmatch(body)
	if res.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("upload for %s: %d", slug, res.StatusCode)
	}
	id, err := app.Store.StaffEventID(t.Context(), "myanmar-2021", slug)
	if err != nil {
		t.Fatal(err)
	}
	form := editForm(t, editor, id)
	form.Set("media_rows", "1")
	form.Set("media_kind_0", "image")
	form.Set("media_upload_0", m[1])
	form.Set("media_alt_0", alt)
	form.Set("media_caption_0", "Photograph for "+slug)
	form.Set("media_credit_0", "Annals test")
	form.Set("do", "submit")
	if res, b := editor.Post(t, fmt.Sprintf("/staff/events/%d", id), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add an image to %s: %d\n%s", slug, res.StatusCode, errorsOf(b))
	}
	act(t, app, reviewer, id, "publish", nil)
	return m[1]
}

// The demo's TimelineJS export, shown by TimelineJS 3.9.11 itself in
// Chromium: every event and the title become slides, stepping through
// each with the next button shows no broken image, the demo events'
// photographs appear on their slides, and nothing is requested from
// anywhere but this machine.
func TestTimelineJSExportRendersInTimelineJS(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	withImage := map[string]string{
		"coup":                      addImage(t, app, editor, reviewer, "coup", mediatest.JPEGWithMetadata(1200, 800), "Soldiers and armoured vehicles outside the parliament in Naypyitaw"),
		"armed-forces-day-killings": addImage(t, app, editor, reviewer, "armed-forces-day-killings", mediatest.JPEGWithMetadata(800, 1200), "Mourners at a funeral in Yangon"),
	}

	const exportPath = "/t/myanmar-2021/timelinejs.json"
	res, raw := app.Get(t, exportPath)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", exportPath, res.StatusCode)
	}
	var export struct {
		Title  json.RawMessage `json:"title"`
		Events []struct {
			UniqueID string `json:"unique_id"`
			Media    *struct {
				URL string `json:"url"`
			} `json:"media"`
		} `json:"events"`
	}
	if err := json.Unmarshal([]byte(raw), &export); err != nil {
		t.Fatal(err)
	}
	mediaURL := map[string]string{}
	for _, e := range export.Events {
		if e.Media != nil {
			mediaURL[e.UniqueID] = e.Media.URL
		}
	}
	for slug, name := range withImage {
		if !strings.HasSuffix(mediaURL[slug], "/media/"+name) {
			t.Errorf("the export's media of %s is %q, want its image %s", slug, mediaURL[slug], name)
		}
	}

	mux := http.NewServeMux()
	mux.Handle("/tjs/", http.StripPrefix("/tjs/", http.FileServer(http.Dir(tjsDir))))
	mux.HandleFunc("/favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, tjsPage(app.URL+exportPath))
	})
	page := httptest.NewServer(mux)
	t.Cleanup(page.Close)

	ctx := browsertest.New(t, 1280, 900)
	var mu sync.Mutex
	var requests int
	var elsewhere, failed, thrown []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			defer mu.Unlock()
			d := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				d += " " + e.ExceptionDetails.Exception.Description
			}
			thrown = append(thrown, d)
		}
		if e, ok := ev.(*network.EventResponseReceived); ok && e.Response.Status >= 400 {
			mu.Lock()
			defer mu.Unlock()
			failed = append(failed, fmt.Sprintf("%s: %d", e.Response.URL, e.Response.Status))
		}
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			u, err := url.Parse(e.Request.URL)
			mu.Lock()
			defer mu.Unlock()
			requests++
			if err != nil || (u.Scheme != "data" && u.Scheme != "blob" && u.Hostname() != "127.0.0.1") {
				elsewhere = append(elsewhere, e.Request.URL)
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(page.URL)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`window.tlLoaded === true`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("TimelineJS never loaded the export: %v", err)
	}
	slides, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".tl-slide").length`))
	if err != nil {
		t.Fatal(err)
	}
	if want := len(export.Events) + 1; slides != want {
		t.Fatalf("TimelineJS made %d slides, want %d (the title and %d events)", slides, want, len(export.Events))
	}

	// The images of the current slide, once each has finished loading:
	// [src, naturalWidth] pairs. TimelineJS loads a slide's media 1.2 s
	// after it becomes current: a slide with media waits for its <img>.
	const slideImages = `(async () => {
  const slide = timeline.getSlide(%d), el = slide._el.container;
  const hasMedia = !!(slide.data.media && slide.data.media.url);
  for (let i = 0; i < 100; i++) {
    const imgs = [...el.querySelectorAll("img")];
    if ((!hasMedia || imgs.length > 0) && imgs.every(im => im.complete && im.src)) return imgs.map(im => [im.currentSrc || im.src, String(im.naturalWidth)]);
    await new Promise(r => setTimeout(r, 100));
  }
  return [...el.querySelectorAll("img")].map(im => [im.src, "still loading"]);
})()`
	seen := map[string]bool{}
	for i := 0; i < slides; i++ {
		if i > 0 {
			// Step as a reader does: the slide's "next" button.
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.tl-slidenav-next`))); err != nil {
				t.Fatalf("slide %d: click next: %v", i, err)
			}
		}
		id, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`timeline.getSlide(%d).data.unique_id`, i)))
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`window.tlCurrent === %q`, id), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
				t.Fatalf("slide %d (%s) never became current after next: %v", i, id, err)
			}
		}
		imgs, err := chromedp.Run(ctx, chromedp.Evaluate[[][]string](fmt.Sprintf(slideImages, i), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("slide %d: %v", i, err)
		}
		for _, im := range imgs {
			if im[1] == "0" || im[1] == "still loading" {
				t.Errorf("slide %d (%s): broken image %s (naturalWidth %s)", i, id, im[0], im[1])
			}
			if want, ok := mediaURL[id]; ok && im[0] == want && im[1] != "0" {
				seen[id] = true
			}
		}
	}
	for slug := range withImage {
		if !seen[slug] {
			t.Errorf("the slide of %s never showed its image %s", slug, mediaURL[slug])
		}
	}
	broken, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.images].filter(im => im.complete && im.naturalWidth === 0).map(im => im.src)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(broken) > 0 {
		t.Errorf("broken images on the page: %v", broken)
	}
	mu.Lock()
	defer mu.Unlock()
	if requests < 5 {
		t.Errorf("only %d requests counted: is the counter blind?", requests)
	}
	if len(failed) > 0 {
		t.Errorf("requests that failed: %v", failed)
	}
	if len(thrown) > 0 {
		t.Errorf("uncaught exceptions: %v", thrown)
	}
	if len(elsewhere) > 0 {
		t.Errorf("TimelineJS asked for %d URLs outside 127.0.0.1: %v", len(elsewhere), elsewhere)
	}
	t.Logf("%d slides, %d requests, images on %d slides", slides, requests, len(seen))
}
