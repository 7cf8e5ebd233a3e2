package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"annals/internal/browsertest"
	"annals/internal/webtest"
)

// embHostPage is an article on another site with Annals in an iframe of
// 300 px and the snippet's script. Before the script acts it records the
// iframe's height, and it logs each height message it receives.
func embHostPage(frameSrc, script string) string {
	return fmt.Sprintf(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>An NGO report</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin:0 auto;max-width:720px;padding:8px;font-family:serif">
<h1>Our report</h1><p>Some text before the timeline.</p>
<iframe id="annals" src="%s" title="Timeline" width="100%%" height="300" style="border:0;width:100%%" loading="eager"></iframe>
<script>
  var f = document.getElementById("annals");
  window.initialHeight = f.getBoundingClientRect().height;
  window.messages = [];
  window.addEventListener("message", function (e) {
    if (e.data && e.data.type === "annals:height") { window.messages.push(e.data.height); }
  });
</script>
<p>Some text after the timeline.</p>
<script async src="%s"></script>
</body></html>`, frameSrc, script)
}

// embHost serves a page on another origin and site: Annals runs on
// 127.0.0.1, the host is reached as localhost, a different site to the
// browser (so the iframe also runs in its own process).
func embHost(t *testing.T, page string) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	t.Cleanup(ts.Close)
	return strings.Replace(ts.URL, "127.0.0.1", "localhost", 1)
}

// embFrame attaches to the cross-site iframe whose URL starts with prefix.
func embFrame(t *testing.T, ctx context.Context, prefix string) context.Context {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		infos, err := chromedp.Targets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.HasPrefix(info.URL, prefix) {
				frameCtx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(info.TargetID))
				t.Cleanup(cancel)
				return frameCtx
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no iframe target at %s", prefix)
	return nil
}

// TestEmbedSizesItselfOnAnotherSite embeds the demo timeline in a page of
// another site, at a phone's width, and checks that the script grows the
// iframe from its fixed 300 px to its content's height, so that every event
// shows without a scrollbar inside the frame.
func TestEmbedSizesItselfOnAnotherSite(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	embedURL := app.URL + "/embed/t/myanmar-2021"
	host := embHost(t, embHostPage(embedURL, app.URL+"/static/embed.js"))
	ctx := browsertest.New(t, 360, 800)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 800), chromedp.Navigate(host)); err != nil {
		t.Fatal(err)
	}
	initial, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.initialHeight`))
	if err != nil {
		t.Fatal(err)
	}
	if initial != 300 {
		t.Errorf("the iframe started %v px tall, want the snippet's 300", initial)
	}
	// Wait for the script to size the frame to the reported height.
	final, err := chromedp.Run(ctx, chromedp.Poll[float64](`(function () {
		var f = document.getElementById("annals"), h = f.getBoundingClientRect().height;
		var last = window.messages[window.messages.length - 1];
		return last && h > 300 && Math.abs(h - last) < 1 ? h : 0;
	})()`, chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		msgs, _ := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`window.messages`))
		t.Fatalf("the iframe was not resized: %v (messages %v)", err, msgs)
	}

	// Inside the frame: the document fits the frame, and so does every event.
	frame := embFrame(t, ctx, embedURL)
	type inside struct {
		ScrollHeight, ClientHeight, ScrollWidth, ClientWidth float64
		Events, EventsInView                                 int
	}
	got, err := chromedp.Run(frame, chromedp.Evaluate[inside](`(function () {
		var el = document.scrollingElement, events = document.querySelectorAll("[data-testid=event]"), inView = 0;
		events.forEach(function (e) { if (e.getBoundingClientRect().bottom <= window.innerHeight) { inView++; } });
		return {ScrollHeight: el.scrollHeight, ClientHeight: el.clientHeight, ScrollWidth: el.scrollWidth,
			ClientWidth: el.clientWidth, Events: events.length, EventsInView: inView};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	want := len(embPublicTitles(t, app, nil))
	if got.Events != want || got.EventsInView != want {
		t.Errorf("the frame holds %d events, %d of them within its height; want all %d", got.Events, got.EventsInView, want)
	}
	if got.ScrollHeight > got.ClientHeight {
		t.Errorf("inner vertical scrollbar: content %v px in a %v px frame", got.ScrollHeight, got.ClientHeight)
	}
	if got.ScrollWidth > got.ClientWidth {
		t.Errorf("inner horizontal scrollbar at a phone's width: %v px in %v px", got.ScrollWidth, got.ClientWidth)
	}
	if final < got.ScrollHeight-1 || final > got.ScrollHeight+40 {
		t.Errorf("the frame is %v px for %v px of content", final, got.ScrollHeight)
	}
	t.Logf("iframe height: %v px before the resize message, %v px after (content %v px, %d events, frame %v px wide)",
		initial, final, got.ScrollHeight, got.Events, got.ClientWidth)
}

// TestOtherAnnalsPagesRefuseToBeFramed puts normal Annals pages in the
// same host page: the browser must refuse to show them, while the embed in
// the same place shows.
func TestOtherAnnalsPagesRefuseToBeFramed(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	ctx := browsertest.New(t, 800, 800)
	for _, tt := range []struct {
		path    string
		refused bool
	}{
		{"/t/myanmar-2021", true},
		{"/t/myanmar-2021/e/coup", true},
		{"/t/myanmar-2021/embed", true}, // the chooser is not an embed
		{"/embed/t/myanmar-2021", false},
	} {
		pageURL := app.URL + tt.path
		host := embHost(t, embHostPage(pageURL, app.URL+"/static/embed.js"))
		waitCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		messages := chromedp.Console(waitCtx)
		if err := chromedp.Do(ctx, chromedp.Navigate(host)); err != nil {
			t.Fatal(err)
		}
		frame := embFrame(t, ctx, pageURL)
		inside, err := chromedp.Run(frame, chromedp.Poll[string](`document.readyState === "complete" &&
			(location.href + " " + document.querySelectorAll("[data-testid=event]").length)`))
		if err != nil {
			t.Fatal(err)
		}
		// The browser says why in the host page's console.
		reported := false
		if tt.refused {
			for m, err := range messages {
				if err != nil {
					break
				}
				if strings.Contains(m.Text, "frame-ancestors 'none'") && strings.Contains(m.Text, "blocked") {
					reported = true
					break
				}
			}
		}
		cancel()
		shown := strings.HasPrefix(inside, pageURL+" ")
		switch {
		case tt.refused && (shown || !strings.HasPrefix(inside, "chrome-error://") || !reported):
			t.Errorf("%s in a frame of another site: frame at %q, refusal reported %v; want refused", tt.path, inside, reported)
		case !tt.refused && (!shown || strings.HasSuffix(inside, " 0")):
			t.Errorf("%s in a frame of another site: frame at %q; want the embed with its events", tt.path, inside)
		}
	}
}
