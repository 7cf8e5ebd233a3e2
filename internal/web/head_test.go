package web_test

import (
	"io"
	"net/http"
	"testing"

	"annals/internal/webtest"
)

// HEAD is answered wherever GET is: same status and headers, no body.
func TestHeadAnswersLikeGet(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range []string{"/", "/t/myanmar-2021", "/t/myanmar-2021/e/coup", "/t/myanmar-2021.atom",
		"/api/v1/timelines", "/t/no-such-timeline", "/staff/events"} {
		get, _ := app.Get(t, path, "Accept-Encoding", "br")
		req, err := http.NewRequest(http.MethodHead, app.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept-Encoding", "br")
		head, err := client.Do(req)
		if err != nil {
			t.Fatalf("HEAD %s: %v", path, err)
		}
		body, _ := io.ReadAll(head.Body)
		head.Body.Close()
		if head.StatusCode != get.StatusCode || len(body) != 0 {
			t.Errorf("HEAD %s: %d with %d bytes; GET gives %d, and HEAD must send no body", path, head.StatusCode, len(body), get.StatusCode)
		}
		if cl := head.Header.Get("Content-Length"); cl != "" && cl != get.Header.Get("Content-Length") {
			t.Errorf("HEAD %s: Content-Length %s, GET sends %q", path, cl, get.Header.Get("Content-Length"))
		}
		for _, h := range []string{"Content-Type", "ETag", "Location", "Content-Encoding"} {
			if head.Header.Get(h) != get.Header.Get(h) {
				t.Errorf("HEAD %s: %s %q, GET has %q", path, h, head.Header.Get(h), get.Header.Get(h))
			}
		}
	}
}
