package web

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// The editor's form: what was typed (views.EventForm, shown again as is when
// something is wrong) and the event it describes. Rows of actors, sources
// and figures are numbered; blank rows are dropped, so the row numbers of the
// form and the field names of validation problems ("sources[1].url") agree.

const (
	maxRows      = 50
	blankActors  = 2
	blankSources = 2
	blankFigures = 1
	blankMedia   = 1
)

func rowCount(c echo.Context, name string) int {
	n, _ := strconv.Atoi(c.FormValue(name))
	return min(max(n, 0), maxRows)
}

func formBool(c echo.Context, name string) bool {
	v := c.FormValue(name)
	return v == "on" || v == "true" || v == "1"
}

// readEventForm reads the editor's form; problems are reported with the
// same field names as the domain's validation.
func readEventForm(c echo.Context) (views.EventForm, timeline.Event, *timeline.Problems) {
	f := views.EventForm{
		Slug:         strings.TrimSpace(c.FormValue("slug")),
		Title:        c.FormValue("title"),
		Summary:      strings.ReplaceAll(c.FormValue("summary"), "\r\n", "\n"),
		Start:        strings.TrimSpace(c.FormValue("start")),
		End:          strings.TrimSpace(c.FormValue("end")),
		StartTime:    strings.TrimSpace(c.FormValue("start_time")),
		EndTime:      strings.TrimSpace(c.FormValue("end_time")),
		Category:     c.FormValue("category"),
		PlaceName:    strings.TrimSpace(c.FormValue("place_name")),
		PlaceCountry: strings.ToUpper(strings.TrimSpace(c.FormValue("place_country"))),
		Lat:          strings.TrimSpace(c.FormValue("lat")),
		Lon:          strings.TrimSpace(c.FormValue("lon")),
		Internal:     formBool(c, "internal"),
		Reason:       c.FormValue("reason"),
		SourceQuery:  strings.TrimSpace(c.FormValue("source_q")),
		ActorQuery:   strings.TrimSpace(c.FormValue("actor_q")),
		Propose: views.ProposeForm{Category: c.FormValue("propose_category_name"), Actor: c.FormValue("propose_actor_name"),
			ActorKind: c.FormValue("propose_actor_kind"), PlaceName: c.FormValue("propose_place_name"),
			PlaceCountry: strings.ToUpper(strings.TrimSpace(c.FormValue("propose_place_country"))),
			PlaceLat:     strings.TrimSpace(c.FormValue("propose_place_lat")), PlaceLon: strings.TrimSpace(c.FormValue("propose_place_lon"))},
	}
	if params, err := c.FormParams(); err == nil {
		f.Timelines = params["timelines"]
	}
	p := timeline.NewProblems("")
	e := timeline.Event{Slug: f.Slug, Title: f.Title, Summary: f.Summary, Category: timeline.Category{Slug: f.Category},
		Visibility: timeline.VisibilityPublic}
	if f.Internal {
		e.Visibility = timeline.VisibilityInternal
	}
	if f.Start == "" {
		p.AddMsg("start", "problem.start.write", "is required (write 2021, 2021-05 or 2021-05-14)")
	} else if d, err := timeline.ParseDate(f.Start); err != nil {
		p.AddErr("start", err)
	} else {
		e.When.Start = d
	}
	if f.End != "" {
		if d, err := timeline.ParseDate(f.End); err != nil {
			p.AddErr("end", err)
		} else {
			e.When.End = d
		}
	}
	for _, t := range []struct {
		field, value string
		to           *timeline.TimeOfDay
	}{{"start_time", f.StartTime, &e.When.StartTime}, {"end_time", f.EndTime, &e.When.EndTime}} {
		if t.value == "" {
			continue
		}
		if v, err := timeline.ParseTimeOfDay(t.value); err != nil {
			p.AddErr(t.field, err)
		} else {
			*t.to = v
		}
	}
	if f.Category == "" {
		p.AddMsg("category", "problem.category.choose", "choose a category")
	}
	e.Place = timeline.Place{Name: f.PlaceName, Country: f.PlaceCountry}
	if f.Lat != "" || f.Lon != "" {
		lat, err1 := strconv.ParseFloat(f.Lat, 64)
		lon, err2 := strconv.ParseFloat(f.Lon, 64)
		if err1 != nil || err2 != nil {
			p.AddMsg("place", "problem.latlon.numbers", "latitude and longitude must both be numbers, like 16.8 and 96.15")
		} else {
			e.Place.Lat, e.Place.Lon = &lat, &lon
		}
		if f.PlaceName == "" {
			p.AddMsg("place.name", "problem.place.forcoords", "name the place the coordinates belong to")
		}
	}

	for i := range rowCount(c, "actor_rows") {
		row := views.ActorRow{Slug: c.FormValue(fmt.Sprintf("actor_%d", i)), Role: c.FormValue(fmt.Sprintf("actor_role_%d", i))}
		if row.Slug == "" {
			continue
		}
		f.Actors = append(f.Actors, row)
		e.Actors = append(e.Actors, timeline.EventActor{Actor: timeline.Actor{Slug: row.Slug}, Role: row.Role})
	}

	// Form row number -> index among the citations kept, for figures whose
	// source is "the source in row N".
	citeIndex := map[int]int{}
	for i := range rowCount(c, "cite_rows") {
		v := func(name string) string { return c.FormValue(fmt.Sprintf("cite_%s_%d", name, i)) }
		row := views.CitationRow{
			SourceID: v("source"), URL: strings.TrimSpace(v("url")), Title: v("title"), Publisher: v("publisher"),
			Published: strings.TrimSpace(v("published")), Kind: v("kind"), ArchiveURL: strings.TrimSpace(v("archive")),
			Language: strings.TrimSpace(v("language")), Confidential: formBool(c, fmt.Sprintf("cite_confidential_%d", i)),
			Locator: v("locator"), Note: v("note"),
		}
		if row.SourceID == "" && row.URL == "" && strings.TrimSpace(row.Title) == "" && row.Publisher == "" &&
			row.ArchiveURL == "" && row.Locator == "" && row.Note == "" {
			continue
		}
		n := len(e.Citations)
		citeIndex[i] = n
		f.Citations = append(f.Citations, row)
		src, ok := sourceFromRow(row, fmt.Sprintf("sources[%d].", n), p)
		if !ok {
			src = timeline.Source{Title: "?", Kind: "other"}
		}
		e.Citations = append(e.Citations, timeline.Citation{Source: src, Locator: row.Locator, Note: row.Note})
	}

	for i := range rowCount(c, "fig_rows") {
		v := func(name string) string { return strings.TrimSpace(c.FormValue(fmt.Sprintf("fig_%s_%d", name, i))) }
		row := views.FigureRow{Metric: strings.ToLower(v("metric")), Value: v("value"), Qualifier: v("qualifier"),
			Scope: v("scope"), AsOf: v("asof"), Source: v("source"), Attribution: v("attribution"), Note: v("note")}
		if row.Metric == "" && row.Value == "" && row.AsOf == "" && row.Attribution == "" && row.Note == "" {
			continue
		}
		n := len(e.Figures)
		prefix := fmt.Sprintf("figures[%d].", n)
		fig := timeline.Figure{Metric: row.Metric, Qualifier: timeline.Qualifier(row.Qualifier), Scope: timeline.Scope(row.Scope),
			Attribution: row.Attribution, Note: row.Note}
		if val, err := strconv.ParseInt(strings.ReplaceAll(row.Value, ",", ""), 10, 64); err != nil {
			p.AddMsg(prefix+"value", "problem.number.whole", "%q is not a whole number", row.Value)
		} else {
			fig.Value = val
		}
		if row.AsOf == "" {
			p.AddMsg(prefix+"as_of", "problem.asof.required", "is required (the date the count is as of)")
		} else if d, err := timeline.ParseDate(row.AsOf); err != nil {
			p.AddErr(prefix+"as_of", err)
		} else {
			fig.AsOf = d
		}
		switch {
		case strings.HasPrefix(row.Source, "row:"):
			r, _ := strconv.Atoi(strings.TrimPrefix(row.Source, "row:"))
			if idx, ok := citeIndex[r]; ok {
				fig.Source = e.Citations[idx].Source
				row.Source = fmt.Sprintf("row:%d", idx)
			} else {
				p.AddMsg(prefix+"source", "problem.figure.rowempty", "the source row it points to is empty")
				fig.Source = timeline.Source{Title: "?", Kind: "other"}
			}
		case row.Source != "":
			id, err := strconv.ParseInt(row.Source, 10, 64)
			if err != nil || id <= 0 {
				p.AddMsg(prefix+"source", "problem.source.choose", "choose a source")
			}
			fig.Source = timeline.Source{ID: id, Title: "?", Kind: "other"}
		default:
			p.AddMsg(prefix+"source", "problem.figure.source", "choose the source of the count")
			fig.Source = timeline.Source{Title: "?", Kind: "other"}
		}
		f.Figures = append(f.Figures, row)
		e.Figures = append(e.Figures, fig)
	}
	for i := range rowCount(c, "media_rows") {
		v := func(name string) string { return strings.TrimSpace(c.FormValue(fmt.Sprintf("media_%s_%d", name, i))) }
		row := views.MediaRow{Kind: v("kind"), URL: v("url"), Upload: v("upload"), Caption: v("caption"),
			Credit: v("credit"), Alt: v("alt"), Sensitive: formBool(c, fmt.Sprintf("media_sensitive_%d", i))}
		if row.URL == "" && row.Upload == "" && row.Caption == "" && row.Credit == "" && row.Alt == "" {
			continue
		}
		if row.Kind == "" {
			row.Kind = string(timeline.MediaImage)
		}
		f.Media = append(f.Media, row)
		e.Media = append(e.Media, timeline.Media{Kind: timeline.MediaKind(row.Kind), URL: row.URL, Upload: row.Upload,
			Caption: row.Caption, Credit: row.Credit, Alt: row.Alt, Sensitive: row.Sensitive})
	}
	return f, e, p
}

