package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/markdown"
	"annals/internal/timeline"
)

// The read-only JSON API under /api/v1: public timelines and their
// published, public events, with sources and figures. Confidential sources
// appear only as {"confidential": true}. Every route here is described in
// openapi.go; a test checks that none is missing.

// DefaultPageSize is the number of events on an API page without ?limit.
const DefaultPageSize = 50

// apiNotFound answers an API path that no route has. Where the path has
// routes for other methods it answers 405 with Allow instead: Echo would,
// but the catch-all route that a group with middleware registers (to run
// that middleware on a 404) wins over its 405.
func (s *Server) apiNotFound(c echo.Context) error {
	routes := map[string]bool{}
	for _, r := range s.echo.Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := s.echo.NewContext(c.Request(), nil)
		s.echo.Router().Find(m, echo.GetPath(c.Request()), probe)
		if routes[m+" "+probe.Path()] {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return echo.ErrNotFound
	}
	c.Response().Header().Set(echo.HeaderAllow, strings.Join(append(allow, http.MethodHead, http.MethodOptions), ", "))
	if c.Request().Method == http.MethodOptions {
		return c.NoContent(http.StatusNoContent)
	}
	return echo.ErrMethodNotAllowed
}

// apiHeaders lets any site read the public API and keeps answers briefly
// cacheable.
func apiHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cache-Control", "public, max-age=60")
		return next(c)
	}
}

type apiTimelineItem struct {
	Slug       string       `json:"slug"`
	Title      string       `json:"title"`
	Summary    string       `json:"summary"`
	Language   string       `json:"language"`
	EventCount int          `json:"event_count"`
	FirstYear  int          `json:"first_year,omitempty"`
	LastYear   int          `json:"last_year,omitempty"`
	UpdatedAt  time.Time    `json:"updated_at"`
	Links      apiTimelineL `json:"links"`
}

type apiTimelineL struct {
	Self   string `json:"self"`
	Events string `json:"events"`
	HTML   string `json:"html"`
	JSON   string `json:"json"`
	CSV    string `json:"csv"`
	Atom   string `json:"atom"`
}

type apiNamed struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

type apiTimelineDetail struct {
	apiTimelineItem
	SummaryHTML string     `json:"summary_html"`
	Categories  []apiNamed `json:"categories"`
	Actors      []apiNamed `json:"actors"`
	Eras        []apiEra   `json:"eras"`
}

// apiEra is one of a timeline's named periods.
type apiEra struct {
	Title       string  `json:"title"`
	Summary     string  `json:"summary"`
	SummaryHTML string  `json:"summary_html"`
	Start       apiDate `json:"start"`
	End         apiDate `json:"end"`
	URL         string  `json:"url"` // the timeline page opening at the era's start
}

type apiDate struct {
	Date      string `json:"date"`           // "2021", "2021-05", "2021-02-01"
	Precision string `json:"precision"`      // year, month or day
	Time      string `json:"time,omitempty"` // local time of day, "03:00", with a day date
	Text      string `json:"text"`           // "May 2021", "1 February 2021, 03:00"
}

type apiActor struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	Kind string `json:"kind"`
	Role string `json:"role,omitempty"`
}

