package capture

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/nlnwa/gowarc"
)

// Limits bound one capture. The zero value of a field takes its default.
type Limits struct {
	MaxBytes     int64         // the largest body kept; default 20 MB
	Timeout      time.Duration // the whole exchange, redirects included; default 30 s
	MaxRedirects int           // default 10
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = 20 << 20
	}
	if l.Timeout <= 0 {
		l.Timeout = 30 * time.Second
	}
	if l.MaxRedirects <= 0 {
		l.MaxRedirects = 10
	}
	return l
}

// Fetcher fetches pages safely: http(s) only, public addresses only (unless
// Allow names them), checked on every connection of every redirect, within
// Limits.
type Fetcher struct {
	Allow     Allow
	Limits    Limits
	UserAgent string
}

// Page is what one fetch brought back: the last answer of the redirect
// chain and every exchange as WARC records.
type Page struct {
	RequestedURL string
	FinalURL     string
	Status       int
	ContentType  string
	Body         []byte
	WARC         []byte // request and response records of every hop, WARC/1.1
	Header       http.Header
}

// client is a fresh client for one fetch: no proxy (a proxy would reach
// what the address check refuses), no transparent decompression (the WARC
// keeps the bytes as served), no redirects followed by itself (Fetch
// follows them, recording and checking each hop).
func (f *Fetcher) client() *http.Client {
	d := net.Dialer{Timeout: 10 * time.Second}
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            f.Allow.dialContext(d),
		DisableCompression:     true,
		DisableKeepAlives:      true,
		TLSHandshakeTimeout:    10 * time.Second,
		ResponseHeaderTimeout:  f.Limits.withDefaults().Timeout,
		MaxResponseHeaderBytes: 1 << 20,
	}
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// checkURL refuses anything but http(s) URLs with a host.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, refuse("the URL %q cannot be read", raw)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, refuse("only http and https pages are captured, not %q", u.Scheme+":")
	}
	if u.Host == "" {
		return nil, refuse("the URL %q has no host", raw)
	}
	return u, nil
}

// Fetch fetches raw, following up to MaxRedirects redirects. A refusal
// (*Refusal) is final: a forbidden address, a scheme, a size, a client
// error status; other errors (time-outs, resets, server errors) may pass
// on a retry.
func (f *Fetcher) Fetch(ctx context.Context, raw string) (*Page, error) {
	lim := f.Limits.withDefaults()
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	c := f.client()
	defer c.CloseIdleConnections()
	p := &Page{RequestedURL: raw}
	var warc bytes.Buffer
	cur := raw
	for hop := 0; ; hop++ {
		u, err := checkURL(cur)
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, refuse("the URL %q cannot be requested", cur)
		}
		ua := f.UserAgent
		if ua == "" {
			ua = "Annals capture (+https://github.com/annals)"
		}
		req.Header.Set("User-Agent", ua)
		req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
		// Said outright, so the request in the WARC is the one sent.
		req.Header.Set("Accept-Encoding", "identity")
		reqDump, _ := httputil.DumpRequestOut(req, false)
		at := time.Now().UTC()
		resp, err := c.Do(req)
		if err != nil {
			return nil, fetchError(ctx, err, lim)
		}
		body, err := readLimited(resp.Body, lim.MaxBytes)
		resp.Body.Close()
		if err != nil {
			return nil, fetchError(ctx, err, lim)
		}
		if err := writeExchange(&warc, u.String(), at, reqDump, resp, body); err != nil {
			return nil, err
		}
		p.FinalURL, p.Status, p.Body, p.Header = u.String(), resp.StatusCode, body, resp.Header
		p.ContentType = resp.Header.Get("Content-Type")
		if resp.StatusCode >= 300 && resp.StatusCode < 400 && resp.Header.Get("Location") != "" {
			if hop >= lim.MaxRedirects {
				return nil, refuse("more than %d redirects", lim.MaxRedirects)
			}
			next, err := u.Parse(resp.Header.Get("Location"))
			if err != nil {
				return nil, refuse("the redirect to %q cannot be read", resp.Header.Get("Location"))
			}
			cur = next.String()
			continue
		}
		break
	}
	p.WARC = warc.Bytes()
	switch {
	case p.Status >= 500 || p.Status == http.StatusTooManyRequests || p.Status == http.StatusRequestTimeout:
		return p, &RetryableStatus{Status: p.Status, RetryAfter: RetryAfter(p.Header, time.Now())}
	case p.Status >= 400:
		return p, refuse("the page answered %d %s", p.Status, http.StatusText(p.Status))
	}
	return p, nil
}

