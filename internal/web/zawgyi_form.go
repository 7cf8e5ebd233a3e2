package web

import (
	"cmp"
	"fmt"
	"math"
	"net/url"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/zawgyi"
	"annals/views"
)

// Staff forms and Zawgyi. Burmese pasted from social media is often in the
// Zawgyi encoding, which reads as garbage once stored as Unicode. Before a
// staff form is saved, every text field is checked (internal/zawgyi, the
// threshold the importer uses too). When one looks Zawgyi and the form does
// not say what to do, nothing is saved: the form comes back with a notice
// per field, the Unicode conversion beside what was typed, and two buttons:
// zawgyi=convert (convert those fields, then save) and zawgyi=keep (save as
// typed). A handler uses it in two steps:
//
//	zawgyiApply(c)          // first, before reading the form: converts on zawgyi=convert
//	...read the form...
//	if n := zawgyiCheck(c, "form-id", fields); n != nil { re-show the form with n }

// zawgyiField is one text field of a form: its element id, its label for
// people, what it holds, and the key of its field errors in the page.
type zawgyiField struct {
	ID, Label, Value, ErrKey string
}

// zawgyiMessage is put beside each field that looks Zawgyi.
const zawgyiMessage = "This looks like Zawgyi-encoded Burmese: see the choice at the top of the form."

// zawgyiApply converts, when the form carries zawgyi=convert, every
// submitted value that looks Zawgyi to Unicode, in place, so the handler
// reads the converted text. Call it before the form is read.
func zawgyiApply(c echo.Context) {
	if c.FormValue("zawgyi") != "convert" { // FormValue parses the form
		return
	}
	r := c.Request()
	for _, vals := range []url.Values{r.Form, r.PostForm} {
		for name, list := range vals {
			if name == "_csrf" {
				continue
			}
			for i, v := range list {
				if zawgyi.IsZawgyi(v) {
					list[i] = zawgyi.ToUnicode(v)
				}
			}
		}
	}
}

// zawgyiCheck returns a notice for the fields that look Zawgyi, or nil when
// none does or the form already carries a decision (convert or keep).
func zawgyiCheck(c echo.Context, formID string, fields []zawgyiField) *views.ZawgyiNotice {
	switch c.FormValue("zawgyi") {
	case "convert", "keep":
		return nil
	}
	var n views.ZawgyiNotice
	for _, f := range fields {
		p := zawgyi.Probability(f.Value)
		if f.Value == "" || p <= zawgyi.Threshold {
			continue
		}
		label := f.Label
		if langOf(c) != i18n.Default {
			// The field by the form's label in the page's language.
			label = fieldLabel(c.Request().Context(), cmp.Or(f.ErrKey, f.ID))
		}
		n.Fields = append(n.Fields, views.ZawgyiField{ID: f.ID, Label: label, Typed: f.Value,
			Unicode: zawgyi.ToUnicode(f.Value), Percent: int(math.Floor(100 * p))})
	}
	if len(n.Fields) == 0 {
		return nil
	}
	n.FormID, n.Message = formID, tr(c, "staff.zawgyi.message")
	return &n
}

// markZawgyi puts the message beside each field of n in errs.
func markZawgyi(errs map[string]string, fields []zawgyiField, n *views.ZawgyiNotice) map[string]string {
	if n == nil {
		return errs
	}
	if errs == nil {
		errs = map[string]string{}
	}
	flagged := map[string]bool{}
	for _, f := range n.Fields {
		flagged[f.ID] = true
	}
	for _, f := range fields {
		if !flagged[f.ID] || f.ErrKey == "" {
			continue
		}
		if errs[f.ErrKey] != "" {
			errs[f.ErrKey] += "; "
		}
		msg := n.Message
		if msg == "" {
			msg = zawgyiMessage
		}
		errs[f.ErrKey] += msg
	}
	return errs
}

// eventZawgyiFields lists the editor's text fields. Rows are numbered as
// the re-shown form numbers them (blank rows dropped).
func eventZawgyiFields(f views.EventForm) []zawgyiField {
	out := []zawgyiField{
		{"title", "Title", f.Title, "title"},
		{"summary", "Summary", f.Summary, "summary"},
		{"place_name", "Place", f.PlaceName, "place.name"},
	}
	for i, r := range f.Citations {
		src := fmt.Sprintf("sources[%d].", i)
		row := fmt.Sprintf("Source row %d, ", i+1)
		out = append(out,
			zawgyiField{rowID("cite_title", i), row + "title", r.Title, src + "title"},
			zawgyiField{rowID("cite_publisher", i), row + "publisher", r.Publisher, src + "publisher"},
			zawgyiField{rowID("cite_locator", i), row + "locator", r.Locator, src + "locator"},
			zawgyiField{rowID("cite_note", i), row + "what it supports", r.Note, src + "note"})
	}
	for i, r := range f.Figures {
		fig := fmt.Sprintf("figures[%d].", i)
		row := fmt.Sprintf("Figure %d, ", i+1)
		out = append(out,
			zawgyiField{rowID("fig_metric", i), row + "metric", r.Metric, fig + "metric"},
			zawgyiField{rowID("fig_attribution", i), row + "attribution", r.Attribution, fig + "attribution"},
			zawgyiField{rowID("fig_note", i), row + "note", r.Note, fig + "note"})
	}
	// A proposed name would be shown to the public once accepted.
	out = append(out, zawgyiField{"propose_category_name", "New category", f.Propose.Category, "propose_category_name"},
		zawgyiField{"propose_actor_name", "New actor", f.Propose.Actor, "propose_actor_name"},
		zawgyiField{"propose_place_name", "New place", f.Propose.PlaceName, "propose_place_name"})
	return append(out, zawgyiField{"reason", "Why", f.Reason, "reason"})
}

func rowID(prefix string, i int) string { return fmt.Sprintf("%s_%d", prefix, i) }

// sourceZawgyiFields lists the text fields of the source library's form.
func sourceZawgyiFields(r views.CitationRow, reason string) []zawgyiField {
	return []zawgyiField{
		{"title", "Title", r.Title, "title"},
		{"publisher", "Publisher", r.Publisher, "publisher"},
		{"reason", "Why", reason, ""},
	}
}

// catalogZawgyiFields lists the text fields of the category, actor and
// timeline forms.
func catalogZawgyiFields(kind string, f views.CatalogForm) []zawgyiField {
	switch kind {
	case "timeline":
		return []zawgyiField{{"name", "Title", f.Name, "title"}, {"summary", "Summary", f.Summary, "summary"}}
	case "actor":
		return []zawgyiField{{"name", "Name", f.Name, "name"}, {"note", "Note", f.Note, "note"}}
	case "metric":
		out := []zawgyiField{{"name", "Name", f.Name, "name"}}
		for _, n := range f.Names {
			if n.Lang == "my" {
				out = append(out, zawgyiField{"name_my", "Name in " + n.Label, n.Value, "name_my"})
			}
		}
		return out
	}
	return []zawgyiField{{"name", "Name", f.Name, "name"}}
}