// sourceFromRow reads a citation row: a library source, or a new one.
func sourceFromRow(row views.CitationRow, prefix string, p *timeline.Problems) (timeline.Source, bool) {
	if row.SourceID != "" && row.SourceID != "new" {
		id, err := strconv.ParseInt(row.SourceID, 10, 64)
		if err != nil || id <= 0 {
			p.AddMsg(prefix+"source", "problem.source.library", "choose a source from the library")
			return timeline.Source{}, false
		}
		return timeline.Source{ID: id, Title: "?", Kind: "other"}, true
	}
	src := timeline.Source{URL: row.URL, Title: strings.TrimSpace(row.Title), Publisher: strings.TrimSpace(row.Publisher),
		ArchiveURL: row.ArchiveURL, Kind: row.Kind, Language: row.Language, Confidential: row.Confidential}
	if src.Kind == "" {
		src.Kind = "other"
	}
	if row.Published != "" {
		d, err := timeline.ParseDate(row.Published)
		if err != nil {
			p.AddErr(prefix+"published", err)
		}
		src.Published = d
	}
	// Validated here too, so a bad new source is reported with its row
	// before anything is written.
	src.Validate(p, prefix)
	return src, true
}

// formOfEvent fills the editor's form from an event.
func formOfEvent(e timeline.Event, timelines []string) views.EventForm {
	f := views.EventForm{
		Slug: e.Slug, Title: e.Title, Summary: e.Summary, Start: e.When.Start.String(), End: e.When.End.String(),
		StartTime: e.When.StartTime.String(), EndTime: e.When.EndTime.String(),
		Category: e.Category.Slug, PlaceName: e.Place.Name, PlaceCountry: e.Place.Country,
		Internal: e.Visibility == timeline.VisibilityInternal, Timelines: timelines,
	}
	if e.Place.Lat != nil && e.Place.Lon != nil {
		f.Lat = strconv.FormatFloat(*e.Place.Lat, 'f', -1, 64)
		f.Lon = strconv.FormatFloat(*e.Place.Lon, 'f', -1, 64)
	}
	for _, a := range e.Actors {
		f.Actors = append(f.Actors, views.ActorRow{Slug: a.Actor.Slug, Role: a.Role})
	}
	for _, c := range e.Citations {
		f.Citations = append(f.Citations, views.CitationRow{SourceID: strconv.FormatInt(c.Source.ID, 10),
			Locator: c.Locator, Note: c.Note})
	}
	for _, m := range e.Media {
		row := views.MediaRow{Kind: string(m.Kind), URL: m.URL, Upload: m.Upload, Caption: m.Caption, Credit: m.Credit,
			Alt: m.Alt, Sensitive: m.Sensitive}
		if len(m.Variants) > 0 {
			row.Preview = staffMediaPrefix + m.Variants[0].Name
		}
		f.Media = append(f.Media, row)
	}
	for _, fig := range e.Figures {
		src := strconv.FormatInt(fig.Source.ID, 10)
		f.Figures = append(f.Figures, views.FigureRow{Metric: fig.Metric, Value: strconv.FormatInt(fig.Value, 10),
			Qualifier: string(fig.Qualifier), Scope: string(fig.Scope), AsOf: fig.AsOf.String(), Source: src,
			Attribution: fig.Attribution, Note: fig.Note})
	}
	return f
}

