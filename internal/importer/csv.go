package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"annals/internal/timeline"
)

// CSVColumns are the columns of the native CSV, in the order the export
// writes them. The importer matches them by name, in any order; only title,
// start and category are required.
var CSVColumns = []string{
	"slug", "title", "summary", "start", "end", "start_time", "end_time", "category", "category_name", "actors",
	"place", "country", "lat", "lon", "status", "visibility", "sources", "figures",
}

// table is a CSV file read whole: its header and rows, with the spreadsheet
// row number of each (the header is row 1).
type table struct {
	header []string
	rows   [][]string
	index  map[string]int // normalised header -> column
}

func (t *table) get(row []string, name string) string {
	i, ok := t.index[name]
	if !ok || i >= len(row) {
		return ""
	}
	return unprotectCell(strings.TrimSpace(row[i]))
}

// ProtectCell keeps a spreadsheet from running a cell as a formula: a cell
// that starts with = + - @ or a tab gets a leading apostrophe, which the
// importer removes again. Plain numbers (-16.8) are left alone.
func ProtectCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s // a negative number is harmless
		}
		return "'" + s
	}
	return s
}

func unprotectCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(s[1])) {
		return s[1:]
	}
	return s
}

func (t *table) has(name string) bool { _, ok := t.index[name]; return ok }

// readTable reads a CSV file, refusing more than MaxRows rows. normalise
// maps a header cell to the name columns are looked up by ("" to ignore).
func readTable(data []byte, rep *Report, normalise func(string) string) *table {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	t := &table{index: map[string]int{}}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rep.problemMsg(len(t.rows)+2, "", "problem.import.csvline", "the CSV cannot be read near line %d: %s", pe.Line, pe.Err)
			} else {
				rep.problemMsg(0, "", "problem.import.csvread", "the CSV cannot be read: %s", err)
			}
			return nil
		}
		if t.header == nil {
			t.header = rec
			continue
		}
		if len(t.rows) >= MaxRows {
			rep.problemMsg(0, "", "problem.import.rows", "the file has more than %d rows; split it into smaller files", MaxRows)
			return nil
		}
		t.rows = append(t.rows, rec)
	}
	if t.header == nil {
		rep.problemMsg(0, "", "problem.import.empty", "the file is empty: the first row must be the column headers")
		return nil
	}
	for i, h := range t.header {
		name := normalise(h)
		if name == "" {
			if strings.TrimSpace(h) != "" {
				rep.warnMsg(1, h, "problem.import.column", "is not a column Annals reads; its values are not imported")
			}
			continue
		}
		if _, dup := t.index[name]; dup {
			rep.problemMsg(1, h, "problem.import.columntwice", "the column appears twice")
			continue
		}
		t.index[name] = i
	}
	return t
}

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func normaliseNative(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.ReplaceAll(h, " ", "_")
	for _, c := range CSVColumns {
		if h == c {
			return c
		}
	}
	return ""
}

// csvColumn maps an event's validation field to its native CSV column.
func csvColumn(field string) string {
	switch {
	case field == "place.country":
		return "country"
	case field == "place.lat":
		return "lat"
	case field == "place.lon":
		return "lon"
	}
	return fieldRoot(field)
}