// RetryableStatus is an answer that may change: a server error or a
// request to slow down.
type RetryableStatus struct {
	Status     int
	RetryAfter time.Duration
}

func (e *RetryableStatus) Error() string {
	return fmt.Sprintf("the page answered %d %s", e.Status, http.StatusText(e.Status))
}

// RetryAfter reads a Retry-After header (seconds or a date); 0 when absent.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

var errTooLarge = errors.New("too large")

func readLimited(r io.Reader, max int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, errTooLarge
	}
	return b, nil
}

// fetchError turns a transport error into a refusal where retrying cannot
// help, and names the limit that was reached.
func fetchError(ctx context.Context, err error, lim Limits) error {
	if why, ok := IsRefusal(err); ok {
		return &Refusal{Reason: why}
	}
	switch {
	case errors.Is(err, errTooLarge):
		return refuse("the page is larger than the limit of %s", size(lim.MaxBytes))
	case errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("the page took longer than the limit of %s", lim.Timeout)
	}
	return fmt.Errorf("fetch failed: %w", err)
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10:
		return fmt.Sprintf("%d kB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// writeExchange appends a request and a response record. Go's client has
// already taken the transfer framing off (chunks), so the response is its
// status line and headers as received, less Transfer-Encoding, with the
// length of the body kept.
func writeExchange(w io.Writer, target string, at time.Time, reqDump []byte, resp *http.Response, body []byte) error {
	var head bytes.Buffer
	fmt.Fprintf(&head, "HTTP/%d.%d %s\r\n", resp.ProtoMajor, resp.ProtoMinor, resp.Status)
	h := resp.Header.Clone()
	h.Del("Transfer-Encoding")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if err := h.Write(&head); err != nil {
		return fmt.Errorf("write WARC response headers: %w", err)
	}
	head.WriteString("\r\n")
	date := at.Format(time.RFC3339)
	reqID, respID := recordID(target, at, "request"), recordID(target, at, "response")
	m := gowarc.NewMarshaler()
	rec := func(t gowarc.RecordType, id, ctype string, parts ...[]byte) error {
		b := gowarc.NewRecordBuilder(t, gowarc.WithAddMissingDigest(true), gowarc.WithFixContentLength(true), gowarc.WithAddMissingContentLength(true))
		for _, p := range parts {
			if _, err := b.Write(p); err != nil {
				return err
			}
		}
		b.AddWarcHeader(gowarc.WarcRecordID, id)
		b.AddWarcHeader(gowarc.WarcDate, date)
		b.AddWarcHeader(gowarc.WarcTargetURI, target)
		b.AddWarcHeader(gowarc.ContentType, ctype)
		if t == gowarc.Request {
			b.AddWarcHeader(gowarc.WarcConcurrentTo, respID)
		}
		r, _, err := b.Build()
		if err != nil {
			return err
		}
		defer r.Close()
		_, _, err = m.Marshal(w, r, 0)
		return err
	}
	if err := rec(gowarc.Response, respID, "application/http;msgtype=response", head.Bytes(), body); err != nil {
		return fmt.Errorf("write WARC response record: %w", err)
	}
	if err := rec(gowarc.Request, reqID, "application/http;msgtype=request", reqDump); err != nil {
		return fmt.Errorf("write WARC request record: %w", err)
	}
	return nil
}

// recordID is a stable urn for a record: the same exchange at the same
// time has the same id.
func recordID(target string, at time.Time, kind string) string {
	sum := sha256.Sum256([]byte(kind + " " + at.Format(time.RFC3339Nano) + " " + target))
	x := fmt.Sprintf("%x", sum[:16])
	return fmt.Sprintf("<urn:uuid:%s-%s-%s-%s-%s>", x[:8], x[8:12], x[12:16], x[16:20], x[20:32])
}
