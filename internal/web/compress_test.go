package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/brotli"

	"annals/internal/webtest"
	"annals/views"
)

// decode undoes a Content-Encoding.
func decode(t *testing.T, coding string, body string) string {
	t.Helper()
	var r io.Reader
	switch coding {
	case "br":
		r = brotli.NewReader(strings.NewReader(body))
	case "gzip":
		zr, err := gzip.NewReader(strings.NewReader(body))
		if err != nil {
			t.Fatalf("gzip: %v", err)
		}
		r = zr
	default:
		return body
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s: %v", coding, err)
	}
	return string(out)
}

func varies(res *http.Response) bool {
	return strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Encoding")
}

// Every compressible answer is the same document in each coding, with an
// ETag of its own that still revalidates to a 304.
func TestCompressedAnswersEqualIdentity(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{
		"/t/myanmar-2021",
		"/t/myanmar-2021/e/coup",
		"/t/myanmar-2021.json",
		"/t/myanmar-2021/chart/killed.svg",
		views.Static("css/annals.css"),
		"/static/css/annals.css",
	} {
		plain, want := app.Get(t, path, "Accept-Encoding", "identity")
		if plain.StatusCode != http.StatusOK || plain.Header.Get("Content-Encoding") != "" || len(want) < 1024 {
			t.Fatalf("%s identity: %d, Content-Encoding %q, %d bytes", path, plain.StatusCode, plain.Header.Get("Content-Encoding"), len(want))
		}
		if !varies(plain) {
			t.Errorf("%s identity: Vary %q lacks Accept-Encoding", path, plain.Header.Values("Vary"))
		}
		tag := plain.Header.Get("ETag")
		for _, coding := range []string{"br", "gzip"} {
			res, body := app.Get(t, path, "Accept-Encoding", coding)
			if got := res.Header.Get("Content-Encoding"); got != coding {
				t.Errorf("%s %s: Content-Encoding %q", path, coding, got)
				continue
			}
			if len(body) >= len(want) {
				t.Errorf("%s %s: %d bytes, identity %d", path, coding, len(body), len(want))
			}
			if got := decode(t, coding, body); got != want {
				t.Errorf("%s %s: decoded body differs from identity (%d vs %d bytes)", path, coding, len(got), len(want))
			}
			if !varies(res) {
				t.Errorf("%s %s: Vary %q lacks Accept-Encoding", path, coding, res.Header.Values("Vary"))
			}
			etag := res.Header.Get("ETag")
			if want := strings.TrimSuffix(tag, `"`) + "-" + coding + `"`; tag == "" || etag != want {
				t.Errorf("%s %s: ETag %q, want %q (identity %q)", path, coding, etag, want, tag)
			}
			res, body = app.Get(t, path, "Accept-Encoding", coding, "If-None-Match", etag)
			if res.StatusCode != http.StatusNotModified || body != "" || res.Header.Get("ETag") != etag {
				t.Errorf("%s %s with If-None-Match %s: %d, %d bytes, ETag %q; want 304 with the same tag",
					path, coding, etag, res.StatusCode, len(body), res.Header.Get("ETag"))
			}
		}
		// The identity tag still revalidates the identity copy.
		if res, _ := app.Get(t, path, "Accept-Encoding", "br", "If-None-Match", tag); res.StatusCode != http.StatusNotModified || res.Header.Get("ETag") != tag {
			t.Errorf("%s with the identity tag: %d, ETag %q", path, res.StatusCode, res.Header.Get("ETag"))
		}
	}
}

// Brotli is preferred when both are acceptable; q-values are honoured.
func TestCompressionNegotiation(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for accept, want := range map[string]string{
		"gzip, deflate, br, zstd": "br",
		"gzip;q=1, br;q=0.5":      "gzip",
		"br;q=0, gzip":            "gzip",
		"*":                       "br",
		"identity":                "",
		"gzip;q=0, br;q=0":        "",
	} {
		res, _ := app.Get(t, "/t/myanmar-2021", "Accept-Encoding", accept)
		if got := res.Header.Get("Content-Encoding"); got != want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", accept, got, want)
		}
	}
}

// HEAD answers with GET's headers, compressed ETag included, and no body.
func TestHeadCompressedHasNoBody(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	get, _ := app.Get(t, "/t/myanmar-2021", "Accept-Encoding", "br")
	req, err := http.NewRequest(http.MethodHead, app.URL+"/t/myanmar-2021", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "br")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || len(body) != 0 {
		t.Errorf("HEAD: %d with %d bytes", res.StatusCode, len(body))
	}
	for _, h := range []string{"Content-Encoding", "ETag", "Content-Type"} {
		if res.Header.Get(h) != get.Header.Get(h) {
			t.Errorf("HEAD %s %q, GET %q", h, res.Header.Get(h), get.Header.Get(h))
		}
	}
}

// Small bodies, images, fonts and staff pages go out as they are.
func TestNotCompressed(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	_, css := app.Get(t, views.Static("css/fonts.css"), "Accept-Encoding", "identity")
	font := regexp.MustCompile(`url\((/static/fonts/[^)]+\.woff2)\)`).FindStringSubmatch(css)
	if font == nil {
		t.Fatalf("fonts.css names no font: %s", css)
	}
	for path, why := range map[string]string{
		"/healthz":     "a body under a kilobyte",
		font[1]:        "a WOFF2 font, compressed already",
		"/favicon.ico": "an image",
		"/staff/login": "a staff page (CSRF token beside typed text: BREACH)",
	} {
		res, body := app.Get(t, path, "Accept-Encoding", "br, gzip")
		if res.StatusCode != http.StatusOK || len(body) == 0 {
			t.Errorf("%s: %d with %d bytes", path, res.StatusCode, len(body))
		}
		if ce := res.Header.Get("Content-Encoding"); ce != "" {
			t.Errorf("%s is %s: Content-Encoding %q", path, why, ce)
		}
	}
	if res, _ := app.Get(t, font[1], "Accept-Encoding", "br"); varies(res) {
		t.Errorf("a font varies on Accept-Encoding: %q", res.Header.Values("Vary"))
	}
}

