package importer

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"annals/internal/timeline"
)

// slide is one TimelineJS slide, from JSON or from a row of the sheet, as
// the strings the file gives.
type slide struct {
	row                                    int
	year, month, day, time                 string
	endYear, endMonth, endDay, endTime     string
	displayDate, endDisplayDate            string
	headline, text                         string // HTML
	media, credit, caption, thumbnail, alt string
	mediaURL                               *string // the media link as read (slideMediaURL), once read
	typ, group, background, uniqueID       string
	dateColumns                            bool // the sheet's old "Start Date" column is used
	seconds                                bool // the JSON gives seconds or milliseconds, which are not kept
	startDate, endDate                     string
	prefix                                 string // of its columns: "title." for the JSON title slide
}

// Slide field keys; each format names the column of each.
const (
	kYear = iota
	kMonth
	kDay
	kTime
	kEndYear
	kEndMonth
	kEndDay
	kEndTime
	kDisplayDate
	kHeadline
	kText
	kMedia
	kCredit
	kCaption
	kThumbnail
	kAlt
	kType
	kGroup
	kBackground
	kUniqueID
	kStartDate
	kEndDate
	kFields
)

// slideReader turns slides into events; columns names each field for the
// report.
type slideReader struct {
	opt     Options
	rep     *Report
	columns [kFields]string
	cats    *categoryIndex
	taken   slugs
	dropped map[string][]int // column -> rows whose value is not kept
	reasons map[string]string
	doc     timeline.Document
}

func newSlideReader(opt Options, rep *Report, columns [kFields]string) *slideReader {
	return &slideReader{opt: opt, rep: rep, columns: columns, cats: newCategoryIndex(opt.Categories),
		taken: slugs{}, dropped: map[string][]int{}, reasons: map[string]string{}}
}

var dropReasons = map[int]string{
	kDisplayDate: "Annals writes each date from what is known of it (\"May 2021\")",
	kThumbnail:   "Annals makes its own small versions of uploaded images, and loads nothing from other sites",
	kAlt:         "the slide's media is an article link (kept as a source), which has no alt text",
	kBackground:  "Annals pages have no slide backgrounds",
}

func (r *slideReader) drop(k int, s slide) {
	r.dropColumn(s.prefix+r.columns[k], s.row, dropReasons[k])
}

// dropColumn lists row under column among what is not kept, and why.
func (r *slideReader) dropColumn(column string, row int, reason string) {
	r.dropped[column] = append(r.dropped[column], row)
	r.reasons[column] = reason
}

// add reads one slide: an event, the title slide, or an era.
func (r *slideReader) add(s slide) {
	switch strings.ToLower(strings.TrimSpace(s.typ)) {
	case "title":
		r.doc.Timeline.Title = plainText(s.headline)
		r.doc.Timeline.Summary = htmlToMarkdown(s.text)
		r.rep.Rows = append(r.rep.Rows, Row{Row: s.row, Title: r.doc.Timeline.Title, Outcome: OutcomeSkipped,
			Note: "title slide: sets the timeline's title and summary"})
		r.dropTitle(s)
		return
	case "era":
		r.era(s)
		return
	case "", "event":
	default:
		r.rep.warnMsg(s.row, r.columns[kType], "problem.import.type", "%q is not a TimelineJS type (title or era); the row is read as an event", s.typ)
	}
	row := s.row
	e := timeline.Event{
		Title:      plainText(s.headline),
		Summary:    htmlToMarkdown(s.text),
		Status:     timeline.StatusDraft,
		Visibility: timeline.VisibilityPublic,
	}
	if r.opt.Publish {
		e.Status = timeline.StatusPublished
	}
	if e.Title == "" {
		r.rep.problemMsg(row, r.columns[kHeadline], "problem.import.headline", "is required: every event needs a headline")
	}
	c := r.columns
	if s.dateColumns {
		e.When.Start = r.oldDate(s.startDate, row, c[kStartDate], true)
		e.When.End = r.oldDate(s.endDate, row, c[kEndDate], false)
	} else {
		e.When.Start = r.date(s.year, s.month, s.day, row, c[kYear], c[kMonth], c[kDay], true)
		e.When.End = r.date(s.endYear, s.endMonth, s.endDay, row, c[kEndYear], c[kEndMonth], c[kEndDay], false)
	}
	e.When.StartTime = r.timeOfDay(s.time, row, c[kTime])
	e.When.EndTime = r.timeOfDay(s.endTime, row, c[kEndTime])
	if s.seconds {
		r.rep.warn(row, c[kTime], "seconds and milliseconds are not kept: Annals keeps hours and minutes")
	}
	if strings.TrimSpace(s.displayDate) != "" || strings.TrimSpace(s.endDisplayDate) != "" {
		r.drop(kDisplayDate, s)
	}
	r.dropSlideExtras(s)
	mediaURL := r.slideMediaURL(s) // read once: its warnings are given once
	s.mediaURL = &mediaURL
	if m, ok := r.slideMedia(s, e.Title); ok {
		e.Media = append(e.Media, m)
		// A slide's media is often its only evidence: with no other
		// source, its link is cited too, so the event has one.
		if len(e.Citations) == 0 {
			e.Citations = append(e.Citations, timeline.Citation{Source: timeline.Source{URL: m.URL,
				Title: or(m.Caption, or(m.Credit, m.URL)), Publisher: m.Credit, Kind: "other"}})
		}
	} else if strings.TrimSpace(s.alt) != "" {
		r.drop(kAlt, s)
	}
	if c, ok := r.mediaSource(s); ok {
		e.Citations = append(e.Citations, c)
	}
	e.Category = r.category(s.group, row)
	id := strings.TrimSpace(s.uniqueID)
	if id != "" && timeline.ValidateSlug(id) == nil {
		if r.taken[id] > 0 {
			r.rep.problemMsg(row, r.columns[kUniqueID], "problem.import.slugtaken", "%q is used by an earlier row", id)
		}
		r.taken[id]++
		e.Slug = id
	} else {
		e.Slug = r.taken.unique(Slugify(or(id, e.Title)), contentSlug(e.Title, e.When.Start.String()))
	}
	checkEvent(e, row, r.column, r.rep)
	r.rep.Rows = append(r.rep.Rows, Row{Row: row, Event: e.Slug, Title: e.Title, Outcome: OutcomeValid})
	r.doc.Events = append(r.doc.Events, e)
}

