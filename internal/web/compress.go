package web

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
)

// Responses are compressed with brotli or gzip when the client asks for
// them. The codecs are libraries (andybalholm/brotli, klauspost/compress);
// the writer below only decides when to use them. klauspost's gzhttp
// middleware was the first choice but speaks gzip and zstd, not brotli, and
// one writer for both codings keeps their rules the same.

// compressMinSize is the smallest body worth compressing: below about a
// kilobyte the coding's own framing eats most of the saving.
const compressMinSize = 1024

// Levels for bodies rendered per request: brotli 4 and gzip 5 compress a
// timeline page about as well as the highest levels for a small part of
// the CPU, which matters under a spike.
const (
	brotliLevel = 4
	gzipLevel   = 5
)

// compressResponses compresses every answer whose type is text (HTML, CSS,
// scripts, JSON, SVG, XML, Atom, CSV) and whose body reaches
// compressMinSize, streaming it: nothing is held back beyond the first
// kilobyte, so exports and feeds still flow as they are written.
//
// A compressed answer's ETag gets the coding as a suffix ("abc" becomes
// "abc-br"), since its bytes differ from the identity body's. The suffix is
// taken off If-None-Match before anything else reads it, so the ETag code
// (cache.go, static files, exports) keeps comparing its own tags, and a 304
// answers with the tag the client sent.
//
// Staff pages are never compressed: they carry CSRF tokens beside text the
// user typed, the mix that compression turns into a BREACH oracle.
func compressResponses(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if strings.HasPrefix(req.URL.Path, "/staff") {
			return next(c)
		}
		res := c.Response()
		clientTags := req.Header.Values("If-None-Match")
		if len(clientTags) > 0 {
			req.Header.Set("If-None-Match", stripCodingSuffixes(strings.Join(clientTags, ",")))
		}
		_, head := res.Writer.(headWriter) // HEAD: same headers as GET, no body to compress
		w := &compressWriter{
			ResponseWriter: res.Writer,
			coding:         negotiateCoding(req.Header.Get("Accept-Encoding")),
			head:           head,
			clientTags:     strings.Join(clientTags, ","),
		}
		res.Writer = w
		err := next(c)
		// An error is rendered after this returns (requestLog's HandleError
		// runs outside); it goes straight to the connection, uncompressed,
		// unless the handler had begun its answer. A panic skips this, so
		// a broken stream is never closed as if it were whole.
		res.Writer = w.ResponseWriter
		if err != nil && !res.Committed {
			return err
		}
		if cerr := w.Close(); cerr != nil && err == nil {
			err = cerr
		}
		return err
	}
}

// codingSuffixes are the ETag suffixes of each coding.
var codingSuffixes = map[string]string{"br": "-br", "gzip": "-gzip"}

// stripCodingSuffixes takes the coding suffixes off the entity tags of an
// If-None-Match list.
func stripCodingSuffixes(list string) string {
	tags := strings.Split(list, ",")
	for i, tag := range tags {
		tag = strings.TrimSpace(tag)
		for _, suffix := range codingSuffixes {
			if strings.HasSuffix(tag, suffix+`"`) {
				tag = strings.TrimSuffix(tag, suffix+`"`) + `"`
				break
			}
		}
		tags[i] = tag
	}
	return strings.Join(tags, ", ")
}

// withSuffix adds suffix inside an entity tag's closing quote.
func withSuffix(etag, suffix string) string {
	if !strings.HasSuffix(etag, `"`) || len(etag) < 2 {
		return etag
	}
	return etag[:len(etag)-1] + suffix + `"`
}

// negotiateCoding picks brotli or gzip from an Accept-Encoding header
// (RFC 9110 12.5.3): the one with the higher q-value, brotli on a tie,
// "" when neither is acceptable. "*" stands for any coding not named.
func negotiateCoding(header string) string {
	if header == "" {
		return ""
	}
	q := map[string]float64{}
	wildcard := -1.0
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.ToLower(strings.TrimSpace(name))
		weight := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil || f < 0 || f > 1 {
					f = 0 // a malformed weight refuses rather than guesses
				}
				weight = f
			}
		}
		switch name {
		case "x-gzip":
			name = "gzip"
		case "*":
			wildcard = weight
			continue
		}
		q[name] = weight
	}
	weight := func(coding string) float64 {
		if w, ok := q[coding]; ok {
			return w
		}
		return max(wildcard, 0)
	}
	br, gz := weight("br"), weight("gzip")
	switch {
	case br > 0 && br >= gz:
		return "br"
	case gz > 0:
		return "gzip"
	}
	return ""
}

