package web

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/markdown"
	"annals/internal/timeline"
	"annals/views"
)

// now is the clock of the print view's snapshot date.
var now = time.Now

// snapshotDate is the date printed on a print view; it is part of the print
// view's ETag, so a cached copy never shows yesterday's date as today's.
func snapshotDate() string { return now().UTC().Format("2 January 2006") }

// print is /t/{slug}/print: the timeline (with the page's filters) as a
// clean document to print or save as PDF.
func (s *Server) print(c echo.Context) error {
	slug := c.Param("slug")
	f, err := timeline.FilterFromQuery(c.QueryParams())
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	pt, err := s.store.PublicTimeline(ctx, slug, f)
	if err != nil {
		return err
	}
	// The printout is the page the reader sees: translated where a
	// translation is published, each text marked with its language.
	if err := s.translateContent(ctx, &pt.Timeline, pt.Events); err != nil {
		return err
	}
	fp, err := s.fingerprint(c, slug, "")
	if err != nil {
		return err
	}
	pageURL := withQuery(timelinePath(slug), f.Query())
	numbers, err := s.publicSourceNumbers(ctx, slug, "#source-", nil) // every source: print lists them all
	if err != nil {
		return err
	}
	page := views.PrintPage{
		Meta: views.Meta{
			Title:     pt.Timeline.Title + " · Annals",
			Lang:      pt.Timeline.Language,
			Canonical: s.absolute(pageURL),
			NoIndex:   true,
		},
		Title:       pt.Timeline.Title,
		SummaryHTML: markdown.Stored(pt.Timeline.Summary, pt.Timeline.SummaryHTML),
		FilterText:  filterText(c, f, pt),
		Snapshot:    i18n.FormatDate(langOf(c), timeline.FromTime(now().UTC(), timeline.PrecisionDay)),
		PageURL:     s.origin(c) + pageURL,
		Count:       trN(c, "home.events", len(pt.Events)),
		Years:       groupEvents(slug, pt.Events, numbers),
		Charts:      chartViews(c.Request().Context(), slug, pt.Events, numbers, f, ""),
	}
	if page.FilterText == "" {
		page.FilterText = tr(c, "print.all")
	}
	if !fp.Changed.IsZero() {
		page.DataChanged = i18n.FormatDate(langOf(c), timeline.FromTime(fp.Changed.UTC(), timeline.PrecisionDay))
	}
	page.Sources = numbers.entries()
	// Read after the data, so the head covers every change printed.
	head, err := s.store.ChainHead(ctx)
	if err != nil {
		return err
	}
	page.ChainHead, page.ChainRevision, page.ChainAt = head.SHA256, strconv.FormatInt(head.Revision, 10),
		head.At.UTC().Format("2006-01-02 15:04:05 UTC")
	return render(c, statusOK, views.PrintDocument(page))
}