// era reads an era slide (a sheet row of Type "era", or one of the JSON
// file's "eras"): its headline is the era's title, its text the summary,
// and it needs a start and an end. Media, group and the rest are not kept.
func (r *slideReader) era(s slide) {
	c, row := r.columns, s.row
	col := func(k int) string { return s.prefix + c[k] }
	e := timeline.Era{Title: plainText(s.headline), Summary: htmlToMarkdown(s.text)}
	if e.Title == "" {
		r.rep.problemMsg(row, col(kHeadline), "problem.import.era.headline", "is required: every era needs a headline")
	}
	start, end := s.year, s.endYear
	if s.dateColumns {
		start, end = s.startDate, s.endDate
	}
	switch {
	case strings.TrimSpace(start) == "":
		r.rep.problemMsg(row, col(kYear), "problem.import.era.start", "is required: every era needs a start")
	case s.dateColumns:
		e.Start = r.oldDate(s.startDate, row, col(kStartDate), true)
	default:
		e.Start = r.date(s.year, s.month, s.day, row, col(kYear), col(kMonth), col(kDay), true)
	}
	switch {
	case strings.TrimSpace(end) == "":
		r.rep.problemMsg(row, col(kEndYear), "problem.import.era.end", "is required: every era needs an end")
	case s.dateColumns:
		e.End = r.oldDate(s.endDate, row, col(kEndDate), true)
	default:
		e.End = r.date(s.endYear, s.endMonth, s.endDay, row, col(kEndYear), col(kEndMonth), col(kEndDay), true)
	}
	if e.Title != "" && !e.Start.IsZero() && !e.End.IsZero() {
		var v *timeline.ValidationError
		if errors.As(e.Validate(), &v) {
			for _, p := range v.Problems {
				k := map[string]int{"title": kHeadline, "summary": kText, "start": kYear, "end": kEndYear}[p.Field]
				r.rep.Problems = append(r.rep.Problems, Problem{Row: row, Column: col(k), Message: p.Message, Key: p.Key, Args: p.Args})
			}
		}
	}
	if strings.TrimSpace(s.time+s.endTime) != "" {
		r.rep.warn(row, col(kTime), "times of day are not kept: an era spans dates")
	}
	for _, f := range []struct {
		k int
		v string
	}{{kMedia, s.media}, {kGroup, s.group}, {kUniqueID, s.uniqueID}} {
		if v := strings.TrimSpace(f.v); v != "" {
			r.rep.warn(row, col(f.k), "%q is not kept: an era has a title, a text and its dates", v)
		}
	}
	if s.prefix == "" {
		r.rep.Rows = append(r.rep.Rows, Row{Row: row, Title: e.Title, Outcome: OutcomeValid, Note: "era: a named period of the timeline"})
	}
	for _, x := range r.doc.Eras {
		if x.Key() == e.Key() && !e.Start.IsZero() {
			r.rep.problemMsg(row, col(kHeadline), "problem.import.era.twice", "era %q starting %s is given twice", e.Title, e.Start)
		}
	}
	r.doc.Eras = append(r.doc.Eras, e)
}

