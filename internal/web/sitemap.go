package web

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

// sitemapURLSet is the sitemaps.org document: every public page there is,
// so search engines find events by the names and places in them.
type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists the public timelines, event permalinks and source pages,
// with absolute addresses (ANNALS_BASE_URL, or the request's host).
func (s *Server) sitemap(c echo.Context) error {
	entries, err := s.store.Sitemap(c.Request().Context())
	if err != nil {
		return err
	}
	origin := s.origin(c) // embed.go
	set := sitemapURLSet{URLs: []sitemapURL{{Loc: origin + "/"}}}
	for _, e := range entries {
		var path string
		switch {
		case e.SourceID != 0:
			path = sourcePath(e.SourceID)
		case e.EventSlug != "":
			path = eventPath(e.TimelineSlug, e.EventSlug)
		default:
			path = timelinePath(e.TimelineSlug)
		}
		set.URLs = append(set.URLs, sitemapURL{Loc: origin + path, LastMod: e.Updated.UTC().Format(time.RFC3339)})
	}
	out, err := xml.MarshalIndent(set, "", " ")
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=300")
	return c.Blob(http.StatusOK, "application/xml; charset=utf-8", append([]byte(xml.Header), out...))
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
