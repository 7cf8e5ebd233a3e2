package importer

import (
	"strings"

	"annals/internal/timeline"
)

// The TimelineJS Google Sheets template, saved as CSV. Columns are matched by
// header name (case and spacing do not matter), never by position, so a
// sheet with its columns moved imports the same. The old template's
// "Start Date", "End Date" and "Tag" headers are read too.

// SheetColumns are the template's headers, in the template's order.
var SheetColumns = []string{
	"Year", "Month", "Day", "Time", "End Year", "End Month", "End Day", "End Time", "Display Date",
	"Headline", "Text", "Media", "Media Credit", "Media Caption", "Media Thumbnail", "Alt Text", "Type",
	"Group", "Background",
}

var sheetKeys = map[string]int{
	"year": kYear, "month": kMonth, "day": kDay, "time": kTime,
	"end year": kEndYear, "end month": kEndMonth, "end day": kEndDay, "end time": kEndTime,
	"display date": kDisplayDate, "headline": kHeadline, "text": kText, "media": kMedia,
	"media credit": kCredit, "media caption": kCaption, "media thumbnail": kThumbnail,
	"alt text": kAlt, "alt": kAlt, "type": kType, "group": kGroup, "tag": kGroup, "background": kBackground,
	"start date": kStartDate, "end date": kEndDate, "unique id": kUniqueID,
}

func normaliseSheet(h string) string {
	h = strings.Join(strings.Fields(strings.ToLower(h)), " ")
	if _, ok := sheetKeys[h]; ok {
		return h
	}
	return ""
}

func parseSheet(data []byte, opt Options, rep *Report) timeline.Document {
	t := readTable(data, rep, normaliseSheet)
	if t == nil {
		return timeline.Document{}
	}
	// Report columns by the header the file uses.
	var columns [kFields]string
	for name, k := range sheetKeys {
		if i, ok := t.index[name]; ok {
			columns[k] = strings.TrimSpace(t.header[i])
		} else if columns[k] == "" {
			columns[k] = titleCase(name)
		}
	}
	old := !t.has("year") && t.has("start date")
	if old {
		columns[kYear], columns[kEndYear] = columns[kStartDate], columns[kEndDate]
	}
	if !t.has("headline") {
		rep.problemMsg(1, "Headline", "problem.import.sheetmissing", "the column is missing; the TimelineJS template's headers are: %s", strings.Join(SheetColumns, ", "))
	}
	if !t.has("year") && !t.has("start date") {
		rep.problemMsg(1, "Year", "problem.import.sheetmissing", "the column is missing; the TimelineJS template's headers are: %s", strings.Join(SheetColumns, ", "))
	}
	if !rep.OK() {
		return timeline.Document{}
	}
	r := newSlideReader(opt, rep, columns)
	for i, rec := range t.rows {
		row := i + 2
		if blankRow(rec) {
			rep.Rows = append(rep.Rows, Row{Row: row, Outcome: OutcomeSkipped, Note: "empty row"})
			continue
		}
		get := func(name string) string { return t.get(rec, name) }
		r.add(slide{
			row: row, year: get("year"), month: get("month"), day: get("day"), time: get("time"),
			endYear: get("end year"), endMonth: get("end month"), endDay: get("end day"), endTime: get("end time"),
			displayDate: get("display date"), headline: get("headline"), text: get("text"),
			media: get("media"), credit: get("media credit"), caption: get("media caption"),
			thumbnail: get("media thumbnail"), alt: or(get("alt text"), get("alt")), typ: get("type"),
			group: or(get("group"), get("tag")), background: get("background"), uniqueID: get("unique id"),
			dateColumns: old, startDate: get("start date"), endDate: get("end date"),
		})
	}
	return r.finish()
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
