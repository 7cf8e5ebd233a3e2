package web

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"
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

// printBatch is how many events the printout translates and writes at a
// time: it holds every event of the timeline, never all in memory at once.
const printBatch = 500

// errMovedWhilePrinting: the timeline's public data changed between the
// reads of a printout (counts and citation numbers, then the events).
var errMovedWhilePrinting = errors.New("the timeline changed while its printout was read")

// print is /t/{slug}/print: the timeline (with the page's filters) as a
// clean document to print or save as PDF. It holds every event, streamed
// from one snapshot of the data a batch at a time, so a 100,000-event
// timeline prints in bounded memory.
func (s *Server) print(c echo.Context) error {
	slug := c.Param("slug")
	f, err := timeline.FilterFromQuery(c.QueryParams())
	if err != nil {
		return err
	}
	fp, err := s.fingerprint(c, slug, "")
	if err != nil {
		return err
	}
	release, err := s.streamSlot(c)
	if err != nil {
		return err
	}
	defer release()
	err = s.printFrom(c, slug, f, fp)
	if errors.Is(err, errMovedWhilePrinting) {
		// Someone published in between: read it all again, once.
		if fp, err = s.store.TimelineFingerprint(c.Request().Context(), slug, ""); err != nil {
			return err
		}
		err = s.printFrom(c, slug, f, fp)
	}
	return err
}

// printFrom writes the printout if the events' snapshot is the data fp
// describes; else errMovedWhilePrinting, with nothing written.
func (s *Server) printFrom(c echo.Context, slug string, f timeline.Filter, fp timeline.Fingerprint) error {
	ctx := c.Request().Context()
	// What comes before and after the events is read first: the facets that
	// name the filter, the count, every source's number (print lists them
	// all), the figures the charts draw.
	facets, err := s.store.PublicTimelineFacets(ctx, slug)
	if err != nil {
		return err
	}
	counts, err := s.store.PublicEventCounts(ctx, slug, f)
	if err != nil {
		return err
	}
	numbers, err := s.publicSourceNumbers(ctx, slug, "#source-", nil)
	if err != nil {
		return err
	}
	figureEvents, err := s.store.PublicFigureEvents(ctx, slug, f)
	if err != nil {
		return err
	}
	return s.store.PublicEventStream(ctx, slug, f, func(snap timeline.PublicSnapshot, events timeline.EventSeq) error {
		if snap.Digest != fp.Digest {
			return errMovedWhilePrinting
		}
		// The printout is the page the reader sees: translated where a
		// translation is published, each text marked with its language.
		tl := snap.Timeline
		if err := s.translateContent(ctx, &tl, figureEvents); err != nil {
			return err
		}
		pageURL := withQuery(timelinePath(slug), f.Query())
		page := views.PrintPage{
			Meta: views.Meta{
				Title:     tl.Title + " · Annals",
				Lang:      tl.Language,
				Canonical: s.absolute(pageURL),
				NoIndex:   true,
			},
			Title:       tl.Title,
			SummaryHTML: markdown.Stored(tl.Summary, tl.SummaryHTML),
			FilterText:  filterText(c, f, facets),
			Snapshot:    i18n.FormatDate(langOf(c), timeline.FromTime(now().UTC(), timeline.PrecisionDay)),
			PageURL:     s.origin(c) + pageURL,
			Count:       trN(c, "home.events", countOf(counts)),
			Events:      s.printEvents(slug, snap.Timeline, events, numbers),
			Charts:      chartViews(ctx, slug, figureEvents, numbers, f, ""),
			// Listed once the events are written: they number what they cite.
			SourceList: templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
				return views.PrintSources(numbers.entries()).Render(ctx, w)
			}),
		}
		if page.FilterText == "" {
			page.FilterText = tr(c, "print.all")
		}
		if !fp.Changed.IsZero() {
			page.DataChanged = i18n.FormatDate(langOf(c), timeline.FromTime(fp.Changed.UTC(), timeline.PrecisionDay))
		}
		// The head of the same snapshot: it covers every change printed.
		head := snap.ChainHead
		page.ChainHead, page.ChainRevision, page.ChainAt = head.SHA256, strconv.FormatInt(head.Revision, 10),
			head.At.UTC().Format("2006-01-02 15:04:05 UTC")
		return s.streamPage(c, views.PrintDocument(page), tr(c, "print.cut"))
	})
}

// printEvents writes the events under their year and month headings as
// the sequence yields them, translating printBatch at a time.
func (s *Server) printEvents(slug string, tl timeline.Timeline, events timeline.EventSeq, numbers *sourceNumbers) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		var groups eventGroups
		open := false // a year's <section> is open
		underYear := false
		batch := make([]timeline.Event, 0, printBatch)
		flush := func() error {
			if err := s.store.TranslateEvents(ctx, views.Lang(ctx), tl.Language, batch); err != nil {
				return err
			}
			for _, e := range batch {
				y, m := groups.next(e)
				if y != nil {
					if open {
						if _, err := io.WriteString(w, "</section>"); err != nil {
							return err
						}
					}
					// Written by hand, as templ elements cannot span
					// components; the id is made of digits.
					if _, err := fmt.Fprintf(w, `<section class="year" aria-labelledby="%s">`, html.EscapeString(y.ID)); err != nil {
						return err
					}
					open = true
					if err := views.PrintYearHeading(*y).Render(ctx, w); err != nil {
						return err
					}
				}
				if m != nil {
					underYear = m.Month.IsZero()
					if !underYear {
						if err := views.PrintMonthHeading(*m).Render(ctx, w); err != nil {
							return err
						}
					}
				}
				if err := views.PrintEvent(eventCard(slug, e, numbers), underYear).Render(ctx, w); err != nil {
					return err
				}
			}
			batch = batch[:0]
			return ctx.Err()
		}
		err := events(func(e timeline.Event) error {
			batch = append(batch, e)
			if len(batch) == printBatch {
				return flush()
			}
			return nil
		})
		if err == nil {
			err = flush()
		}
		if err == nil && open {
			_, err = io.WriteString(w, "</section>")
		}
		return err
	})
}

// streamPage sends a page as it renders, for pages too large to hold (a
// printout of every event). A failure once the answer has begun cannot
// become an error page: the reader is told in the page itself (cut, a
// sentence) that it is incomplete, and the error is returned so the log
// says why and nothing keeps the page.
func (s *Server) streamPage(c echo.Context, page templ.Component, cut string) error {
	res := c.Response()
	res.Header().Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	res.WriteHeader(http.StatusOK)
	w := bufio.NewWriterSize(res, 32<<10)
	err := page.Render(c.Request().Context(), w)
	if err != nil {
		fmt.Fprintf(w, `<p class="cut" role="alert" data-testid="cut">%s</p>`, html.EscapeString(cut))
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return fmt.Errorf("stream %s: %w", c.Request().URL.Path, err)
	}
	return nil
}