// parseCSV reads the native CSV: one row per event.
func parseCSV(data []byte, opt Options, rep *Report) timeline.Document {
	t := readTable(data, rep, normaliseNative)
	if t == nil {
		return timeline.Document{}
	}
	for _, c := range []string{"title", "start", "category"} {
		if !t.has(c) {
			rep.problemMsg(1, c, "problem.import.csvmissing", "the column is missing; the native CSV needs title, start and category (columns: %s)", strings.Join(CSVColumns, ", "))
		}
	}
	if !rep.OK() {
		return timeline.Document{}
	}
	rep.FileStatus = t.has("status")
	doc := timeline.Document{}
	cats := newCategoryIndex(opt.Categories)
	actors := map[string]timeline.Actor{}
	for _, a := range opt.Actors {
		actors[a.Slug] = a
	}
	usedActor := map[string]bool{}
	taken := slugs{}
	for i, rec := range t.rows {
		row := i + 2
		if blankRow(rec) {
			rep.Rows = append(rep.Rows, Row{Row: row, Outcome: OutcomeSkipped, Note: "empty row"})
			continue
		}
		get := func(c string) string { return t.get(rec, c) }
		e := timeline.Event{
			Title:      get("title"),
			Summary:    strings.ReplaceAll(t.get(rec, "summary"), "\r\n", "\n"),
			Status:     timeline.Status(or(get("status"), string(timeline.StatusDraft))),
			Visibility: timeline.Visibility(or(get("visibility"), string(timeline.VisibilityPublic))),
		}
		if s := get("slug"); s != "" {
			if taken[s] > 0 {
				rep.problemMsg(row, "slug", "problem.import.slugtaken", "%q is used by an earlier row", s)
			}
			taken[s]++
			e.Slug = s
		} else {
			e.Slug = taken.unique(Slugify(e.Title), contentSlug(e.Title, get("start")))
		}
		if s := get("start"); s == "" {
			rep.problemMsg(row, "start", "problem.import.start", "is required (YYYY, YYYY-MM or YYYY-MM-DD)")
		} else if d, err := timeline.ParseDate(s); err != nil {
			rep.problemErr(row, "start", err)
		} else {
			e.When.Start = d
		}
		if s := get("end"); s != "" {
			if d, err := timeline.ParseDate(s); err != nil {
				rep.problemErr(row, "end", err)
			} else {
				e.When.End = d
			}
		}
		e.When.StartTime = parseTimeCell(get("start_time"), row, "start_time", rep)
		e.When.EndTime = parseTimeCell(get("end_time"), row, "end_time", rep)
		// Category: a known one by slug or name, or one defined here.
		cat, name := get("category"), get("category_name")
		switch {
		case name != "":
			c := timeline.Category{Slug: or(cat, Slugify(name)), Name: name}
			if problemsOf(c.Validate(), row, "category_name", rep) {
				break
			}
			cats.use(c)
			e.Category = c
		case cat == "":
			rep.problemMsg(row, "category", "problem.required", "is required")
		default:
			if c, ok := cats.find(cat); ok {
				cats.use(c)
				e.Category = c
			} else {
				rep.problemMsg(row, "category", "problem.import.category.csv", "%q is not a known category (%s); give its name in category_name to create it", cat, cats.knownList())
			}
		}
		for _, entry := range splitActors(get("actors")) {
			parts := strings.SplitN(entry, ":", 3)
			slug, role, name := parts[0], field(parts, 1), field(parts, 2)
			a, ok := actors[slug]
			switch {
			case name != "":
				if !ok {
					a = timeline.Actor{Slug: slug, Kind: "other"}
				}
				a.Name = name
			case !ok:
				rep.problemMsg(row, "actors", "problem.import.actor", "%q is not a known actor; write slug:role:Name to create it", slug)
				continue
			}
			if problemsOf(a.Validate(), row, "actors", rep) {
				continue
			}
			actors[slug] = a
			if !usedActor[slug] {
				usedActor[slug] = true
				doc.Actors = append(doc.Actors, a)
			} else {
				for j := range doc.Actors {
					if doc.Actors[j].Slug == slug {
						doc.Actors[j] = a
					}
				}
			}
			e.Actors = append(e.Actors, timeline.EventActor{Actor: a, Role: role})
		}
		if name := get("place"); name != "" || get("country") != "" {
			e.Place = timeline.Place{Name: name, Country: get("country")}
			e.Place.Lat = parseCoord(get("lat"), row, "lat", rep)
			e.Place.Lon = parseCoord(get("lon"), row, "lon", rep)
		}
		for n, g := range SplitGroups(t.get(rec, "sources")) {
			c := parseSourceGroup(g, n+1, func(f string, a ...any) { rep.problem(row, "sources", f, a...) })
			e.Citations = append(e.Citations, c)
		}
		for n, g := range SplitGroups(t.get(rec, "figures")) {
			f := parseFigureGroup(g, n+1, e.Citations, func(f string, a ...any) { rep.problem(row, "figures", f, a...) })
			e.Figures = append(e.Figures, f)
		}
		if opt.Publish {
			e.Status = timeline.StatusPublished
		}
		checkEvent(e, row, csvColumn, rep)
		rep.Rows = append(rep.Rows, Row{Row: row, Event: e.Slug, Title: e.Title, Outcome: OutcomeValid})
		doc.Events = append(doc.Events, e)
	}
	doc.Categories = cats.used
	// Actors may have been renamed by a later row: events carry the last name.
	for i := range doc.Events {
		for j := range doc.Events[i].Actors {
			doc.Events[i].Actors[j].Actor = actors[doc.Events[i].Actors[j].Actor.Slug]
		}
	}
	finishTimeline(&doc.Timeline, opt, rep)
	return doc
}

func parseCoord(s string, row int, column string, rep *Report) *float64 {
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		rep.problemMsg(row, column, "problem.import.number", "%q is not a number", s)
		return nil
	}
	return &v
}

// parseTimeCell reads an optional time of day ("14:30", "2:30 PM"),
// reporting a bad one with its row and column.
func parseTimeCell(s string, row int, column string, rep *Report) timeline.TimeOfDay {
	if s == "" {
		return timeline.TimeOfDay{}
	}
	t, err := timeline.ParseTimeOfDay(s)
	if err != nil {
		rep.problemErr(row, column, err)
	}
	return t
}