type apiPlace struct {
	Name    string   `json:"name"`
	Country string   `json:"country,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
}

type apiSource struct {
	Confidential bool   `json:"confidential,omitempty"`
	Title        string `json:"title,omitempty"`
	Publisher    string `json:"publisher,omitempty"`
	Published    string `json:"published,omitempty"`
	URL          string `json:"url,omitempty"`
	ArchiveURL   string `json:"archive_url,omitempty"`
	Kind         string `json:"kind,omitempty"`
	Language     string `json:"language,omitempty"`
	Locator      string `json:"locator,omitempty"`
	Note         string `json:"note,omitempty"`
}

type apiFigure struct {
	Metric      string    `json:"metric"`
	Value       int64     `json:"value"`
	Qualifier   string    `json:"qualifier"`
	Phrase      string    `json:"phrase"`
	Scope       string    `json:"scope"`
	AsOf        string    `json:"as_of"`
	Source      apiSource `json:"source"`
	Attribution string    `json:"attribution,omitempty"`
	Note        string    `json:"note,omitempty"`
}

type apiEvent struct {
	Slug        string      `json:"slug"`
	Title       string      `json:"title"`
	Summary     string      `json:"summary"`
	SummaryHTML string      `json:"summary_html"`
	Start       apiDate     `json:"start"`
	End         *apiDate    `json:"end,omitempty"`
	Category    apiNamed    `json:"category"`
	Actors      []apiActor  `json:"actors"`
	Place       *apiPlace   `json:"place,omitempty"`
	Sources     []apiSource `json:"sources"`
	Figures     []apiFigure `json:"figures"`
	Media       []apiMedia  `json:"media"`
	UpdatedAt   time.Time   `json:"updated_at"`
	URL         string      `json:"url"`
}

// apiMedia is an image or a video link of an event, as its public page
// shows it (shownMedia): an uploaded image is given as its stored widths,
// each re-encoded without metadata; never the original upload, nor who
// uploaded it.
type apiMedia struct {
	Kind string `json:"kind"` // image or video
	// URL is a video's or a linked image's address, or an uploaded image's
	// largest width on this site.
	URL       string          `json:"url"`
	Provider  string          `json:"provider,omitempty"` // of a video: YouTube, Vimeo, ...
	Uploaded  bool            `json:"uploaded"`
	Widths    []apiMediaWidth `json:"widths,omitempty"` // of an upload, smallest first
	SrcSet    string          `json:"srcset,omitempty"` // the widths as an <img srcset>
	Src       string          `json:"src,omitempty"`    // the width for an <img src>
	Alt       string          `json:"alt,omitempty"`
	Caption   string          `json:"caption,omitempty"`
	Credit    string          `json:"credit,omitempty"`
	Sensitive bool            `json:"sensitive"`
}

type apiMediaWidth struct {
	URL    string `json:"url"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

func apiMediaOf(base string, ms []timeline.Media) []apiMedia {
	out := []apiMedia{}
	for _, m := range shownMedia(ms) {
		a := apiMedia{Kind: string(m.Kind), URL: m.URL, Provider: m.Provider(), Alt: m.Alt, Caption: m.Caption,
			Credit: m.Credit, Sensitive: m.Sensitive}
		if m.Upload != "" {
			a.Uploaded = true
			var set []string
			for _, v := range m.Variants {
				u := base + mediaPrefix + v.Name
				a.Widths = append(a.Widths, apiMediaWidth{URL: u, Width: v.Width, Height: v.Height})
				set = append(set, fmt.Sprintf("%s %dw", u, v.Width))
			}
			a.URL = a.Widths[len(a.Widths)-1].URL
			a.SrcSet = strings.Join(set, ", ")
			a.Src = base + mediaPrefix + mediaDefaultWidth(m.Variants).Name
		}
		out = append(out, a)
	}
	return out
}

type apiEventList struct {
	Timeline   string     `json:"timeline"`
	Events     []apiEvent `json:"events"`
	NextCursor string     `json:"next_cursor,omitempty"`
	Links      struct {
		Next string `json:"next,omitempty"`
	} `json:"links"`
}

func (s *Server) timelineItem(c echo.Context, t timeline.Timeline) apiTimelineItem {
	base := s.baseURL(c)
	return apiTimelineItem{
		Slug: t.Slug, Title: t.Title, Summary: t.Summary, Language: t.Language, UpdatedAt: t.UpdatedAt,
		Links: apiTimelineL{
			Self:   base + "/api/v1/timelines/" + url.PathEscape(t.Slug),
			Events: base + "/api/v1/timelines/" + url.PathEscape(t.Slug) + "/events",
			HTML:   base + timelinePath(t.Slug),
			JSON:   base + timelinePath(t.Slug) + ".json",
			CSV:    base + timelinePath(t.Slug) + ".csv",
			Atom:   base + timelinePath(t.Slug) + ".atom",
		},
	}
}

func (s *Server) apiTimelines(c echo.Context) error {
	list, err := s.store.PublicTimelines(c.Request().Context())
	if err != nil {
		return err
	}
	out := struct {
		Timelines []apiTimelineItem `json:"timelines"`
	}{Timelines: []apiTimelineItem{}}
	for _, ts := range list {
		item := s.timelineItem(c, ts.Timeline)
		item.EventCount, item.FirstYear, item.LastYear = ts.EventCount, ts.First.Year, ts.Last.Year
		out.Timelines = append(out.Timelines, item)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiTimeline(c echo.Context) error {
	// Counts and facets kept at write time: the answer costs the same at
	// any size (migration 00016).
	ctx := c.Request().Context()
	pt, err := s.store.PublicTimelineFacets(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	sum, err := s.store.PublicTimelineSummary(ctx, c.Param("slug"))
	if err != nil {
		return err
	}
	out := apiTimelineDetail{apiTimelineItem: s.timelineItem(c, pt.Timeline), SummaryHTML: markdown.Stored(pt.Timeline.Summary, pt.Timeline.SummaryHTML),
		Categories: []apiNamed{}, Actors: []apiNamed{}, Eras: []apiEra{}}
	eras, err := s.store.PublicEras(ctx, pt.Timeline.Slug)
	if err != nil {
		return err
	}
	for _, e := range eras {
		out.Eras = append(out.Eras, apiEra{Title: e.Title, Summary: e.Summary, SummaryHTML: markdown.ToHTML(e.Summary),
			Start: apiDateOf(e.Start, timeline.TimeOfDay{}), End: apiDateOf(e.End, timeline.TimeOfDay{}),
			URL: s.baseURL(c) + withQuery(timelinePath(pt.Timeline.Slug), url.Values{"at": {eraAt(e)}})})
	}
	out.EventCount = sum.EventCount
	if sum.EventCount > 0 {
		out.FirstYear, out.LastYear = sum.First.Year, sum.Last.Year
	}
	for _, cat := range pt.Categories {
		out.Categories = append(out.Categories, apiNamed{Slug: cat.Slug, Name: cat.Name})
	}
	for _, a := range pt.Actors {
		out.Actors = append(out.Actors, apiNamed{Slug: a.Slug, Name: a.Name, Kind: a.Kind})
	}
	return c.JSON(http.StatusOK, out)
}

// apiEvents lists a timeline's events, oldest first, a page at a time:
// ?limit (1-200, default 50), ?cursor from the previous page's next_cursor,
// and the filters of the timeline page: category, actor, from, to.
func (s *Server) apiEvents(c echo.Context) error {
	slug := c.Param("slug")
	q := c.QueryParams()
	f, err := timeline.FilterFromQuery(q)
	if err != nil {
		return err
	}
	limit := DefaultPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > timeline.MaxPageSize {
			return timeline.Errorf(timeline.EINVALID, "limit %q must be a number from 1 to %d", v, timeline.MaxPageSize)
		}
		limit = n
	}
	page, err := s.dataStore().PublicEventPage(c.Request().Context(), slug, f, q.Get("cursor"), limit)
	if err != nil {
		return err
	}
	out := apiEventList{Timeline: page.Timeline.Slug, Events: []apiEvent{}, NextCursor: page.Next}
	for _, e := range page.Events {
		out.Events = append(out.Events, s.apiEventOf(c, slug, e))
	}
	if page.Next != "" {
		next := f.Query()
		next.Set("cursor", page.Next)
		if q.Get("limit") != "" {
			next.Set("limit", strconv.Itoa(limit))
		}
		out.Links.Next = s.baseURL(c) + "/api/v1/timelines/" + url.PathEscape(slug) + "/events?" + next.Encode()
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiEvent(c echo.Context) error {
	t, e, err := s.store.PublicEvent(c.Request().Context(), c.Param("slug"), c.Param("event"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.apiEventOf(c, t.Slug, e))
}

func apiDateOf(d timeline.FuzzyDate, t timeline.TimeOfDay) apiDate {
	text := d.Format()
	if !t.IsZero() {
		text += ", " + t.String()
	}
	return apiDate{Date: d.String(), Precision: string(d.Precision), Time: t.String(), Text: text}
}

func apiSourceOf(src timeline.Source, locator, note string) apiSource {
	if src.Confidential {
		return apiSource{Confidential: true}
	}
	out := apiSource{Title: src.Title, Publisher: src.Publisher, Published: src.Published.String(), Kind: src.Kind,
		Language: src.Language, Locator: locator, Note: note}
	if timeline.ValidateHTTPURL(src.URL) == nil {
		out.URL = src.URL
	}
	if timeline.ValidateHTTPURL(src.ArchiveURL) == nil {
		out.ArchiveURL = src.ArchiveURL
	}
	return out
}

func (s *Server) apiEventOf(c echo.Context, timelineSlug string, e timeline.Event) apiEvent {
	out := apiEvent{
		Slug: e.Slug, Title: e.Title, Summary: e.Summary, SummaryHTML: markdown.Stored(e.Summary, e.SummaryHTML),
		Start: apiDateOf(e.When.Start, e.When.StartTime), Category: apiNamed{Slug: e.Category.Slug, Name: e.Category.Name},
		Actors: []apiActor{}, Sources: []apiSource{}, Figures: []apiFigure{}, Media: apiMediaOf(s.baseURL(c), e.Media),
		UpdatedAt: e.UpdatedAt,
		URL:       s.baseURL(c) + eventPath(timelineSlug, e.Slug),
	}
	if !e.When.End.IsZero() {
		end := apiDateOf(e.When.End, e.When.EndTime)
		out.End = &end
	}
	if !e.Place.IsZero() {
		out.Place = &apiPlace{Name: e.Place.Name, Country: e.Place.Country, Lat: e.Place.Lat, Lon: e.Place.Lon}
	}
	for _, a := range e.Actors {
		out.Actors = append(out.Actors, apiActor{Slug: a.Actor.Slug, Name: a.Actor.Name, Kind: a.Actor.Kind, Role: a.Role})
	}
	for _, ci := range e.Citations {
		out.Sources = append(out.Sources, apiSourceOf(ci.Source, ci.Locator, ci.Note))
	}
	for _, f := range e.Figures {
		out.Figures = append(out.Figures, apiFigure{
			Metric: f.Metric, Value: f.Value, Qualifier: string(f.Qualifier), Phrase: f.Phrase(), Scope: string(f.Scope),
			AsOf: f.AsOf.String(), Source: apiSourceOf(f.Source, "", ""), Attribution: f.Attribution, Note: f.Note,
		})
	}
	return out
}
