package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/export"
	"annals/internal/markdown"
	"annals/internal/native"
	"annals/internal/timeline"
)

// DataStore is what exports, feeds and the API need. Every method returns
// only published, public events of public timelines, with confidential
// sources blanked, when asked for public data.
type DataStore interface {
	ExportTimeline(ctx context.Context, slug string, publicOnly bool) (timeline.Document, error)
	// ExportTimelineStream reads the same export in one snapshot, a batch
	// of events at a time, with the chain head of that snapshot.
	ExportTimelineStream(ctx context.Context, slug string, publicOnly bool,
		write func(doc timeline.Document, events timeline.EventSeq) error) error
	FeedEntries(ctx context.Context, slug string, limit int) (timeline.Timeline, []timeline.Event, error)
	PublicEventPage(ctx context.Context, slug string, f timeline.Filter, cursor string, limit int) (timeline.EventPage, error)
	// ChainHead is the record's chain head now, stated by every export.
	ChainHead(ctx context.Context) (timeline.ChainHead, error)
}

// dataFile serves /t/{slug}.json, .csv and .atom; it reports false when slug
// has none of these extensions and is a timeline page.
func (s *Server) dataFile(c echo.Context, slug string) (bool, error) {
	switch {
	case strings.HasSuffix(slug, ".json"):
		return true, s.exportJSON(c, strings.TrimSuffix(slug, ".json"))
	case strings.HasSuffix(slug, ".csv"):
		return true, s.exportCSV(c, strings.TrimSuffix(slug, ".csv"))
	case strings.HasSuffix(slug, ".atom"):
		return true, s.feed(c, strings.TrimSuffix(slug, ".atom"))
	}
	return false, nil
}

func (s *Server) dataStore() DataStore { return s.store }

// chainHeadHeader is the Annals-Chain-Head value:
// "sha256=HEX; revision=N; revisions=N; at=RFC3339".
func chainHeadHeader(h timeline.ChainHead) string {
	return fmt.Sprintf("sha256=%s; revision=%d; revisions=%d; at=%s", h.SHA256, h.Revision, h.Revisions, h.At.UTC().Format(time.RFC3339))
}

// exportJSON serves the public part of a timeline as annals/v1 JSON, with
// the chain head in its chain_head field, written as it is read.
func (s *Server) exportJSON(c echo.Context, slug string) error {
	base := s.baseURL(c)
	return s.streamExport(c, slug, "json", "application/json; charset=utf-8", true,
		func(w io.Writer, doc timeline.Document, events timeline.EventSeq) error {
			doc.MediaBase = base
			return native.EncodeStream(w, doc, events)
		})
}

// exportCSV serves the public part of a timeline as the native CSV,
// written as it is read.
func (s *Server) exportCSV(c echo.Context, slug string) error {
	return s.streamExport(c, slug, "csv", "text/csv; charset=utf-8", true,
		func(w io.Writer, _ timeline.Document, events timeline.EventSeq) error {
			return export.CSVStream(w, events)
		})
}

// streamExport writes an export of the public part of timeline slug as its
// events are read, whatever its size, in memory bounded by a batch. Its
// ETag names the chain head of the export's snapshot (every change the
// public can see writes a revision, so a new head is a new file), the
// format and the code: a client holding it gets a 304 before any event is
// read.
//
// download names the file (Content-Disposition) for readers who click a
// link; the TimelineJS file is read by scripts and shown inline.
func (s *Server) streamExport(c echo.Context, slug, format, contentType string, download bool,
	encode func(io.Writer, timeline.Document, timeline.EventSeq) error) error {
	res := c.Response()
	release, err := s.streamSlot(c)
	if err != nil {
		return err
	}
	defer release()
	return s.dataStore().ExportTimelineStream(c.Request().Context(), slug, true, func(doc timeline.Document, events timeline.EventSeq) error {
		etag := `"` + digest(pageVersion, strconv.Itoa(markdown.Version), format, slug, doc.ChainHead.SHA256)[:32] + `"`
		h := res.Header()
		h.Set("ETag", etag)
		h.Set("Cache-Control", "public, max-age=300")
		h.Set("Access-Control-Allow-Origin", "*")
		if download {
			h.Set("Content-Disposition", `attachment; filename="`+slug+"."+format+`"`)
		}
		h.Set("Annals-Chain-Head", chainHeadHeader(*doc.ChainHead))
		if etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
			return c.NoContent(http.StatusNotModified)
		}
		h.Set(echo.HeaderContentType, contentType)
		res.WriteHeader(http.StatusOK)
		if err := encode(res, doc, events); err != nil {
			// The status is sent: the reader gets a cut file (no
			// closing bracket), and the log says why.
			s.log.Warn("export cut short", "timeline", slug, "format", format, "err", err)
		}
		return nil
	})
}

// digest is the hex SHA-256 of parts, each ended by a NUL.
func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// exportTimelineJS serves the public part of a timeline as TimelineJS JSON,
// written as it is read, with the chain head in Annals-Chain-Head.
func (s *Server) exportTimelineJS(c echo.Context) error {
	slug := c.Param("slug")
	base := s.baseURL(c)
	return s.streamExport(c, slug, "timelinejs.json", "application/json; charset=utf-8", false,
		func(w io.Writer, doc timeline.Document, events timeline.EventSeq) error {
			return export.TimelineJSStream(w, doc, events, base, func(event string) string { return base + eventPath(slug, event) })
		})
}

// sendData writes public data that anyone may fetch from anywhere and cache
// briefly, with an ETag so an unchanged file costs a 304. A filename makes
// the response a download.
func sendData(c echo.Context, contentType, filename string, body []byte) error {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h := c.Response().Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("Access-Control-Allow-Origin", "*")
	if filename != "" {
		h.Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	}
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, contentType, body)
}

// baseURL is the site's public address: the configured one, else the
// address this request came to.
func (s *Server) baseURL(c echo.Context) string {
	if s.config.BaseURL != "" {
		return s.config.BaseURL
	}
	return c.Scheme() + "://" + c.Request().Host
}