// withBlankRows adds empty rows to fill in.
func withBlankRows(f views.EventForm, extra int) views.EventForm {
	for range blankActors + extra {
		f.Actors = append(f.Actors, views.ActorRow{})
	}
	for range blankSources + extra {
		f.Citations = append(f.Citations, views.CitationRow{Kind: "news"})
	}
	for range blankFigures + extra {
		f.Figures = append(f.Figures, views.FigureRow{Qualifier: "exact", Scope: "event"})
	}
	for range blankMedia + extra {
		f.Media = append(f.Media, views.MediaRow{Kind: string(timeline.MediaImage)})
	}
	f.Media = f.Media[:min(len(f.Media), maxRows)]
	f.Actors = f.Actors[:min(len(f.Actors), maxRows)]
	f.Citations = f.Citations[:min(len(f.Citations), maxRows)]
	f.Figures = f.Figures[:min(len(f.Figures), maxRows)]
	return f
}

// problemMap turns validation problems into messages by field, and a list
// for the summary at the top of the form, in the page's language: a problem
// with a catalogue key is said through the catalogue, a field by the form's
// own label. Any other error is the summary's one line, as errorSaid says
// it.
func problemMap(c echo.Context, err error) (map[string]string, []string) {
	m := map[string]string{}
	var list []string
	ctx := c.Request().Context()
	var v *timeline.ValidationError
	if !errors.As(err, &v) {
		return m, []string{errorSaid(ctx, err)}
	}
	for _, p := range v.Problems {
		field := p.Field
		if field == "" {
			field = "_"
		}
		if m[field] != "" {
			m[field] += "; "
		}
		msg := problemText(ctx, p)
		m[field] += msg
		list = append(list, fieldLabel(ctx, p.Field)+": "+msg)
	}
	return m, list
}

