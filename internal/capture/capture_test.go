package capture

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"

	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlnwa/gowarc"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

const article = `<!doctype html><html><head><title>Village burned</title><style>p{color:red}</style>
<script>var secret = "not text";</script></head><body><article><h1>Village burned</h1>
<p>Witnesses said the   village of Tula Toli was burned on 30 August.</p><img src="/pic.png" alt=""></article></body></html>`

// site serves the test pages; it is reached as "localhost", the one name
// the tests' Allow lets through, so 127.0.0.1 by its address is refused.
func site(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, article)
	})
	mux.HandleFunc("/pic.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(onePixel)
	})
	mux.HandleFunc("/r1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/r2", http.StatusFound) })
	mux.HandleFunc("/r2", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/article", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("a"), 4096))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	mux.HandleFunc("/metadata", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/loopback", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, srv.URL+"/article", http.StatusFound) // 127.0.0.1:port
	})
	return srv, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
}

var onePixel = func() []byte {
	b, _ := io.ReadAll(strings.NewReader("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"))
	return b
}()

func testFetcher(t *testing.T) *Fetcher {
	allow, err := ParseAllow("localhost")
	if err != nil {
		t.Fatal(err)
	}
	return &Fetcher{Allow: allow, Limits: Limits{MaxBytes: 1024, Timeout: 2 * time.Second, MaxRedirects: 3}}
}

type memStore struct {
	mu    sync.Mutex
	saved []Capture
}

func (m *memStore) SaveCapture(_ context.Context, c Capture) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.saved = append(m.saved, c)
	return int64(len(m.saved)), nil
}

func artefact(c Capture, kind string) *Artefact {
	for i := range c.Artefacts {
		if c.Artefacts[i].Kind == kind {
			return &c.Artefacts[i]
		}
	}
	return nil
}

func TestCaptureArticle(t *testing.T) {
	_, base := site(t)
	f := testFetcher(t)
	w := &Worker{Fetcher: f, Renderer: NewRenderer(f), Store: &memStore{}}
	if w.Renderer == nil {
		t.Fatal("chromium is not installed: run `make test`, which installs it (apt-get install chromium)")
	}
	c, err := w.Capture(context.Background(), Args{SourceID: 1, URL: base + "/article"})
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTPStatus != 200 || c.FinalURL != base+"/article" || !strings.HasPrefix(c.Software, "annals ") {
		t.Fatalf("capture = %+v", c)
	}
	for _, a := range c.Artefacts {
		if a.SHA256 != sha256.Sum256(a.Content) {
			t.Errorf("%s: hash does not match its bytes", a.Kind)
		}
	}
	text := artefact(c, "text")
	want := "Village burned\nVillage burned\nWitnesses said the village of Tula Toli was burned on 30 August.\n"
	if text == nil || string(text.Content) != want {
		t.Fatalf("text = %q, want %q", text, want)
	}
	// The WARC parses back with the same library: a response with the
	// page's bytes, then its request.
	records := readWARC(t, artefact(c, "warc").Content)
	if len(records) != 2 || records[0].Type() != gowarc.Response || records[1].Type() != gowarc.Request {
		t.Fatalf("records = %v", records)
	}
	if got := records[0].WarcHeader().Get(gowarc.WarcTargetURI); got != base+"/article" {
		t.Errorf("target = %q", got)
	}
	shot := artefact(c, "screenshot")
	if shot == nil {
		t.Fatal("no screenshot")
	}
	img, err := png.Decode(bytes.NewReader(shot.Content))
	if err != nil || img.Bounds().Dx() < 100 {
		t.Fatalf("screenshot: %v", err)
	}
	if pdf := artefact(c, "pdf"); pdf == nil || !bytes.HasPrefix(pdf.Content, []byte("%PDF")) {
		t.Fatal("no PDF")
	}
}

func readWARC(t *testing.T, b []byte) []gowarc.WarcRecord {
	t.Helper()
	u := gowarc.NewUnmarshaler(gowarc.WithStrictValidation())
	r := bufio.NewReader(bytes.NewReader(b))
	var out []gowarc.WarcRecord
	for {
		rec, _, v, err := u.Unmarshal(r)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("parse WARC: %v", err)
		}
		if !v.Valid() {
			t.Fatalf("WARC record not valid: %s", v)
		}
		if rec.Type() == gowarc.Response {
			blk, ok := rec.Block().(gowarc.HttpResponseBlock)
			if !ok {
				t.Fatalf("response block is %T", rec.Block())
			}
			if blk.HttpStatusCode() == 200 {
				pr, _ := blk.PayloadBytes()
				body, _ := io.ReadAll(pr)
				if !bytes.Equal(body, []byte(article)) {
					t.Fatalf("WARC payload = %q", body)
				}
			}
		}
		if err := rec.ValidateDigest(v); err != nil || !v.Valid() {
			t.Fatalf("WARC digest: %v %s", err, v)
		}
		rec.Close()
		out = append(out, rec)
	}
}