// dropSlideExtras lists what no slide keeps: background, thumbnail.
func (r *slideReader) dropSlideExtras(s slide) {
	for _, f := range []struct {
		k int
		v string
	}{{kBackground, s.background}, {kThumbnail, s.thumbnail}} {
		if strings.TrimSpace(f.v) != "" {
			r.drop(f.k, s)
		}
	}
}

// dropTitle lists what of the title slide is not kept: a timeline has a
// title and a summary, no cover media, date or group.
func (r *slideReader) dropTitle(s slide) {
	r.dropSlideExtras(s)
	if media := strings.TrimSpace(s.media); media != "" {
		r.rep.warn(s.row, s.prefix+r.columns[kMedia], "%q is not kept: a timeline has no cover media; cite it on an event instead", media)
	} else if plainText(s.caption+s.credit) != "" {
		r.rep.warn(s.row, s.prefix+r.columns[kMedia], "the title slide's media caption and credit are not kept: a timeline has no cover media")
	}
	for _, f := range []struct {
		k int
		v string
	}{{kYear, s.year + s.startDate}, {kDisplayDate, s.displayDate + s.endDisplayDate}, {kGroup, s.group}} {
		if v := strings.TrimSpace(f.v); v != "" {
			r.rep.warn(s.row, s.prefix+r.columns[f.k], "%q is not kept: the title slide only gives the timeline's title and summary", v)
		}
	}
}

// column maps an event's validation field to the file's column.
func (r *slideReader) column(f string) string {
	switch fieldRoot(f) {
	case "title":
		return r.columns[kHeadline]
	case "summary":
		return r.columns[kText]
	case "sources":
		return r.columns[kMedia]
	case "start":
		return r.columns[kYear]
	case "start_time":
		return r.columns[kTime]
	case "end_time":
		return r.columns[kEndTime]
	case "end":
		if r.columns[kEndYear] == "" {
			return r.columns[kEndDate]
		}
		return r.columns[kEndYear]
	case "category":
		return r.columns[kGroup]
	case "slug":
		return r.columns[kUniqueID]
	}
	return f
}

// mediaSource makes the slide's media a source: its URL, with the caption as
// title and the credit as publisher, so nothing of it is lost. An embed code
// gives the link it embeds; "//host/path" is read as https. A link to the
// site TimelineJS ran on ("/images/x.jpg") cannot be followed from Annals:
// it is left out with a warning, and the caption and credit are kept.
func (r *slideReader) mediaSource(s slide) (timeline.Citation, bool) {
	url := r.slideMediaURL(s)
	caption, credit := plainLines(s.caption, "; "), plainLines(s.credit, "; ")
	if _, ok := timeline.MediaOfURL(url); ok {
		return timeline.Citation{}, false // an image or a video: the event's media (slideMedia)
	}
	column := r.columns[kMedia]
	if url == "" && caption == "" && credit == "" {
		return timeline.Citation{}, false
	}
	if url != "" {
		if err := timeline.ValidateHTTPURL(url); err != nil {
			r.rep.problemMsg(s.row, column, "problem.import.httponly", "%s: only http(s) links are kept", err)
			return timeline.Citation{}, false
		}
	}
	src := timeline.Source{URL: url, Title: or(caption, or(credit, url)), Publisher: credit, Kind: "other"}
	return timeline.Citation{Source: src}, true
}

// slideMedia makes the slide's media an image or video of the event when
// its link is one (timeline.MediaOfURL: an image file or image host, or a
// post on a video provider), with its caption, credit and alt text. An
// image needs alt text: without it the caption, or else the headline,
// stands in, with a warning.
func (r *slideReader) slideMedia(s slide, headline string) (timeline.Media, bool) {
	url := r.slideMediaURL(s)
	m, ok := timeline.MediaOfURL(url)
	if !ok || timeline.ValidateHTTPURL(url) != nil {
		return m, false
	}
	m.Caption, m.Credit, m.Alt = plainLines(s.caption, "; "), plainLines(s.credit, "; "), plainText(s.alt)
	if m.Kind == timeline.MediaImage && m.Alt == "" {
		m.Alt = or(m.Caption, headline)
		r.rep.warn(s.row, r.columns[kAlt], "the image has no alt text; %q stands in: write what it shows for people who cannot see it", m.Alt)
	}
	return m, true
}

