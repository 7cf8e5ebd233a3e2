// Package export writes timelines out of Annals: the native CSV (the same
// columns the CSV importer reads), TimelineJS JSON, and Atom feeds. The
// native JSON is internal/native's Encode. Callers decide what a reader may
// see; this package writes what it is given.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"annals/internal/importer"
	"annals/internal/native"
	"annals/internal/timeline"
)

// CSV writes doc's events, one per row, under importer.CSVColumns. The file
// imports back into the same events (`annals import`, or the staff upload).
func CSV(w io.Writer, doc timeline.Document) error {
	return CSVStream(w, func(yield func(timeline.Event) error) error {
		for _, e := range doc.Events {
			if err := yield(e); err != nil {
				return err
			}
		}
		return nil
	})
}

// CSVStream writes the same file as CSV, one event at a time as events
// yields them: bounded memory at any size.
func CSVStream(w io.Writer, events timeline.EventSeq) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(importer.CSVColumns); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	err := events(func(e timeline.Event) error {
		var actors, sources, figures []string
		for _, a := range e.Actors {
			actors = append(actors, importer.ActorEntry(a))
		}
		for _, c := range e.Citations {
			c.Source = placeholder(c.Source)
			sources = append(sources, importer.SourceGroup(c))
		}
		for _, f := range e.Figures {
			f.Source = placeholder(f.Source)
			figures = append(figures, importer.FigureGroup(f))
		}
		row := map[string]string{
			"slug": e.Slug, "title": e.Title, "summary": e.Summary, "start": e.When.Start.String(),
			"end": e.When.End.String(), "start_time": e.When.StartTime.String(), "end_time": e.When.EndTime.String(),
			"category": e.Category.Slug, "category_name": e.Category.Name,
			"actors": strings.Join(actors, " | "), "place": e.Place.Name, "country": e.Place.Country,
			"lat": coord(e.Place.Lat), "lon": coord(e.Place.Lon), "status": string(e.Status),
			"visibility": string(e.Visibility), "sources": strings.Join(sources, "\n"),
			"figures": strings.Join(figures, "\n"),
		}
		rec := make([]string, len(importer.CSVColumns))
		for i, c := range importer.CSVColumns {
			rec[i] = protectCell(row[c])
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write CSV: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}

// protectCell neutralises a cell a spreadsheet would take for a formula,
// as importer.ProtectCell does, also when white space (spaces, tabs, line
// breaks) comes before the =, +, - or @: spreadsheets skip it. The white
// space is dropped with the apostrophe added, since the importer trims
// every cell anyway, so the file still imports back to the same text.
func protectCell(s string) string {
	trimmed := strings.TrimLeftFunc(s, unicode.IsSpace)
	if trimmed != s && trimmed != "" && strings.ContainsRune("=+-@", rune(trimmed[0])) {
		if p := importer.ProtectCell(trimmed); p != trimmed {
			return p
		}
		return importer.ProtectCell(s) // a number, like "  -16.8"
	}
	return importer.ProtectCell(s)
}

// placeholder stands in for a confidential source blanked for the public.
func placeholder(s timeline.Source) timeline.Source {
	if s.Confidential && s.Title == "" {
		return timeline.Source{Title: native.ConfidentialTitle, Kind: "other", Confidential: true}
	}
	return s
}

func coord(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}