func TestRedirectChainEndsAtFinalURL(t *testing.T) {
	_, base := site(t)
	p, err := testFetcher(t).Fetch(context.Background(), base+"/r1")
	if err != nil {
		t.Fatal(err)
	}
	if p.FinalURL != base+"/article" || p.Status != 200 {
		t.Fatalf("final = %s %d", p.FinalURL, p.Status)
	}
	if n := len(readWARC(t, p.WARC)); n != 6 {
		t.Fatalf("%d records, want 6 (three hops)", n)
	}
}

func TestRefusals(t *testing.T) {
	srv, base := site(t)
	f := testFetcher(t)
	f.Limits.Timeout = 300 * time.Millisecond
	for _, tc := range []struct{ url, want string }{
		{base + "/gone", "the page answered 404 Not Found"},
		{base + "/big", "the page is larger than the limit of 1 kB"},
		{base + "/metadata", "refused to connect to 169.254.169.254: a link-local address"},
		{base + "/loopback", "refused to connect to 127.0.0.1: a loopback address"},
		{srv.URL + "/article", "refused to connect to 127.0.0.1: a loopback address"},
		{"file:///etc/passwd", `only http and https pages are captured, not "file:"`},
	} {
		_, err := f.Fetch(context.Background(), tc.url)
		why, refused := IsRefusal(err)
		if !refused || !strings.Contains(why, tc.want) {
			t.Errorf("%s: %v, want refusal %q", tc.url, err, tc.want)
		}
	}
	// A slow page is not refused for good: a retry may find it faster.
	_, err := f.Fetch(context.Background(), base+"/slow")
	if _, refused := IsRefusal(err); refused || err == nil || !strings.Contains(err.Error(), "took longer than the limit of 300ms") {
		t.Errorf("slow page: %v", err)
	}
}

func TestTooManyRedirects(t *testing.T) {
	_, base := site(t)
	f := testFetcher(t)
	f.Limits.MaxRedirects = 1
	_, err := f.Fetch(context.Background(), base+"/r1")
	if why, _ := IsRefusal(err); why != "more than 1 redirects" {
		t.Fatalf("err = %v", err)
	}
}

// A capture that fails for a passing reason returns its error for River to
// retry, and succeeds on the next attempt; a refusal is stored at once.
func TestRetryAfterFailure(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		n := calls
		mu.Unlock()
		if n == 1 {
			http.Error(w, "busy", http.StatusBadGateway)
			return
		}
		io.WriteString(w, article)
	}))
	defer srv.Close()
	allow, _ := ParseAllow("127.0.0.1/32")
	st := &memStore{}
	w := &Worker{Fetcher: &Fetcher{Allow: allow}, Store: st}
	job := func(attempt int) *river.Job[Args] {
		return &river.Job[Args]{JobRow: &rivertype.JobRow{Attempt: attempt, MaxAttempts: 5}, Args: Args{SourceID: 7, URL: srv.URL + "/"}}
	}
	err := w.Work(context.Background(), job(1))
	if err == nil || !strings.Contains(err.Error(), "502") || len(st.saved) != 0 {
		t.Fatalf("first attempt: %v, saved %d", err, len(st.saved))
	}
	if err := w.Work(context.Background(), job(2)); err != nil {
		t.Fatal(err)
	}
	if len(st.saved) != 1 || st.saved[0].Failure != "" || st.saved[0].HTTPStatus != 200 {
		t.Fatalf("saved = %+v", st.saved)
	}
	// The last attempt stores the failure with its reason.
	calls = 0
	if err := w.Work(context.Background(), job(5)); err != nil {
		t.Fatal(err)
	}
	if got := st.saved[1].Failure; got != "the page answered 502 Bad Gateway" {
		t.Fatalf("failure = %q", got)
	}
}

func TestParseAllow(t *testing.T) {
	a, err := ParseAllow("10.0.0.0/8, 127.0.0.1 intranet.example.")
	if err != nil {
		t.Fatal(err)
	}
	if !a.host("Intranet.example") || a.host("example.org") {
		t.Error("hosts")
	}
	if _, err := ParseAllow("http://x"); err == nil {
		t.Error("a URL is not an allow entry")
	}
}