// slideMediaURL is the slide's media link, warnings given once: an embed
// code gives the link it embeds; "//host/path" is read as https; a link
// within the site TimelineJS ran on is left out.
func (r *slideReader) slideMediaURL(s slide) string {
	if s.mediaURL != nil {
		return *s.mediaURL
	}
	url := strings.TrimSpace(s.media)
	column := r.columns[kMedia]
	if strings.HasPrefix(url, "<") {
		link := embedLink(url)
		if link == "" {
			r.rep.warn(s.row, column, "is an embed code with no link in it; it is not kept")
		} else {
			r.rep.warn(s.row, column, "is an embed code; its link %s is kept", link)
		}
		url = link
	}
	if strings.HasPrefix(url, "//") {
		url = "https:" + url
	}
	if strings.HasPrefix(url, "/") || (url != "" && !strings.Contains(url, ":") && !strings.HasPrefix(url, "<")) {
		r.rep.warn(s.row, column, "%q is a link within the site the timeline was on, not a full URL; it is not kept (give https://... to keep it)", url)
		url = ""
	}
	return url
}

// The upload page's labels of the options that settle groups; the problems
// name them so a reader knows what to tick.
const (
	labelNewCategories   = "Create a category for each TimelineJS group that is not one yet"
	labelDefaultCategory = "Category of rows with no group"
)

func (r *slideReader) category(group string, row int) timeline.Category {
	group = plainText(group)
	if group == "" {
		if r.opt.DefaultCategory != "" {
			group = r.opt.DefaultCategory
		} else if r.opt.NewCategories {
			c := timeline.Category{Slug: "uncategorised", Name: "Uncategorised"}
			if known, ok := r.cats.find(c.Slug); ok {
				c = known
			}
			r.cats.use(c)
			return c
		} else {
			r.rep.problemMsg(row, r.columns[kGroup], "problem.import.group.empty", "is empty: give each row a group (its category), or choose a default category (command line: -category SLUG; upload page: %q)", uploadLabel("staff.import.category", labelDefaultCategory))
			return timeline.Category{}
		}
	}
	if c, ok := r.cats.find(group); ok {
		r.cats.use(c)
		return c
	}
	if !r.opt.NewCategories {
		r.rep.problemMsg(row, r.columns[kGroup], "problem.import.category.sheet", "%q is not a known category (%s); create it first, or let the import create it (command line: -new-categories; upload page: tick %q)", group, r.cats.knownList(), uploadLabel("staff.import.newcategories", labelNewCategories))
		return timeline.Category{}
	}
	slug := Slugify(group)
	if slug == "" {
		slug = "category-" + strconv.Itoa(len(r.cats.used)+1)
	}
	c := timeline.Category{Slug: slug, Name: group}
	if problemsOf(c.Validate(), row, r.columns[kGroup], r.rep) {
		return timeline.Category{}
	}
	r.cats.use(c)
	return c
}

// timeOfDay reads an optional time of day ("14:30", "2:30 PM"); a bad one
// is a problem with the row and column.
func (r *slideReader) timeOfDay(v string, row int, column string) timeline.TimeOfDay {
	v = strings.TrimSpace(v)
	if v == "" {
		return timeline.TimeOfDay{}
	}
	t, err := timeline.ParseTimeOfDay(v)
	if err != nil {
		r.rep.problemErr(row, column, err)
	}
	return t
}

