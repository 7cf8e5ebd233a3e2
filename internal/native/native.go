// Package native reads and writes the annals/v1 JSON format: one timeline
// with its categories, actors, events, sources and figures.
package native

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"annals/internal/timeline"
)

// Format is the value of the "format" field this package reads and writes.
const Format = "annals/v1"

// MaxFileSize bounds what Decode reads, so a huge upload fails with a clear
// message instead of exhausting memory.
const MaxFileSize = 20 << 20

type file struct {
	Format string `json:"format"`
	Note   string `json:"note,omitempty"`
	// ChainHead states the record's chain head the export was made at;
	// Decode accepts and ignores it.
	ChainHead  *fChainHead `json:"chain_head,omitempty"`
	Timeline   fTimeline   `json:"timeline"`
	Categories []fCategory `json:"categories"`
	Actors     []fActor    `json:"actors"`
	// Sources lists sources that only figures refer to, fully described,
	// so an export loses nothing about them.
	Sources []fSource `json:"sources,omitempty"`
	Events  []fEvent  `json:"events"`
	// Eras are the timeline's named periods, oldest first.
	Eras []fEra `json:"eras,omitempty"`
}

type fEra struct {
	Title   string `json:"title"`
	Summary string `json:"summary,omitempty"`
	Start   fDate  `json:"start"`
	End     fDate  `json:"end"`
}

type fChainHead struct {
	Revision  int64  `json:"revision"`
	SHA256    string `json:"sha256"`
	Revisions int64  `json:"revisions"`
	At        string `json:"at"`
}

type fTimeline struct {
	Slug       string `json:"slug"`
	Title      string `json:"title"`
	Summary    string `json:"summary,omitempty"`
	Language   string `json:"language,omitempty"`
	Visibility string `json:"visibility,omitempty"`
}

type fCategory struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
}

type fActor struct {
	Slug string `json:"slug"`
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
	Note string `json:"note,omitempty"`
}

type fDate struct {
	Date      string `json:"date"`
	Precision string `json:"precision,omitempty"`
	// Time is the optional local time of day, "HH:MM", with a day date.
	Time string `json:"time,omitempty"`
}

