package web

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"annals/internal/i18n"
	"annals/internal/markdown"
	"annals/internal/timeline"
	"annals/views"
)

// sourceNumbers numbers the sources a page cites. On public pages the
// numbers are the timeline's (store.CitationNumbers: order of first citation
// over all its public events), so [17] is the same source on the timeline,
// any window or filter of it, an event page, an embed and the printout. A
// source is one number and one entry however often the page cites it, by
// an event or by its figures, with whatever locators.
type sourceNumbers struct {
	anchor  string
	pages   bool           // link each public source to its page (/sources/{id})
	fixed   map[int64]int  // the timeline's numbers; nil numbers in page order
	next    int            // the number a source missing from fixed gets
	byKey   map[string]int // source -> index in sources
	sources []views.SourceEntry
	parts   map[string]bool // locators and notes already in an entry
}

func newSourceNumbers(anchor string) *sourceNumbers {
	return &sourceNumbers{anchor: anchor, byKey: map[string]int{}, parts: map[string]bool{}, next: 1}
}

// publicSourceNumbers numbers sources as every public page of the timeline
// does, reading the numbers of the sources the shown events cite (every
// source when shown is nil: print).
func (s *Server) publicSourceNumbers(ctx context.Context, slug, anchor string, shown [][]timeline.Event) (*sourceNumbers, error) {
	var ids []int64
	if shown != nil {
		ids = []int64{}
		seen := map[int64]bool{}
		add := func(id int64) {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		for _, events := range shown {
			for _, e := range events {
				for _, c := range e.Citations {
					add(c.Source.ID)
				}
				for _, f := range e.Figures {
					add(f.Source.ID)
				}
			}
		}
	}
	fixed, all, err := s.store.CitationNumbers(ctx, slug, ids)
	if err != nil {
		return nil, err
	}
	n := newSourceNumbers(anchor)
	n.fixed = fixed
	n.next = all + 1
	for _, v := range fixed {
		n.next = max(n.next, v+1)
	}
	return n, nil
}

func (n *sourceNumbers) cite(src timeline.Source, locator, note string) views.CitationRef {
	key := fmt.Sprint(src.ID)
	if src.ID == 0 { // a source not saved yet (staff previews)
		key = "0\x00" + src.URL + "\x00" + src.Title
	}
	i, ok := n.byKey[key]
	if !ok {
		// A source the timeline's numbers do not know (published after
		// they were read) gets a number after all of them, never one
		// another source has.
		num, ok := n.fixed[src.ID]
		if !ok || src.ID == 0 {
			num = n.next
			n.next++
		}
		entry := sourceEntry(num, src, "", "")
		if n.pages && !src.Confidential && src.ID != 0 {
			entry.Page = sourcePath(src.ID)
		}
		i = len(n.sources)
		n.byKey[key] = i
		n.sources = append(n.sources, entry)
	}
	e := &n.sources[i]
	if !e.Confidential {
		// One entry for the source: each place in it, and each note,
		// once.
		e.Locator = n.addPart(key+"\x00l", e.Locator, locator)
		e.Note = n.addPart(key+"\x00n", e.Note, note)
	}
	num := e.N
	ref := views.CitationRef{N: num, URL: n.anchor + fmt.Sprint(num), Confidential: src.Confidential}
	if !src.Confidential {
		ref.Title = src.Title
		if src.Publisher != "" {
			ref.Title = src.Publisher + ": " + ref.Title
		}
	}
	return ref
}

// addPart adds a locator or note to an entry's list of them, once.
func (n *sourceNumbers) addPart(key, list, part string) string {
	if part == "" || n.parts[key+"\x00"+part] {
		return list
	}
	n.parts[key+"\x00"+part] = true
	if list == "" {
		return part
	}
	return list + "; " + part
}

// entries is the page's source list in number order.
func (n *sourceNumbers) entries() []views.SourceEntry {
	out := slices.Clone(n.sources)
	slices.SortFunc(out, func(a, b views.SourceEntry) int { return a.N - b.N })
	return out
}

func sourceEntry(num int, src timeline.Source, locator, note string) views.SourceEntry {
	e := views.SourceEntry{N: num, ID: fmt.Sprintf("source-%d", num)}
	if src.Confidential {
		e.Confidential = true
		return e
	}
	e.Title = src.Title
	e.Publisher = src.Publisher
	e.Published = src.Published
	e.Kind = src.Kind
	e.Locator = locator
	e.Note = note
	if src.Language != "" && src.Language != "en" {
		e.Language = src.Language
	}
	// Stored URLs were checked on the way in; check again on the way out so
	// no other path can put a javascript: URL in a link.
	if timeline.ValidateHTTPURL(src.URL) == nil {
		e.URL = src.URL
	}
	if timeline.ValidateHTTPURL(src.ArchiveURL) == nil {
		e.ArchiveURL = src.ArchiveURL
	}
	return e
}

// groupEvents groups events (already oldest first) by year and month. Events
// known only to the year come before that year's months, under no month.
func groupEvents(timelineSlug string, events []timeline.Event, numbers *sourceNumbers) []views.YearGroup {
	var years []views.YearGroup
	var groups eventGroups
	for _, e := range events {
		y, m := groups.next(e)
		if y != nil {
			years = append(years, *y)
		}
		cur := &years[len(years)-1]
		if m != nil {
			cur.Months = append(cur.Months, *m)
		}
		month := &cur.Months[len(cur.Months)-1]
		month.Events = append(month.Events, eventCard(timelineSlug, e, numbers))
	}
	return years
}

// eventGroups places events, met in timeline order, under year and month
// headings: the one rule of the headings for the pages that hold their
// events (groupEvents) and the printout that streams them.
type eventGroups struct {
	started     bool
	year, month string // the current headings' keys
}

// next returns the headings that begin before e, without events: a new
// year (which always begins a new month group too) and a new month. The
// month group of events known only to their year has no Month and no
// label, and comes first in its year.
func (g *eventGroups) next(e timeline.Event) (*views.YearGroup, *views.MonthGroup) {
	start := e.When.Start
	year := timeline.YearText(start.Year)
	label, id := "", ""
	if start.Precision != timeline.PrecisionYear {
		label = fmt.Sprintf("%s %s", start.Month, timeline.YearText(start.Year))
		id = fmt.Sprintf("m%d-%02d", start.Year, int(start.Month))
	}
	var y *views.YearGroup
	if !g.started || year != g.year {
		y = &views.YearGroup{Year: year, ID: fmt.Sprintf("y%d", start.Year)}
	}
	var m *views.MonthGroup
	if y != nil || label != g.month {
		m = &views.MonthGroup{Label: label, Month: monthOf(start), ID: id}
	}
	g.started, g.year, g.month = true, year, label
	return y, m
}

// eventCard prepares an event for display, citing its sources in numbers.
func eventCard(timelineSlug string, e timeline.Event, numbers *sourceNumbers) views.EventCard {
	card := views.EventCard{
		ID:          e.Slug,
		URL:         eventPath(timelineSlug, e.Slug),
		Title:       e.Title,
		When:        e.When,
		DateTime:    e.When.StartDateTime(),
		Category:    views.Link{Label: e.Category.Name, URL: filterURL(timelineSlug, "category", e.Category.Slug)},
		Place:       e.Place.Name,
		Country:     e.Place.Country,
		SummaryHTML: markdown.Stored(e.Summary, e.SummaryHTML),
		Lang:        e.TextLang, // set where the reader's language was looked for
		NamesLang:   e.OriginalLang,
	}
	if e.PlaceID != 0 {
		card.PlaceURL = filterURL(timelineSlug, "place", strconv.FormatInt(e.PlaceID, 10))
	}
	for _, a := range e.Actors {
		card.Actors = append(card.Actors, views.Link{Label: a.Actor.Name, URL: filterURL(timelineSlug, "actor", a.Actor.Slug)})
	}
	for _, c := range e.Citations {
		card.Citations = append(card.Citations, numbers.cite(c.Source, c.Locator, c.Note))
	}
	card.Figures = figureGroups(e.Figures, numbers)
	card.Media = mediaViews(e.Media, e.Slug, mediaPrefix)
	card.Retracted = e.Status == timeline.StatusRetracted
	return card
}

// figureGroups puts counts of the same metric, scope and date together, so
// disagreeing sources stand side by side instead of one hiding the others.
func figureGroups(figures []timeline.Figure, numbers *sourceNumbers) []views.FigureGroup {
	var groups []views.FigureGroup
	index := map[string]int{}
	for _, f := range figures {
		key := f.Metric + "\x00" + string(f.Scope) + "\x00" + f.AsOf.String()
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, views.FigureGroup{
				Metric: f.Metric,
				Scope:  f.Scope,
				AsOf:   f.AsOf,
			})
		}
		g := &groups[i]
		g.Values = append(g.Values, views.FigureValue{
			Qualifier:   f.Qualifier,
			Value:       f.Value,
			Attribution: f.Attribution,
			Note:        f.Note,
			Citation:    numbers.cite(f.Source, "", ""),
		})
		if first := g.Values[0]; len(g.Values) > 1 && (timeline.Figure{Value: first.Value, Qualifier: first.Qualifier}).Phrase() != f.Phrase() {
			g.Disagree = true
		}
	}
	return groups
}

// monthOf is the month a date falls in, or the zero date for a date known
// only to the year.
func monthOf(d timeline.FuzzyDate) timeline.FuzzyDate {
	if d.Precision == timeline.PrecisionYear {
		return timeline.FuzzyDate{}
	}
	return timeline.FuzzyDate{Year: d.Year, Month: d.Month, Precision: timeline.PrecisionMonth}
}

// placeText is a place with its country named in lang.
func placeText(lang string, p timeline.Place) string {
	if p.IsZero() {
		return ""
	}
	return i18n.PlaceName(lang, p.Name, p.Country)
}

func filterURL(timelineSlug, key, value string) string {
	return timelinePath(timelineSlug) + "?" + url.Values{key: {value}}.Encode()
}

// firstSentence makes a page description from Markdown: the first sentence,
// at most 200 characters, without Markdown punctuation.
func firstSentence(s string) string {
	s = strings.NewReplacer("*", "", "_", "", "#", "", "`", "", "\n", " ").Replace(s)
	s = strings.TrimSpace(s)
	if i := strings.Index(s, ". "); i > 0 {
		s = s[:i+1]
	}
	if utf8.RuneCountInString(s) > 200 {
		r := []rune(s)
		s = string(r[:199]) + "…"
	}
	return s
}
