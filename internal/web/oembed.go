package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/timeline"
)

// oembedResponse is an oEmbed 1.0 "rich" answer (https://oembed.com).
type oembedResponse struct {
	Version      string `json:"version"`
	Type         string `json:"type"`
	ProviderName string `json:"provider_name"`
	ProviderURL  string `json:"provider_url"`
	Title        string `json:"title"`
	HTML         string `json:"html"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	CacheAge     int    `json:"cache_age"`
}

// oembedWidth is the width Annals asks for when the consumer sets no
// maxwidth; the iframe shrinks to narrower columns by itself.
const oembedWidth = 640

// oembedPath is the oEmbed endpoint's address for a page.
func oembedPath(pageURL string) string {
	return "/oembed?" + url.Values{"url": {pageURL}, "format": {"json"}}.Encode()
}

// oembedTarget is what an Annals URL points at.
type oembedTarget struct {
	slug, event string
	opt         embedOptions
}

// parseOembedURL reads a URL of a public timeline or event page (or of its
// embed) on this site. Anything else is ENOTFOUND.
func (s *Server) parseOembedURL(c echo.Context, raw string) (oembedTarget, error) {
	var t oembedTarget
	notFound := timeline.Errorf(timeline.ENOTFOUND, "%q is not the address of a public timeline or event of this Annals.", raw)
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return t, notFound
	}
	home, err := url.Parse(s.origin(c))
	if err != nil || !strings.EqualFold(u.Host, home.Host) {
		return t, notFound
	}
	path := strings.TrimPrefix(u.EscapedPath(), "/embed")
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, p := range parts {
		if parts[i], err = url.PathUnescape(p); err != nil {
			return t, notFound
		}
	}
	switch {
	case len(parts) == 2 && parts[0] == "t":
		t.slug = parts[1]
	case len(parts) == 4 && parts[0] == "t" && parts[2] == "e":
		t.slug, t.event = parts[1], parts[3]
		if timeline.ValidateSlug(t.event) != nil {
			return t, notFound
		}
	default:
		return t, notFound
	}
	if timeline.ValidateSlug(t.slug) != nil {
		return t, notFound
	}
	t.opt, err = parseEmbedOptions(u.Query())
	if err != nil {
		return t, err
	}
	if t.event != "" && !u.Query().Has("height") {
		t.opt.Height = defaultCardHeight
	}
	return t, nil
}

// oembed answers /oembed?url=...&format=json[&maxwidth=&maxheight=] for
// public timeline and event pages. Unknown and non-public pages are 404;
// any format but JSON is 501, as the oEmbed specification asks.
func (s *Server) oembed(c echo.Context) error {
	if f := c.QueryParam("format"); f != "" && f != "json" {
		return notImplemented
	}
	raw := c.QueryParam("url")
	if raw == "" {
		p := timeline.NewProblems("")
		p.Add("url", "is required: the address of a timeline or event page")
		return p.Err()
	}
	maxW, err := positiveParam(c, "maxwidth")
	if err != nil {
		return err
	}
	maxH, err := positiveParam(c, "maxheight")
	if err != nil {
		return err
	}
	t, err := s.parseOembedURL(c, raw)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	var title, src string
	height := t.opt.Height
	if t.event != "" {
		tl, e, err := s.store.PublicEvent(ctx, t.slug, t.event)
		if err != nil {
			return err
		}
		title, src = e.Title+" · "+tl.Title, embedEventPath(tl.Slug, e.Slug)
	} else {
		// The title is all it needs: no event is loaded, whatever the size.
		sum, err := s.store.PublicTimelineSummary(ctx, t.slug)
		if err != nil {
			return err
		}
		title, src = sum.Timeline.Title, withQuery(embedTimelinePath(t.slug), t.opt.query())
	}
	width := oembedWidth
	if maxW > 0 && maxW < width {
		width = maxW
	}
	if maxH > 0 && maxH < height {
		height = maxH
	}
	origin := s.origin(c)
	return c.JSON(statusOK, oembedResponse{
		Version:      "1.0",
		Type:         "rich",
		ProviderName: "Annals",
		ProviderURL:  origin + "/",
		Title:        title,
		HTML:         snippet(origin, src, title+" (Annals)", strconv.Itoa(width), height),
		Width:        width,
		Height:       height,
		CacheAge:     3600,
	})
}

func positiveParam(c echo.Context, name string) (int, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		p := timeline.NewProblems("")
		p.Add(name, "%q must be a positive number of pixels", v)
		return 0, p.Err()
	}
	return n, nil
}