type fPlace struct {
	Name    string   `json:"name"`
	Country string   `json:"country,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
}

// fActorRef is an actor slug, or {"actor": slug, "role": role}.
type fActorRef struct {
	Actor string `json:"actor"`
	Role  string `json:"role,omitempty"`
}

func (a *fActorRef) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &a.Actor)
	}
	type plain fActorRef
	return json.Unmarshal(b, (*plain)(a))
}

func (a fActorRef) MarshalJSON() ([]byte, error) {
	if a.Role == "" {
		return json.Marshal(a.Actor)
	}
	type plain fActorRef
	return json.Marshal(plain(a))
}

type fSource struct {
	URL          string `json:"url,omitempty"`
	Title        string `json:"title"`
	Publisher    string `json:"publisher,omitempty"`
	Published    string `json:"published,omitempty"`
	ArchiveURL   string `json:"archive_url,omitempty"`
	SHA256       string `json:"sha256,omitempty"`
	Kind         string `json:"kind,omitempty"`
	Language     string `json:"language,omitempty"`
	Confidential bool   `json:"confidential,omitempty"`
	Locator      string `json:"locator,omitempty"`
	Note         string `json:"note,omitempty"`
}

type fFigure struct {
	Metric          string `json:"metric"`
	Value           *int64 `json:"value"`
	Qualifier       string `json:"qualifier,omitempty"`
	Scope           string `json:"scope,omitempty"`
	AsOf            string `json:"as_of"`
	Source          string `json:"source,omitempty"`
	SourceTitle     string `json:"source_title,omitempty"`
	SourcePublisher string `json:"source_publisher,omitempty"`
	SourcePublished string `json:"source_published,omitempty"`
	Attribution     string `json:"attribution,omitempty"`
	Note            string `json:"note,omitempty"`
}

type fEvent struct {
	Slug       string      `json:"slug"`
	Status     string      `json:"status,omitempty"`
	Visibility string      `json:"visibility,omitempty"`
	Title      string      `json:"title"`
	Summary    string      `json:"summary,omitempty"`
	Start      fDate       `json:"start"`
	End        *fDate      `json:"end,omitempty"`
	Category   string      `json:"category"`
	Actors     []fActorRef `json:"actors,omitempty"`
	Place      *fPlace     `json:"place,omitempty"`
	Sources    []fSource   `json:"sources"`
	Figures    []fFigure   `json:"figures,omitempty"`
	Media      []fMedia    `json:"media,omitempty"`
}

// fMedia is an image or a video of an event, by its link: an image
// uploaded to Annals is written as the public address of its largest
// width, and read back as a link to it.
type fMedia struct {
	Kind      string `json:"kind"`
	URL       string `json:"url"`
	Caption   string `json:"caption,omitempty"`
	Credit    string `json:"credit,omitempty"`
	Alt       string `json:"alt,omitempty"`
	Sensitive bool   `json:"sensitive,omitempty"`
}

// Decode reads an annals/v1 file into a Document. It returns a
// *timeline.ValidationError listing every problem, each naming the item and
// field, when anything in the file is wrong; a Document is returned only
// when the whole file is valid.
func Decode(r io.Reader) (timeline.Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return timeline.Document{}, fmt.Errorf("read file: %w", err)
	}
	if len(data) > MaxFileSize {
		return timeline.Document{}, timeline.Errorf(timeline.EINVALID, "the file is larger than %d MB; split it into smaller files", MaxFileSize>>20)
	}
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return timeline.Document{}, timeline.Errorf(timeline.EINVALID, "the file is not valid annals/v1 JSON: %s", describeJSONError(data, err))
	}
	if f.Format != Format {
		return timeline.Document{}, timeline.Errorf(timeline.EINVALID, "format is %q; this importer reads %q", f.Format, Format)
	}
	return f.toDocument()
}

func describeJSONError(data []byte, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line := bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n")) + 1
		return fmt.Sprintf("line %d: %s", line, syn.Error())
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q: expected %s, found %s", typ.Field, typ.Type, typ.Value)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func (f file) toDocument() (timeline.Document, error) {
	p := timeline.NewProblems("")
	doc := timeline.Document{
		Timeline: timeline.Timeline{
			Slug:       f.Timeline.Slug,
			Title:      f.Timeline.Title,
			Summary:    f.Timeline.Summary,
			Language:   or(f.Timeline.Language, "en"),
			Visibility: timeline.Visibility(or(f.Timeline.Visibility, string(timeline.VisibilityPublic))),
		},
	}
	for _, c := range f.Categories {
		doc.Categories = append(doc.Categories, timeline.Category(c))
	}
	actors := map[string]timeline.Actor{}
	for _, a := range f.Actors {
		actor := timeline.Actor{Slug: a.Slug, Name: a.Name, Kind: or(a.Kind, "other"), Note: a.Note}
		doc.Actors = append(doc.Actors, actor)
		actors[a.Slug] = actor
	}
	categories := map[string]timeline.Category{}
	for _, c := range doc.Categories {
		categories[c.Slug] = c
	}
	// One source per URL across the file: the first full description of a
	// URL wins, so the same article cited twice is one source, not two.
	sources := map[string]timeline.Source{}
	for j, fs := range f.Sources {
		src, err := fs.source()
		p.AddErr(fmt.Sprintf("sources[%d].published", j), err)
		canonical(sources, src)
	}
	for i, fe := range f.Events {
		ep := timeline.NewProblems(fmt.Sprintf("event %q (events[%d])", fe.Slug, i))
		e := timeline.Event{
			Slug:       fe.Slug,
			Title:      fe.Title,
			Summary:    fe.Summary,
			Status:     timeline.Status(or(fe.Status, string(timeline.StatusDraft))),
			Visibility: timeline.Visibility(or(fe.Visibility, string(timeline.VisibilityPublic))),
			Category:   categories[fe.Category],
		}
		e.Category.Slug = fe.Category
		var err error
		e.When.Start, err = fe.Start.parse()
		ep.AddErr("start", err)
		e.When.StartTime, err = fe.Start.timeOfDay()
		ep.AddErr("start_time", err)
		if fe.End != nil {
			e.When.End, err = fe.End.parse()
			ep.AddErr("end", err)
			e.When.EndTime, err = fe.End.timeOfDay()
			ep.AddErr("end_time", err)
		}
		if fe.Place != nil {
			e.Place = timeline.Place{Name: fe.Place.Name, Country: fe.Place.Country, Lat: fe.Place.Lat, Lon: fe.Place.Lon}
		}
		for _, a := range fe.Actors {
			actor, ok := actors[a.Actor]
			if !ok {
				actor = timeline.Actor{Slug: a.Actor}
			}
			e.Actors = append(e.Actors, timeline.EventActor{Actor: actor, Role: a.Role})
		}
		for j, fs := range fe.Sources {
			src, err := fs.source()
			ep.AddErr(fmt.Sprintf("sources[%d].published", j), err)
			src = canonical(sources, src)
			e.Citations = append(e.Citations, timeline.Citation{Source: src, Locator: fs.Locator, Note: fs.Note})
		}
		for j, ff := range fe.Figures {
			fig, err := ff.figure()
			if err != nil {
				ep.Merge(prefixProblems(err, fmt.Sprintf("figures[%d].", j)))
				continue
			}
			publisher := fig.Source.Publisher
			fig.Source = canonical(sources, fig.Source)
			if ff.Attribution == "" && publisher != fig.Source.Publisher {
				fig.Attribution = publisher
			}
			e.Figures = append(e.Figures, fig)
		}
		for j, fm := range fe.Media {
			m := timeline.Media{Kind: timeline.MediaKind(fm.Kind), URL: fm.URL, Caption: fm.Caption, Credit: fm.Credit,
				Alt: fm.Alt, Sensitive: fm.Sensitive}
			m.Validate(ep, fmt.Sprintf("media[%d].", j))
			e.Media = append(e.Media, m)
		}
		p.Merge(ep.Err())
		doc.Events = append(doc.Events, e)
	}
	for i, fe := range f.Eras {
		ep := timeline.NewProblems(fmt.Sprintf("era %q (eras[%d])", fe.Title, i))
		e := timeline.Era{Title: fe.Title, Summary: fe.Summary}
		var err error
		e.Start, err = fe.Start.parse()
		ep.AddErr("start", err)
		e.End, err = fe.End.parse()
		ep.AddErr("end", err)
		if fe.Start.Time != "" || fe.End.Time != "" {
			ep.Add("start", "an era has dates without times of day")
		}
		p.Merge(ep.Err())
		doc.Eras = append(doc.Eras, e)
	}
	p.Merge(doc.Validate())
	if err := p.Err(); err != nil {
		return timeline.Document{}, err
	}
	return doc, nil
}

// canonical returns the file's first source with src's URL, registering src
// if it is the first. Sources without a URL are matched on title, publisher
// and date, since that is all that identifies them.
func canonical(seen map[string]timeline.Source, src timeline.Source) timeline.Source {
	key := "url:" + src.URL
	if src.URL == "" {
		key = "ref:" + src.Title + "\x00" + src.Publisher + "\x00" + src.Published.String()
	}
	if s, ok := seen[key]; ok {
		return s
	}
	seen[key] = src
	return src
}

func prefixProblems(err error, prefix string) error {
	var v *timeline.ValidationError
	if errors.As(err, &v) {
		for i := range v.Problems {
			v.Problems[i].Field = prefix + v.Problems[i].Field
		}
		return v
	}
	return err
}

func (d fDate) parse() (timeline.FuzzyDate, error) {
	return timeline.ParseDateWithPrecision(d.Date, timeline.Precision(d.Precision))
}

// timeOfDay is the date's time, or no time when none is written. The file
// writes "HH:MM"; the looser forms ParseTimeOfDay accepts are tolerated.
func (d fDate) timeOfDay() (timeline.TimeOfDay, error) {
	if d.Time == "" {
		return timeline.TimeOfDay{}, nil
	}
	return timeline.ParseTimeOfDay(d.Time)
}

func (s fSource) source() (timeline.Source, error) {
	src := timeline.Source{
		URL:          strings.TrimSpace(s.URL),
		Title:        s.Title,
		Publisher:    s.Publisher,
		ArchiveURL:   strings.TrimSpace(s.ArchiveURL),
		SHA256:       s.SHA256,
		Kind:         or(s.Kind, "other"),
		Language:     s.Language,
		Confidential: s.Confidential,
	}
	if s.Published != "" {
		d, err := timeline.ParseDate(s.Published)
		if err != nil {
			return src, err
		}
		src.Published = d
	}
	return src, nil
}

func (ff fFigure) figure() (timeline.Figure, error) {
	p := timeline.NewProblems("")
	fig := timeline.Figure{
		Metric:      ff.Metric,
		Qualifier:   timeline.Qualifier(or(ff.Qualifier, string(timeline.QualifierExact))),
		Scope:       timeline.Scope(or(ff.Scope, string(timeline.ScopeCumulative))),
		Note:        ff.Note,
		Attribution: ff.Attribution,
		Source: timeline.Source{
			URL:       strings.TrimSpace(ff.Source),
			Title:     ff.SourceTitle,
			Publisher: ff.SourcePublisher,
			Kind:      "other",
		},
	}
	if ff.SourcePublished != "" {
		d, err := timeline.ParseDate(ff.SourcePublished)
		p.AddErr("source_published", err)
		fig.Source.Published = d
	}
	if ff.Value == nil {
		p.Add("value", "is required")
	} else {
		fig.Value = *ff.Value
	}
	d, err := timeline.ParseDate(ff.AsOf)
	p.AddErr("as_of", err)
	fig.AsOf = d
	if ff.Source == "" && ff.SourceTitle == "" {
		p.Add("source", "is required: every figure needs its source (a URL, or a title for a source without one)")
	}
	if fig.Source.Title == "" {
		fig.Source.Title = fig.Source.URL
	}
	return fig, p.Err()
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