// problemText is a problem's sentence in ctx's language; a problem without
// a key is its English message.
func problemText(ctx context.Context, p timeline.Problem) string {
	if p.Key == "" {
		return p.Message
	}
	return i18n.Messages().Problem(views.Lang(ctx), p.Key, p.Args)
}

// errorSaid is err for people in ctx's language: validation problems and
// a keyed error through the catalogue, anything else as ErrorMessage says
// it (never an internal cause).
func errorSaid(ctx context.Context, err error) string {
	var v *timeline.ValidationError
	var e *timeline.Error
	switch {
	case errors.As(err, &v):
		parts := make([]string, len(v.Problems))
		for i, p := range v.Problems {
			parts[i] = problemText(ctx, p)
			if p.Field != "" {
				parts[i] = fieldLabel(ctx, p.Field) + ": " + parts[i]
			}
		}
		return strings.Join(parts, "; ")
	case errors.As(err, &e) && e.Said != nil:
		return i18n.Messages().Problem(views.Lang(ctx), e.Said.Key, e.Said.Args)
	}
	return timeline.ErrorMessage(err)
}

// fieldLabels are the catalogue keys of the forms' labels for the fields
// problems name (the last part of "sources[1].url").
var fieldLabels = map[string]string{
	"slug": "staff.editor.slug", "title": "staff.col.title", "summary": "staff.editor.summary",
	"start": "staff.editor.start", "end": "staff.editor.end", "start_time": "field.start_time", "end_time": "field.end_time",
	"category": "staff.col.category", "place": "staff.editor.place", "name": "field.name", "country": "staff.editor.country",
	"lat": "staff.editor.lat", "lon": "staff.editor.lon", "actors": "staff.editor.actors", "sources": "staff.editor.sources",
	"figures": "staff.editor.figures", "media": "staff.editor.media", "url": "staff.editor.url",
	"archive_url": "staff.editor.archive", "publisher": "staff.editor.publisher", "published": "staff.editor.published",
	"kind": "staff.editor.kind", "language": "staff.editor.language", "locator": "staff.editor.locator",
	"note": "staff.editor.note", "metric": "staff.editor.metric", "qualifier": "staff.editor.qualifier",
	"value": "staff.editor.value", "scope": "staff.editor.scope", "as_of": "staff.editor.asof",
	"source": "field.source", "attribution": "staff.editor.attribution", "alt": "staff.editor.alt",
	"caption": "staff.editor.caption", "credit": "staff.editor.credit", "upload": "staff.editor.uploaded",
	"role": "field.role", "sensitive": "field.sensitive", "reason": "field.reason",
	"propose_category_name": "field.propose_category_name", "propose_actor_name": "field.propose_actor_name",
	"propose_place_name": "field.propose_place_name", "name_my": "field.name_my",
}

