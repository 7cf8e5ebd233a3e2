package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"annals/internal/web"
	"annals/internal/webtest"
)

// TestPrintoutsAndExportsTakeTurns runs the server with one stream slot. A
// reader who downloads a 20,000-event export slowly holds it: a printout
// asked meanwhile waits, then gets 503 with Retry-After and a page that
// says to come back, while the timeline page itself answers at once. When
// the slow download ends, the printout is made.
func TestPrintoutsAndExportsTakeTurns(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := webtest.Start(t, webtest.Options{NoDemo: true, Config: web.Config{StreamSlots: 1}})
	if _, err := app.Store.Pool().Exec(ctx, scaleData(20000)); err != nil {
		t.Fatal(err)
	}
	app.Sync(t)

	// A slow reader: no compression, a tiny receive buffer, and the body left unread, so
	// the export stops at the first full socket buffer and keeps its slot.
	slow := &http.Client{Transport: &http.Transport{DisableCompression: true, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err == nil {
			err = conn.(*net.TCPConn).SetReadBuffer(4096)
		}
		return conn, err
	}}}
	res, err := slow.Get(app.URL + "/t/scale.json")
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the export: status %d", res.StatusCode)
	}
	if _, err := io.ReadFull(res.Body, make([]byte, 1024)); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	busy, body := app.Get(t, "/t/scale/print")
	if busy.StatusCode != http.StatusServiceUnavailable || busy.Header.Get("Retry-After") == "" ||
		!strings.Contains(body, "try again in a minute") {
		t.Errorf("a printout while the only slot is taken: status %d, Retry-After %q, body %.300q",
			busy.StatusCode, busy.Header.Get("Retry-After"), body)
	}
	if waited := time.Since(start); waited < 5*time.Second {
		t.Errorf("the printout was refused after %v, without waiting for the slot", waited)
	}
	if page, _ := app.Get(t, "/t/scale"); page.StatusCode != http.StatusOK {
		t.Errorf("the timeline page waits for the slot too: status %d", page.StatusCode)
	}

	res.Body.Close() // the slow reader leaves; the export ends and frees its slot
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, body := app.Get(t, "/t/scale/print")
		if res.StatusCode == http.StatusOK && strings.Contains(body, `data-testid="chain-head"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the printout after the slow reader left: status %d", res.StatusCode)
		}
	}
}
