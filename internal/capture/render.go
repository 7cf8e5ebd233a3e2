package capture

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// ChromiumPath finds Chromium, or returns "" when it is not installed.
func ChromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Renderer draws a captured page in headless Chromium: a full-page PNG
// screenshot and a PDF. Chromium never reaches the network itself: every
// request it makes is paused, the page is answered with the captured bytes
// and each other resource (images, styles) is fetched by the Fetcher, so
// the same address checks and limits hold and the picture is of the bytes
// in the WARC.
type Renderer struct {
	ExecPath string
	Fetcher  *Fetcher
	// Sub bounds each resource of the page; default 5 MB and 10 s.
	Sub Limits
}

// NewRenderer returns a Renderer, or nil when Chromium is not installed.
func NewRenderer(f *Fetcher) *Renderer {
	p := ChromiumPath()
	if p == "" {
		return nil
	}
	return &Renderer{ExecPath: p, Fetcher: f}
}

// Render returns the screenshot and the PDF of page.
func (r *Renderer) Render(ctx context.Context, p *Page) (png, pdf []byte, err error) {
	dir, err := os.MkdirTemp("", "annals-capture-")
	if err != nil {
		return nil, nil, fmt.Errorf("chromium profile: %w", err)
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(r.ExecPath), chromedp.UserDataDir(dir), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-dev-shm-usage", true))
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()

	sub := *r.Fetcher
	sub.Limits = r.Sub
	if sub.Limits.MaxBytes == 0 {
		sub.Limits.MaxBytes = 5 << 20
	}
	if sub.Limits.Timeout == 0 {
		sub.Limits.Timeout = 10 * time.Second
	}
	paused := make(chan *fetch.EventRequestPaused, 256)
	if err := chromedp.Listen(tab, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			select {
			case paused <- e:
			default: // too many at once: the request stays paused, then fails with the page's time-out
			}
		}
	}); err != nil {
		return nil, nil, fmt.Errorf("start chromium: %w", err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	defer func() { close(done); cancelTab(); wg.Wait() }()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case e := <-paused:
				wg.Add(1)
				go func() { defer wg.Done(); r.answer(tab, &sub, p, e) }()
			}
		}
	}()
	if _, err := chromedp.Call(tab, fetch.Enable, fetch.EnableParams{}); err != nil {
		return nil, nil, fmt.Errorf("intercept chromium's requests: %w", err)
	}
	if err := chromedp.Do(tab, chromedp.Navigate(p.FinalURL)); err != nil {
		return nil, nil, fmt.Errorf("draw the page: %w", err)
	}
	png, err = chromedp.Run(tab, chromedp.FullScreenshot(100))
	if err != nil {
		return nil, nil, fmt.Errorf("screenshot: %w", err)
	}
	pdf, err = chromedp.Run(tab, chromedp.PrintToPDF(chromedp.PDFPrintBackground()))
	if err != nil {
		return png, nil, fmt.Errorf("PDF: %w", err)
	}
	return png, pdf, nil
}

// answer serves one of Chromium's requests: the page from the capture,
// other GETs through the safe fetcher, anything else refused.
func (r *Renderer) answer(tab context.Context, sub *Fetcher, p *Page, e *fetch.EventRequestPaused) {
	fail := func() {
		chromedp.Call(tab, fetch.FailRequest, fetch.FailRequestParams{RequestID: e.RequestID, ErrorReason: network.ErrorReasonBlockedByClient}) //nolint:errcheck // the tab may be gone
	}
	status, ctype, body := 0, "", []byte(nil)
	switch {
	case e.Request.URL == p.FinalURL && e.ResourceType == network.ResourceTypeDocument:
		status, ctype, body = p.Status, p.ContentType, p.Body
	case e.Request.Method == http.MethodGet:
		got, err := sub.Fetch(tab, e.Request.URL)
		if err != nil || got == nil {
			fail()
			return
		}
		status, ctype, body = got.Status, got.ContentType, got.Body
	default:
		fail()
		return
	}
	headers := []*fetch.HeaderEntry{{Name: "Content-Length", Value: strconv.Itoa(len(body))}}
	if ctype != "" {
		headers = append(headers, &fetch.HeaderEntry{Name: "Content-Type", Value: ctype})
	}
	chromedp.Call(tab, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: e.RequestID, ResponseCode: int64(status), //nolint:errcheck // the tab may be gone
		ResponseHeaders: headers, Body: body})
}
