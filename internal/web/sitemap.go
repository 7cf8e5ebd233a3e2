package web

import (
	"bufio"
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/timeline"
)

// sitemapMaxURLs is the most URLs one sitemap file may hold (the sitemaps.org
// protocol's limit); Config.SitemapFileURLs lowers it for tests.
const sitemapMaxURLs = 50000

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

// sitemapIndex is the sitemaps.org index document: /sitemap.xml names the
// files that list the pages.
type sitemapIndex struct {
	XMLName xml.Name        `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Files   []sitemapRecord `xml:"sitemap"`
}

type sitemapRecord struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapSize is the most URLs in one file.
func (s *Server) sitemapSize() int {
	if n := s.config.SitemapFileURLs; n > 0 && n < sitemapMaxURLs {
		return n
	}
	return sitemapMaxURLs
}

// w3cTime is a W3C datetime, as the protocol wants, or "" when unknown.
func w3cTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// sitemapFilePath is where file f is served. Sitemap files sit at the
// root: by the protocol a file may only list addresses under its own
// folder.
func sitemapFilePath(f timeline.SitemapFile) string {
	n := strconv.Itoa(f.Number)
	if f.Kind == "events" {
		return "/sitemap-events-" + f.Timeline + "-" + n + ".xml"
	}
	return "/sitemap-" + f.Kind + "-" + n + ".xml"
}

// parseSitemapFile reads what follows "/sitemap-" back into a file, in
// sitemapFilePath's one spelling only (no "01"), so each file has one address.
func parseSitemapFile(name string) (timeline.SitemapFile, bool) {
	var f timeline.SitemapFile
	rest, ok := strings.CutSuffix(name, ".xml")
	if !ok {
		return f, false
	}
	kind, rest, _ := strings.Cut(rest, "-")
	f.Kind = kind
	switch kind {
	case "pages", "sources":
	case "events":
		i := strings.LastIndexByte(rest, '-')
		if i <= 0 {
			return f, false
		}
		f.Timeline, rest = rest[:i], rest[i+1:]
	default:
		return f, false
	}
	n, err := strconv.Atoi(rest)
	if err != nil || n < 1 || strconv.Itoa(n) != rest {
		return f, false
	}
	f.Number = n
	return f, true
}

// sitemap is the sitemap index: every file of public pages, with when the
// latest of its pages changed, as absolute addresses (ANNALS_BASE_URL, or
// the request's host).
func (s *Server) sitemap(c echo.Context) error {
	files, err := s.store.SitemapIndex(c.Request().Context(), s.sitemapSize())
	if err != nil {
		return err
	}
	origin := s.origin(c) // embed.go
	var index sitemapIndex
	for _, f := range files {
		index.Files = append(index.Files, sitemapRecord{Loc: origin + sitemapFilePath(f), LastMod: w3cTime(f.Updated)})
	}
	out, err := xml.MarshalIndent(index, "", " ")
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=300")
	return c.Blob(http.StatusOK, "application/xml; charset=utf-8", append([]byte(xml.Header), out...))
}

// sitemapFile writes one file of the sitemap as its rows are read: the
// public timelines (and the home page), one timeline's event permalinks,
// or the public source pages. A file with no pages is not found.
func (s *Server) sitemapFile(c echo.Context) error {
	notFound := timeline.Errorf(timeline.ENOTFOUND, "There is no sitemap file %q: the sitemap index, /sitemap.xml, lists them.", c.Request().URL.Path)
	f, ok := parseSitemapFile(c.Param("file"))
	if !ok {
		return notFound
	}
	origin := s.origin(c)
	res := c.Response()
	w := bufio.NewWriterSize(res, 32<<10)
	started := false
	err := s.store.SitemapFile(c.Request().Context(), f, s.sitemapSize(), func(e timeline.SitemapEntry) error {
		if !started {
			started = true
			res.Header().Set(echo.HeaderContentType, "application/xml; charset=utf-8")
			res.Header().Set(echo.HeaderCacheControl, "public, max-age=300")
			res.WriteHeader(http.StatusOK)
			io.WriteString(w, xml.Header+`<urlset xmlns="`+sitemapNS+`">`+"\n") //nolint:errcheck // the writer keeps its first error
		}
		var path string
		switch {
		case e.SourceID != 0:
			path = sourcePath(e.SourceID)
		case e.EventSlug != "":
			path = eventPath(e.TimelineSlug, e.EventSlug)
		case e.TimelineSlug != "":
			path = timelinePath(e.TimelineSlug)
		default:
			path = "/"
		}
		io.WriteString(w, " <url><loc>")       //nolint:errcheck
		xml.EscapeText(w, []byte(origin+path)) //nolint:errcheck
		io.WriteString(w, "</loc>")            //nolint:errcheck
		if lm := w3cTime(e.Updated); lm != "" {
			io.WriteString(w, "<lastmod>"+lm+"</lastmod>") //nolint:errcheck
		}
		_, err := io.WriteString(w, "</url>\n")
		return err // a reader gone away ends the query
	})
	if !started {
		if err != nil {
			return err
		}
		return notFound
	}
	if err == nil {
		io.WriteString(w, "</urlset>\n") //nolint:errcheck
		err = w.Flush()
	}
	// Once the answer has begun, an error can only cut it short (the
	// document is then not well-formed, and a crawler tries again); it is
	// logged by the error handler.
	return err
}

// robots lets crawlers read the public site, keeps them out of staff pages,
// the API and search results (every query is a page), and names the sitemap.
func (s *Server) robots(c echo.Context) error {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for _, p := range []string{"/staff", "/api/", "/search", "/lang/", "/embed/", "/oembed"} {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("Disallow: /t/*/search\n\nSitemap: " + s.origin(c) + "/sitemap.xml\n")
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=3600")
	return c.String(http.StatusOK, b.String())
}