// date reads year, month and day fields (named cy, cm, cd in the report);
// the precision is what is filled in.
func (r *slideReader) date(y, m, d string, row int, cy, cm, cd string, required bool) timeline.FuzzyDate {
	y, m, d = strings.TrimSpace(y), strings.TrimSpace(m), strings.TrimSpace(d)
	if y == "" {
		if required {
			r.rep.problemMsg(row, cy, "problem.import.year", "is required: every event needs at least a year")
		} else if m != "" || d != "" {
			r.rep.problemMsg(row, cy, "problem.import.emptyyear", "is empty but the month or day is given")
		}
		return timeline.FuzzyDate{}
	}
	year, err := strconv.Atoi(spreadsheetNumber(y))
	if err != nil {
		r.rep.problemMsg(row, cy, "problem.import.notyear", "%q is not a year: write it in digits, like 2021", y)
		return timeline.FuzzyDate{}
	}
	if m == "" {
		if d != "" {
			r.rep.problemMsg(row, cm, "problem.import.emptymonth", "is empty but the day is given")
			return timeline.FuzzyDate{}
		}
		fd, err := timeline.NewYear(year)
		if err != nil {
			r.rep.problemErr(row, cy, err)
		}
		return fd
	}
	month, ok := parseMonth(m)
	if !ok {
		r.rep.problemMsg(row, cm, "problem.import.notmonth", "%q is not a month: write %d to %d", m, 1, 12)
		return timeline.FuzzyDate{}
	}
	if _, err := timeline.NewYear(year); err != nil {
		r.rep.problemErr(row, cy, err)
		return timeline.FuzzyDate{}
	}
	if d == "" {
		fd, err := timeline.NewMonth(year, month)
		if err != nil {
			r.rep.problemErr(row, cm, err)
		}
		return fd
	}
	day, err := strconv.Atoi(spreadsheetNumber(d))
	if err != nil {
		r.rep.problemMsg(row, cd, "problem.import.notday", "%q is not a day of the month", d)
		return timeline.FuzzyDate{}
	}
	if _, err := timeline.NewMonth(year, month); err != nil {
		r.rep.problemErr(row, cm, err)
		return timeline.FuzzyDate{}
	}
	fd, err := timeline.NewDay(year, month, day)
	if err != nil {
		r.rep.problemErr(row, cd, err)
	}
	return fd
}

// oldDate reads the old template's Start Date / End Date: "2021", "2021,2",
// "2021,2,1", "2021-02-01", "2021/02/01" or "2/1/2021" (month first, as
// Google Sheets writes it in the US locale the template uses).
func (r *slideReader) oldDate(s string, row int, column string, required bool) timeline.FuzzyDate {
	s = strings.TrimSpace(s)
	if s == "" {
		if required {
			r.rep.problemMsg(row, column, "problem.import.year", "is required: every event needs at least a year")
		}
		return timeline.FuzzyDate{}
	}
	parts := strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == '-' || c == '/' || c == '.' })
	if len(parts) == 3 && len(strings.TrimSpace(parts[2])) == 4 && len(strings.TrimSpace(parts[0])) <= 2 {
		parts = []string{parts[2], parts[0], parts[1]}
	}
	if len(parts) > 3 || len(parts) == 0 {
		r.rep.problemMsg(row, column, "problem.import.notdate", "%q is not a date: write YYYY, YYYY-MM or YYYY-MM-DD", s)
		return timeline.FuzzyDate{}
	}
	parts = append(parts, "", "")
	return r.date(parts[0], parts[1], parts[2], row, column, column, column, required)
}

// spreadsheetNumber undoes a spreadsheet's number formatting of a whole
// number: "2,020" (a thousands separator) and "3.0" are 2020 and 3.
func spreadsheetNumber(s string) string {
	if thousands.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	if whole, frac, ok := strings.Cut(s, "."); ok && strings.Trim(frac, "0") == "" && whole != "" && whole != "-" {
		s = whole
	}
	return s
}

var thousands = regexp.MustCompile(`^-?[0-9]{1,3}(,[0-9]{3})+(\.0*)?$`)

func parseMonth(s string) (int, bool) {
	if n, err := strconv.Atoi(spreadsheetNumber(s)); err == nil {
		return n, true
	}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if l := strings.ToLower(s); l == name || (len(l) >= 3 && strings.HasPrefix(name, l)) {
			return int(m), true
		}
	}
	return 0, false
}

// finish returns the document and reports what was not kept.
func (r *slideReader) finish() timeline.Document {
	cols := make([]string, 0, len(r.dropped))
	for c := range r.dropped {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		rows := r.dropped[c]
		list := make([]string, 0, min(len(rows), 10))
		for i, n := range rows {
			if i == 10 {
				list = append(list, fmt.Sprintf("and %d more", len(rows)-10))
				break
			}
			list = append(list, strconv.Itoa(n))
		}
		if len(rows) == 1 && rows[0] == 0 {
			r.rep.warn(0, c, "is not kept: %s", r.reasons[c])
			continue
		}
		r.rep.warn(0, c, "is not kept (rows %s): %s", strings.Join(list, ", "), r.reasons[c])
	}
	r.doc.Categories = r.cats.used
	finishTimeline(&r.doc.Timeline, r.opt, r.rep)
	return r.doc
}
