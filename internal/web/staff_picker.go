package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/timeline"
	"annals/views"
)

// The editor's pickers (sources, actors) are one shape. Each has a search
// field, <kind>_q. Without JavaScript, "Find" returns the editor with what
// it found as buttons; with it, htmx (static/vendor/htmx, static/js/
// picker.js) asks GET /staff/<kind>s/suggest for the same buttons as the
// search is typed. Each button submits the editor's form with
// attach_<kind>=value, which adds a row naming that item to the form
// (writeEvent), saving nothing. The same search also narrows the <select>
// lists of the kind's rows (pickerChoices).

// picker is what differs between the editor's pickers.
type picker struct {
	kind string // "source" or "actor": its field, button, route and messages
	// find is what the search text finds, labelled, in list order: at
	// most limit items, and whether more match.
	find func(s *Server, ctx context.Context, text string, limit int) ([]views.Choice, bool, error)
	// named are the items of these values, labelled; unknown values are
	// left out.
	named func(s *Server, ctx context.Context, values []string) ([]views.Choice, error)
	// chosen are the values the form names already.
	chosen func(f views.EventForm) []string
	// add puts value in a new row of the form.
	add func(f *views.EventForm, value string)
	// query is the form's search for this picker.
	query func(f *views.EventForm) *string
}

// pickerSuggestions is how many items a picker offers at once.
const pickerSuggestions = 10

// editorListChoices is how many items the editor's <select> lists offer
// beyond the ones the form names: a whole library of 50,000 would make
// every list of every row a page of megabytes.
const editorListChoices = 50

// pickers are the editor's pickers, each a route and a button.
var pickers = []picker{sourcePicker, actorPicker}

var sourcePicker = picker{
	kind: "source",
	find: func(s *Server, ctx context.Context, text string, limit int) ([]views.Choice, bool, error) {
		found, err := s.store.FindSources(ctx, text, "", limit)
		if err != nil {
			return nil, false, err
		}
		return sourceChoiceList(ctx, found.Sources), found.Next != "", nil
	},
	named: func(s *Server, ctx context.Context, values []string) ([]views.Choice, error) {
		var ids []int64
		for _, v := range values {
			if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return nil, nil
		}
		found, err := s.store.SourcesByID(ctx, ids)
		return sourceChoiceList(ctx, found), err
	},
	chosen: func(f views.EventForm) []string {
		var ids []string
		for _, c := range f.Citations {
			ids = append(ids, c.SourceID)
		}
		for _, fg := range f.Figures {
			ids = append(ids, fg.Source) // "row:N" is no source id: left out
		}
		return ids
	},
	add: func(f *views.EventForm, id string) {
		for _, row := range f.Citations {
			if row.SourceID == id {
				return
			}
		}
		f.Citations = append(f.Citations, views.CitationRow{SourceID: id})
	},
	query: func(f *views.EventForm) *string { return &f.SourceQuery },
}

var actorPicker = picker{
	kind: "actor",
	// Which actors staff are offered (not rejected proposals) is
	// FindCatalog's rule, the same for every staff list.
	find: func(s *Server, ctx context.Context, text string, limit int) ([]views.Choice, bool, error) {
		found, err := s.store.FindCatalog(ctx, "actor", timeline.CatalogQuery{Text: text, Limit: limit})
		if err != nil {
			return nil, false, err
		}
		return actorChoiceList(ctx, found.Items), found.Next != "", nil
	},
	named: func(s *Server, ctx context.Context, slugs []string) ([]views.Choice, error) {
		if len(slugs) == 0 {
			return nil, nil
		}
		found, err := s.store.FindCatalog(ctx, "actor", timeline.CatalogQuery{Slugs: slugs, Limit: 500})
		return actorChoiceList(ctx, found.Items), err
	},
	chosen: func(f views.EventForm) []string {
		var slugs []string
		for _, a := range f.Actors {
			slugs = append(slugs, a.Slug)
		}
		return slugs
	},
	add:   addActor,
	query: func(f *views.EventForm) *string { return &f.ActorQuery },
}

// addActor names actor slug in a new row of the form, unless a row names
// it already: the picker's button, and a proposal made in the editor.
func addActor(f *views.EventForm, slug string) {
	for _, row := range f.Actors {
		if row.Slug == slug {
			return
		}
	}
	f.Actors = append(f.Actors, views.ActorRow{Slug: slug})
}

