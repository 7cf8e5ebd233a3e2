package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"

	"annals/internal/jsonstream"
	"annals/internal/markdown"
	"annals/internal/timeline"
)

// TimelineJS JSON, so a timeline can be shown with Knight Lab's TimelineJS
// itself. Dates carry only what is known (a year-precision event has only a
// year), text is sanitised HTML, the category becomes the group, the slug
// the unique_id, and the sources are listed under the text. The slide's
// media is the event's first image or video, never a source: TimelineJS
// shows an article's link as a broken image. The timeline's eras are
// written as "eras".

type tjsFile struct {
	Title  *tjsSlide  `json:"title,omitempty"`
	Events []tjsSlide `json:"events"`
	// Eras are the timeline's named periods: dates and text only.
	Eras []tjsSlide `json:"eras,omitempty"`
}

type tjsSlide struct {
	StartDate *tjsDate  `json:"start_date,omitempty"`
	EndDate   *tjsDate  `json:"end_date,omitempty"`
	Text      tjsText   `json:"text"`
	Media     *tjsMedia `json:"media,omitempty"`
	Group     string    `json:"group,omitempty"`
	UniqueID  string    `json:"unique_id,omitempty"`
}

type tjsDate struct {
	Year  int `json:"year"`
	Month int `json:"month,omitempty"`
	Day   int `json:"day,omitempty"`
	// Hour and Minute are the local time of day, when known (00:00 is a time).
	Hour   *int `json:"hour,omitempty"`
	Minute *int `json:"minute,omitempty"`
}

type tjsText struct {
	Headline string `json:"headline"`
	Text     string `json:"text,omitempty"`
}

type tjsMedia struct {
	URL     string `json:"url"`
	Caption string `json:"caption,omitempty"`
	Credit  string `json:"credit,omitempty"`
	Alt     string `json:"alt,omitempty"`
}

// MediaURL is where a medium is read from: its link, or for an uploaded
// image the public address of its largest width under base (the site's
// address; "" gives a path).
func MediaURL(base string, m timeline.Media) string {
	if m.Upload != "" {
		return strings.TrimSuffix(base, "/") + "/media/" + m.Upload
	}
	return m.URL
}

// TimelineJS writes doc as TimelineJS JSON. permalink gives each event's
// absolute URL, linked from its slide; base is the site's address, for
// uploaded images.
func TimelineJS(doc timeline.Document, base string, permalink func(eventSlug string) string) ([]byte, error) {
	var buf bytes.Buffer
	err := TimelineJSStream(&buf, doc, func(yield func(timeline.Event) error) error {
		for _, e := range doc.Events {
			if err := yield(e); err != nil {
				return err
			}
		}
		return nil
	}, base, permalink)
	return buf.Bytes(), err
}

// TimelineJSStream is TimelineJS writing each event's slide as events
// yields it (doc.Events is not read), so an export of any size is held one
// event at a time. The bytes are those of encoding the whole file at once.
func TimelineJSStream(w io.Writer, doc timeline.Document, events timeline.EventSeq, base string, permalink func(eventSlug string) string) error {
	f := tjsFile{
		Title:  &tjsSlide{Text: tjsText{Headline: html.EscapeString(doc.Timeline.Title), Text: markdown.Stored(doc.Timeline.Summary, doc.Timeline.SummaryHTML)}},
		Events: []tjsSlide{},
	}
	for _, e := range doc.Eras {
		f.Eras = append(f.Eras, tjsSlide{StartDate: tjsDateOf(e.Start, timeline.TimeOfDay{}), EndDate: tjsDateOf(e.End, timeline.TimeOfDay{}),
			Text: tjsText{Headline: html.EscapeString(e.Title), Text: markdown.ToHTML(e.Summary)}})
	}
	// The file without its events, cut where they go.
	var frame bytes.Buffer
	enc := json.NewEncoder(&frame)
	enc.SetIndent("", " ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("encode TimelineJS: %w", err)
	}
	return jsonstream.Write(w, frame.Bytes(), "events", func(emit func([]byte) error) error {
		return events(func(e timeline.Event) error {
			one, err := json.Marshal(tjsEventSlide(e, base, permalink))
			if err != nil {
				return fmt.Errorf("encode TimelineJS slide %q: %w", e.Slug, err)
			}
			return emit(one)
		})
	})
}

// tjsEventSlide is an event as a TimelineJS slide.
func tjsEventSlide(e timeline.Event, base string, permalink func(eventSlug string) string) tjsSlide {
	s := tjsSlide{
		StartDate: tjsDateOf(e.When.Start, e.When.StartTime),
		EndDate:   tjsDateOf(e.When.End, e.When.EndTime),
		Text:      tjsText{Headline: html.EscapeString(e.Title)},
		Group:     e.Category.Name,
		UniqueID:  e.Slug,
	}
	var b strings.Builder
	b.WriteString(markdown.Stored(e.Summary, e.SummaryHTML))
	if len(e.Citations) > 0 {
		b.WriteString("<p>Sources:</p><ol>")
		for _, c := range e.Citations {
			b.WriteString("<li>" + SourceHTML(c.Source) + "</li>")
		}
		b.WriteString("</ol>")
	}
	if len(e.Media) > 0 {
		m := e.Media[0]
		s.Media = &tjsMedia{URL: MediaURL(base, m), Caption: html.EscapeString(m.Caption),
			Credit: html.EscapeString(m.Credit), Alt: m.Alt}
	}
	if permalink != nil {
		fmt.Fprintf(&b, `<p><a href="%s">Permalink and sources on Annals</a></p>`, html.EscapeString(permalink(e.Slug)))
	}
	s.Text.Text = b.String()
	return s
}

func tjsDateOf(d timeline.FuzzyDate, t timeline.TimeOfDay) *tjsDate {
	switch d.Precision {
	case timeline.PrecisionYear:
		return &tjsDate{Year: d.Year}
	case timeline.PrecisionMonth:
		return &tjsDate{Year: d.Year, Month: int(d.Month)}
	case timeline.PrecisionDay:
		td := &tjsDate{Year: d.Year, Month: int(d.Month), Day: d.Day}
		if !t.IsZero() {
			h, m := t.Hour(), t.Minute()
			td.Hour, td.Minute = &h, &m
		}
		return td
	}
	return nil
}

// SourceHTML writes a source as escaped HTML, linked when it has an http(s)
// URL; a confidential source is only said to exist.
func SourceHTML(s timeline.Source) string {
	if s.Confidential {
		return "Confidential source on file"
	}
	text := html.EscapeString(s.Title)
	if s.Publisher != "" {
		text = html.EscapeString(s.Publisher) + ": " + text
	}
	if d := s.Published.Format(); d != "" {
		text += " (" + d + ")"
	}
	if timeline.ValidateHTTPURL(s.URL) == nil {
		return `<a href="` + html.EscapeString(s.URL) + `">` + text + `</a>`
	}
	return text
}
