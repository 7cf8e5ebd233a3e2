package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/timeline"
	"annals/views"
)

// The editor's source picker. Without JavaScript, "Find" returns the
// editor with the sources found as buttons; with it, htmx (static/vendor/
// htmx) asks /staff/sources/suggest for the same buttons as the search is
// typed. Each button submits the editor's form with attach_source=ID, which
// adds a row citing that source to the form (writeEvent), saving nothing.

// sourceSuggestions is how many sources the picker offers at once.
const sourceSuggestions = 10

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

// findSuggestions are the sources the picker offers for text: none when
// there is no text.
func (s *Server) findSuggestions(ctx context.Context, text string) (views.SourceSuggestList, error) {
	out := views.SourceSuggestList{Query: strings.TrimSpace(text)}
	if out.Query == "" {
		return out, nil
	}
	found, err := s.store.FindSources(ctx, out.Query, "", sourceSuggestions)
	if err != nil {
		return out, err
	}
	for _, src := range found.Sources {
		out.Items = append(out.Items, views.Choice{Value: strconv.FormatInt(src.Source.ID, 10), Label: sourceLabel(ctx, src)})
	}
	out.More = found.Next != ""
	return out, nil
}

// sourceSuggest answers the picker's type-ahead: an HTML fragment of at
// most sourceSuggestions buttons. A GET that reads only (the CSRF check is
// for what changes things), behind the staff sign-in like every /staff
// route, never cached (noStore).
func (s *Server) sourceSuggest(c echo.Context) error {
	list, err := s.findSuggestions(c.Request().Context(), c.QueryParam("source_q"))
	if err != nil {
		return err
	}
	return render(c, statusOK, views.SourceSuggestions(list))
}

// attachSource adds a row citing library source id to the form f, unless
// a row cites it already. An id that is no source of the library is a
// problem of "sources".
func (s *Server) attachSource(ctx context.Context, f *views.EventForm, id string) error {
	n, err := strconv.ParseInt(id, 10, 64)
	var found []timeline.LibrarySource
	if err == nil && n > 0 {
		if found, err = s.store.SourcesByID(ctx, []int64{n}); err != nil {
			return err
		}
	}
	if len(found) == 0 {
		p := timeline.NewProblems("")
		p.Add("sources", "%s", views.T(ctx, "staff.picker.notfound", id))
		return p.Err()
	}
	for _, row := range f.Citations {
		if row.SourceID == id {
			return nil
		}
	}
	f.Citations = append(f.Citations, views.CitationRow{SourceID: id})
	f.SourceQuery = ""
	return nil
}