// sourceLabel names a library source in the editor's lists and picker.
func sourceLabel(ctx context.Context, src timeline.LibrarySource) string {
	label := src.Source.Title
	if src.Source.Publisher != "" {
		label = src.Source.Publisher + ": " + label
	}
	if d := views.Date(ctx, src.Source.Published); d != "" {
		label += " (" + d + ")"
	}
	if src.Source.Confidential {
		label += " " + views.T(ctx, "staff.source.confidential")
	}
	return label
}

func sourceChoiceList(ctx context.Context, sources []timeline.LibrarySource) []views.Choice {
	out := make([]views.Choice, 0, len(sources))
	for _, src := range sources {
		out = append(out, views.Choice{Value: strconv.FormatInt(src.Source.ID, 10), Label: sourceLabel(ctx, src)})
	}
	return out
}

// actorChoiceList labels actors as the editor shows them: a proposed or
// rejected one says so.
func actorChoiceList(ctx context.Context, items []timeline.CatalogItem) []views.Choice {
	out := make([]views.Choice, 0, len(items))
	for _, it := range items {
		label := it.Name
		if it.State != timeline.ItemAccepted {
			label += " (" + views.T(ctx, "staff.prop.state."+it.State) + ")"
		}
		out = append(out, views.Choice{Value: it.Slug, Label: label})
	}
	return out
}

// pickerChoices are what the <select> lists of p's rows offer: the items
// the form names, then the first editorListChoices its search finds; more
// says others match.
func (s *Server) pickerChoices(ctx context.Context, p picker, f views.EventForm) (choices []views.Choice, more bool, err error) {
	var values []string
	for _, v := range p.chosen(f) {
		if v != "" {
			values = append(values, v)
		}
	}
	named, err := p.named(s, ctx, values)
	if err != nil {
		return nil, false, err
	}
	found, more, err := p.find(s, ctx, *p.query(&f), editorListChoices)
	if err != nil {
		return nil, false, err
	}
	seen := map[string]bool{}
	for _, c := range append(named, found...) {
		if !seen[c.Value] {
			seen[c.Value] = true
			choices = append(choices, c)
		}
	}
	return choices, more, nil
}

// suggestions are what picker p offers for text: nothing when there is no
// text.
func (s *Server) suggestions(ctx context.Context, p picker, text string) (views.PickerList, error) {
	out := views.PickerList{Kind: p.kind, Query: strings.TrimSpace(text)}
	if out.Query == "" {
		return out, nil
	}
	var err error
	out.Items, out.More, err = p.find(s, ctx, out.Query, pickerSuggestions)
	return out, err
}

// suggest answers picker p's type-ahead: an HTML fragment of at most
// pickerSuggestions buttons. A GET that reads only (the CSRF check is for
// what changes things), behind the staff sign-in like every /staff route,
// never cached (noStore).
func (s *Server) suggest(p picker) echo.HandlerFunc {
	return func(c echo.Context) error {
		list, err := s.suggestions(c.Request().Context(), p, c.QueryParam(p.kind+"_q"))
		if err != nil {
			return err
		}
		return render(c, statusOK, views.PickerSuggestions(list))
	}
}

// attach adds a row naming value to the form f (unless one does) and
// clears p's search. A value that names nothing is a problem of the
// kind's rows ("sources", "actors").
func (s *Server) attach(ctx context.Context, p picker, f *views.EventForm, value string) error {
	found, err := p.named(s, ctx, []string{value})
	if err != nil {
		return err
	}
	if len(found) == 0 || value == "" {
		pr := timeline.NewProblems("")
		pr.Add(p.kind+"s", "%s", views.T(ctx, views.PickerMessage(p.kind, "notfound"), value))
		return pr.Err()
	}
	p.add(f, value)
	*p.query(f) = ""
	return nil
}

// pickerPressed is the picker whose button the editor's form was sent
// with, and its value.
func pickerPressed(c echo.Context) (picker, string, bool) {
	for _, p := range pickers {
		if v := c.FormValue("attach_" + p.kind); v != "" {
			return p, v, true
		}
	}
	return picker{}, "", false
}