// rowLabels name a numbered row: "sources[1]" is "Source row 2".
var rowLabels = map[string]string{"sources": "staff.editor.sourcerow", "figures": "field.figure",
	"actors": "staff.editor.actor", "media": "field.media"}

// fieldLabel names a field for people in ctx's language: "sources[1].url"
// is "Source row 2, URL"; a field no form labels keeps its name.
func fieldLabel(ctx context.Context, field string) string {
	if field == "" {
		return views.T(ctx, "field.event")
	}
	var parts []string
	for _, part := range strings.Split(field, ".") {
		if i := strings.IndexByte(part, '['); i > 0 && strings.HasSuffix(part, "]") {
			n, _ := strconv.Atoi(part[i+1 : len(part)-1])
			if key, ok := rowLabels[part[:i]]; ok {
				parts = append(parts, views.T(ctx, key, n+1))
			} else {
				parts = append(parts, part[:i]+" "+i18n.Digits(views.Lang(ctx), strconv.Itoa(n+1)))
			}
			continue
		}
		if key, ok := fieldLabels[part]; ok {
			parts = append(parts, views.T(ctx, key))
			continue
		}
		parts = append(parts, strings.ReplaceAll(part, "_", " "))
	}
	return strings.Join(parts, views.T(ctx, "field.sep"))
}
