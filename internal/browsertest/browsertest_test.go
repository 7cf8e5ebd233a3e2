package browsertest

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestChromiumRendersAPage proves the browser harness works before the
// end-to-end tests rely on it.
func TestChromiumRendersAPage(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><title>t</title><p id=x>hello</p><script>document.getElementById('x').textContent='from script'</script>`))
	}))
	defer ts.Close()
	ctx := New(t, 800, 600)
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL)); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#x")))
	if err != nil {
		t.Fatal(err)
	}
	if text != "from script" {
		t.Errorf("text = %q, want the script to have run", text)
	}
}