// compressible reports whether a Content-Type is text that compresses.
// Images other than SVG, fonts (WOFF2 is already brotli) and archives do
// not.
func compressible(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(mt, "text/"):
		return true
	case mt == "image/svg+xml", mt == "application/json", mt == "application/javascript",
		mt == "application/xml", mt == "application/x-ndjson":
		return true
	case strings.HasPrefix(mt, "application/") && (strings.HasSuffix(mt, "+json") || strings.HasSuffix(mt, "+xml")):
		return true // Atom, RSS, JSON problem details, JSON-LD
	}
	return false
}

// compressWriter decides at WriteHeader, once the handler and the
// middleware's Before hooks have set every header, whether the body is
// compressed; it then holds back at most compressMinSize bytes before
// choosing.
type compressWriter struct {
	http.ResponseWriter
	coding     string // "br", "gzip" or "" (identity)
	head       bool
	clientTags string // If-None-Match as the client sent it

	status  int
	state   int // one of the states below
	buf     []byte
	encoder io.WriteCloser
}

const (
	undecided = iota
	passThrough
	buffering
	compressing
)

func (w *compressWriter) WriteHeader(status int) {
	if w.state != undecided || status < 200 {
		if status < 200 {
			w.ResponseWriter.WriteHeader(status) // 1xx: informational, more follows
		}
		return
	}
	h := w.Header()
	w.status = status
	switch {
	case status == http.StatusNotModified:
		w.answerNotModified()
		trimNotModified(h) // every public 304 passes here
		w.state = passThrough
	case !varies(status, h):
		w.state = passThrough
	default:
		h.Add("Vary", "Accept-Encoding") // whether or not this client asked, caches must key on it
		if length, err := strconv.Atoi(h.Get("Content-Length")); w.coding == "" || (err == nil && length < compressMinSize) {
			w.state = passThrough
		} else {
			w.state = buffering
			return
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

// varies reports whether an answer with status and headers h is one whose
// coding depends on the client's Accept-Encoding.
func varies(status int, h http.Header) bool {
	switch {
	case status == http.StatusNoContent, status == http.StatusPartialContent,
		h.Get("Content-Range") != "", h.Get("Content-Encoding") != "", !compressible(h.Get("Content-Type")):
		return false
	}
	return true
}

// encodedCoding is the coding in which a whole body of n bytes, about to
// be answered 200 on res, goes out ("" for identity): what the writer
// would choose for it, so that a kept page can give bytes it compressed
// once (serveKept). It sets the headers of that choice.
func encodedCoding(res *echo.Response, n int) string {
	w, ok := res.Writer.(*compressWriter)
	if !ok || w.head || w.state != undecided || w.coding == "" || n < compressMinSize || !varies(http.StatusOK, res.Header()) {
		return ""
	}
	h := res.Header()
	h.Add("Vary", "Accept-Encoding")
	setEncodedHeaders(h, w.coding)
	return w.coding
}

// setEncodedHeaders labels an answer as compressed with coding.
func setEncodedHeaders(h http.Header, coding string) {
	h.Del("Content-Length")
	h.Del("Accept-Ranges") // ranges would count the compressed bytes
	h.Set("Content-Encoding", coding)
	if etag := h.Get("ETag"); etag != "" {
		h.Set("ETag", withSuffix(etag, codingSuffixes[coding]))
	}
}

// Levels for a kept page's copies, compressed once for every reader who
// asks: brotli 6 makes a timeline page about 10% smaller than 4 in the
// same 3 ms (11 saves 20% but takes 50 times as long), gzip 9 about 6%.
const (
	keptBrotliLevel = 6
	keptGzipLevel   = 9
)

// Levels for static files, compressed once per process: brotli 11 makes
// the stylesheet 18% smaller than 4 (5.2 against 6.3 kB) for 34 ms, once.
// Above staticBestMax bytes (the world atlas) 11 takes seconds, and the
// kept pages' levels serve.
const (
	staticBrotliLevel = 11
	staticBestMax     = 256 << 10
)

// compressedCopies holds a whole body compressed once per coding, each
// copy made when a reader first asks for it: under a spike every reader
// asks for a compressed answer, and compressing it for each was most of
// the cost of answering.
type compressedCopies struct {
	brotli, gzip struct {
		once  sync.Once
		bytes []byte
	}
}

// get is body() compressed with coding ("br" or "gzip") at brotliLevel or
// keptGzipLevel, made on the first call; body must give the same bytes
// each time.
func (c *compressedCopies) get(coding string, body func() []byte, brotliLevel int) []byte {
	e := &c.gzip
	if coding == "br" {
		e = &c.brotli
	}
	e.once.Do(func() { e.bytes = encode(coding, body(), brotliLevel) })
	return e.bytes
}

// encode compresses a whole body with coding.
func encode(coding string, body []byte, brotliLevel int) []byte {
	var b bytes.Buffer
	var enc io.WriteCloser
	if coding == "br" {
		enc = brotli.NewWriterLevel(&b, brotliLevel)
	} else {
		enc, _ = gzip.NewWriterLevel(&b, keptGzipLevel) // the level is a valid constant
	}
	_, _ = enc.Write(body) // writes to a bytes.Buffer do not fail
	_ = enc.Close()
	return b.Bytes()
}

// answerNotModified gives a 304 the tag the client holds: "abc-br" when it
// asked with "abc-br" for the page whose identity tag is "abc".
func (w *compressWriter) answerNotModified() {
	h := w.Header()
	etag := h.Get("ETag")
	if etag == "" {
		return
	}
	h.Add("Vary", "Accept-Encoding")
	held := map[string]bool{}
	for _, tag := range strings.Split(w.clientTags, ",") {
		held[strings.TrimPrefix(strings.TrimSpace(tag), "W/")] = true
	}
	if held[etag] {
		return
	}
	// The coding this client would get now first, then any other it holds.
	for _, coding := range []string{w.coding, "br", "gzip"} {
		if suffix, ok := codingSuffixes[coding]; ok && held[withSuffix(etag, suffix)] {
			h.Set("ETag", withSuffix(etag, suffix))
			return
		}
	}
}

func (w *compressWriter) Write(p []byte) (int, error) {
	if w.state == undecided {
		w.WriteHeader(http.StatusOK)
	}
	switch w.state {
	case buffering:
		if len(w.buf)+len(p) < compressMinSize {
			w.buf = append(w.buf, p...)
			return len(p), nil
		}
		if err := w.start(); err != nil {
			return 0, err
		}
		return w.write(p)
	case compressing:
		return w.write(p)
	}
	return w.ResponseWriter.Write(p)
}

func (w *compressWriter) write(p []byte) (int, error) {
	if w.encoder == nil { // HEAD: the headers say what GET would send
		return len(p), nil
	}
	return w.encoder.Write(p)
}

// start sends the headers of a compressed answer and the bytes held back.
func (w *compressWriter) start() error {
	setEncodedHeaders(w.Header(), w.coding)
	w.ResponseWriter.WriteHeader(w.status)
	w.state = compressing
	if !w.head {
		w.encoder = newEncoder(w.coding, w.ResponseWriter)
	}
	held := w.buf
	w.buf = nil
	_, err := w.write(held)
	return err
}

// Close ends the answer: a body that stayed under compressMinSize goes out
// as it is; a compressed one gets its trailer.
func (w *compressWriter) Close() error {
	switch w.state {
	case undecided:
		return nil // nothing was written
	case buffering:
		w.state = passThrough
		w.ResponseWriter.WriteHeader(w.status)
		if len(w.buf) > 0 {
			_, err := w.ResponseWriter.Write(w.buf)
			return err
		}
	case compressing:
		if w.encoder != nil {
			err := w.encoder.Close()
			releaseEncoder(w.coding, w.encoder)
			w.encoder = nil
			return err
		}
	}
	return nil
}

// Flush sends what has been written so far: a handler that flushes is
// streaming, so its body is compressed from here on whatever its size.
func (w *compressWriter) Flush() {
	_ = w.FlushError()
}

// FlushError is Flush for http.ResponseController.
func (w *compressWriter) FlushError() error {
	if w.state == buffering {
		if err := w.start(); err != nil {
			return err
		}
	}
	if w.encoder != nil {
		if f, ok := w.encoder.(interface{ Flush() error }); ok {
			if err := f.Flush(); err != nil {
				return err
			}
		}
	}
	return http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection (deadlines).
func (w *compressWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Encoders are pooled: a brotli or gzip writer allocates its tables once.
var (
	brotliPool = sync.Pool{New: func() any { return brotli.NewWriterLevel(nil, brotliLevel) }}
	gzipPool   = sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(nil, gzipLevel) // the level is a valid constant
		return w
	}}
)

func newEncoder(coding string, dst io.Writer) io.WriteCloser {
	if coding == "br" {
		w := brotliPool.Get().(*brotli.Writer)
		w.Reset(dst)
		return w
	}
	w := gzipPool.Get().(*gzip.Writer)
	w.Reset(dst)
	return w
}

func releaseEncoder(coding string, enc io.WriteCloser) {
	if coding == "br" {
		brotliPool.Put(enc)
	} else {
		gzipPool.Put(enc)
	}
}