// Pages link static files by hashed name, served for a year as immutable;
// the plain names still answer with a short lifetime.
func TestPagesLinkHashedStaticFiles(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	hashed := regexp.MustCompile(`^/static/[a-z0-9/_-]+\.[0-9a-f]{10}\.[a-z0-9]+$`)
	checked := map[string]bool{}
	var check func(page, ref string)
	check = func(page, ref string) {
		if checked[ref] {
			return
		}
		checked[ref] = true
		if !hashed.MatchString(ref) {
			t.Errorf("%s links %s, not a hashed name", page, ref)
			return
		}
		res, body := app.Get(t, ref)
		if res.StatusCode != http.StatusOK || body == "" {
			t.Errorf("%s (from %s): %d", ref, page, res.StatusCode)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q", ref, cc)
		}
		if strings.HasSuffix(ref, ".css") { // the fonts a stylesheet names
			for _, m := range regexp.MustCompile(`url\((/static/[^)]+)\)`).FindAllStringSubmatch(body, -1) {
				check(ref, m[1])
			}
		}
	}
	for _, page := range []string{"/", "/t/myanmar-2021", "/t/myanmar-2021/e/coup", "/embed/t/myanmar-2021", "/staff/login"} {
		res, body := app.Get(t, page)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", page, res.StatusCode)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		refs := doc.Find(`[href^="/static/"], [src^="/static/"]`)
		if refs.Length() == 0 {
			t.Errorf("%s links no static file", page)
		}
		refs.Each(func(_ int, s *goquery.Selection) {
			ref, ok := s.Attr("href")
			if !ok {
				ref, _ = s.Attr("src")
			}
			check(page, ref)
		})
		if page != "/embed/t/myanmar-2021" && doc.Find(`link[rel="icon"][type="image/svg+xml"]`).Length() != 1 {
			t.Errorf("%s has no SVG icon link", page)
		}
	}
	for _, plain := range []string{"/static/embed.js", "/static/css/annals.css"} {
		res, _ := app.Get(t, plain)
		if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "public, max-age=3600" {
			t.Errorf("%s: %d, Cache-Control %q; want 200 with an hour", plain, res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}
	res, body := app.Get(t, "/favicon.ico")
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/x-icon" || !bytes.HasPrefix([]byte(body), []byte{0, 0, 1, 0}) {
		t.Errorf("/favicon.ico: %d, %q, starts %x", res.StatusCode, res.Header.Get("Content-Type"), body[:min(4, len(body))])
	}
	if res, _ := app.Get(t, "/static/css/annals.0123456789.css"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a hashed name of no file: %d", res.StatusCode)
	}
}

// A kept page is compressed once per coding and given whole, with its
// length, to every reader who asks for that coding.
func TestKeptPagesAreCompressedOnce(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{"/t/myanmar-2021", "/t/myanmar-2021/e/coup"} {
		_, want := app.Get(t, path, "Accept-Encoding", "identity") // rendered and kept
		for _, coding := range []string{"br", "gzip"} {
			first, a := app.Get(t, path, "Accept-Encoding", coding)
			again, b := app.Get(t, path, "Accept-Encoding", coding)
			for _, res := range []*http.Response{first, again} {
				if res.Header.Get("Content-Encoding") != coding || res.Header.Get("Content-Length") != strconv.Itoa(len(a)) {
					t.Errorf("%s %s: Content-Encoding %q, Content-Length %q for %d bytes; want the kept copy, whole",
						path, coding, res.Header.Get("Content-Encoding"), res.Header.Get("Content-Length"), len(a))
				}
			}
			if a != b || decode(t, coding, a) != want {
				t.Errorf("%s %s: the kept copy differs between readers or from the page", path, coding)
			}
		}
	}
}

// A static file is compressed once per coding and given whole, with its
// length, to every reader who asks for that coding; a range still counts
// the file's own bytes.
func TestStaticFilesAreCompressedOnce(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	for _, path := range []string{views.Static("css/annals.css"), "/static/vendor/htmx/htmx.min.js", "/static/css/annals.css"} {
		_, want := app.Get(t, path, "Accept-Encoding", "identity")
		for _, coding := range []string{"br", "gzip"} {
			first, a := app.Get(t, path, "Accept-Encoding", coding)
			again, b := app.Get(t, path, "Accept-Encoding", coding)
			for _, res := range []*http.Response{first, again} {
				if res.StatusCode != http.StatusOK || res.Header.Get("Content-Encoding") != coding || res.Header.Get("Content-Length") != strconv.Itoa(len(a)) {
					t.Errorf("%s %s: %d, Content-Encoding %q, Content-Length %q for %d bytes; want the copy compressed once, whole",
						path, coding, res.StatusCode, res.Header.Get("Content-Encoding"), res.Header.Get("Content-Length"), len(a))
				}
			}
			if a != b || decode(t, coding, a) != want {
				t.Errorf("%s %s: the copy differs between readers or from the file", path, coding)
			}
		}
		res, part := app.Get(t, path, "Accept-Encoding", "br", "Range", "bytes=10-19")
		if res.StatusCode != http.StatusPartialContent || res.Header.Get("Content-Encoding") != "" || part != want[10:20] {
			t.Errorf("%s bytes 10-19 asking for br: %d, Content-Encoding %q, %q; want 206 with %q",
				path, res.StatusCode, res.Header.Get("Content-Encoding"), part, want[10:20])
		}
	}
}
