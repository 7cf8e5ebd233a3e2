package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/markdown"
	"annals/internal/timeline"
	"annals/views"
)

// Saving over changes made meanwhile. The editor's form carries the
// version it started from; when the event has moved on, the save is merged
// three ways (timeline.MergeEvents) with that version as the common
// ancestor. Without a conflict the merged event is saved at once; with one
// the conflict page lists only the fields both sides changed, each with
// "keep theirs" and "keep mine", and the form holds everything else merged.
// The conflict page's form posts back:
//
//	version       the version saved meanwhile ("theirs")
//	merge_base    the version the person started from
//	conflict      each field listed (repeated)
//	keep:<field>  "theirs" or "mine"

// conflictChoices reads the conflict page's choices, field -> "theirs" or
// "mine", and the fields listed without a choice.
func conflictChoices(c echo.Context) (map[string]string, []string) {
	params, _ := c.FormParams()
	choices := map[string]string{}
	for name, v := range params {
		if field, ok := strings.CutPrefix(name, "keep:"); ok && len(v) > 0 && (v[0] == "theirs" || v[0] == "mine") {
			choices[field] = v[0]
		}
	}
	var missing []string
	for _, field := range params["conflict"] {
		if choices[field] == "" {
			missing = append(missing, field)
		}
	}
	return choices, missing
}

// keepTheirs applies the "keep theirs" choices to mine, taking each field
// from the version the conflict page showed as saved meanwhile.
func (s *Server) keepTheirs(ctx context.Context, id int64, version int, mine timeline.Event, choices map[string]string) (timeline.Event, error) {
	var theirs *timeline.Event
	for field, choice := range choices {
		if choice != "theirs" {
			continue
		}
		if theirs == nil {
			e, err := s.store.EventAtVersion(ctx, id, version)
			if timeline.ErrorCode(err) == timeline.ENOTFOUND { // an event older than its revisions
				cur, cerr := s.store.StaffEvent(ctx, id)
				if cerr == nil && cur.Version == version {
					e, err = cur.Work, nil
				}
			}
			if err != nil {
				return mine, err
			}
			theirs = &e
		}
		mine = timeline.KeepTheirs(mine, *theirs, field)
	}
	return mine, nil
}

// mergeSave saves mine, edited from version from, over the changes saved
// since: merged and saved when nothing conflicts, otherwise the conflict
// page. Fields already resolved as "keep mine" are not asked again.
func (s *Server) mergeSave(c echo.Context, id int64, from int, f views.EventForm, mine timeline.Event,
	submit bool, choices map[string]string) error {
	ctx := c.Request().Context()
	for range 3 { // someone may save again while this one merges
		cur, err := s.store.StaffEvent(ctx, id)
		if err != nil {
			return err
		}
		var base *timeline.Event
		switch b, err := s.store.EventAtVersion(ctx, id, from); timeline.ErrorCode(err) {
		case "":
			base = &b
		case timeline.ENOTFOUND: // no record of the start: every difference is a choice
		default:
			return err
		}
		merged, all := timeline.MergeEvents(base, cur.Work, mine)
		var conflicts []timeline.MergeConflict
		for _, cf := range all {
			if choices[cf.Field] != "mine" {
				conflicts = append(conflicts, cf)
			}
		}
		if len(conflicts) > 0 {
			return s.conflictPage(c, cur, from, f, merged, conflicts, nil)
		}
		reason := fmt.Sprintf("merged with version %d", cur.Version)
		if strings.TrimSpace(f.Reason) != "" {
			reason = f.Reason + " (" + reason + ")"
		}
		merged.ID = id
		savedID, _, err := s.store.SaveEvent(ctx, currentUser(c), timeline.EventSave{Event: merged, Version: cur.Version,
			Submit: submit, Reason: reason})
		switch timeline.ErrorCode(err) {
		case "":
			s.flash(c, tr(c, "staff.flash.merged", cur.Version))
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/staff/events/%d", savedID))
		case timeline.ECONFLICT:
			continue
		case timeline.EINVALID: // each side valid, the two together not (an end now before the start)
			return s.conflictPage(c, cur, from, f, merged, nil, err)
		default:
			return err
		}
	}
	return timeline.Errorf(timeline.ECONFLICT, "This event keeps changing while you save; open it again.")
}

// conflictPage shows the editor holding the merged event (mine where both
// sides changed a field) at the current version, with the fields to choose.
func (s *Server) conflictPage(c echo.Context, cur timeline.StaffEvent, from int, typed views.EventForm,
	merged timeline.Event, conflicts []timeline.MergeConflict, errs error) error {
	page, err := s.editorPage(c, formOfMerged(merged, typed), 0)
	if err != nil {
		return err
	}
	s.decorateEditor(c, &page, cur)
	id := cur.Live.ID
	page.Heading, page.Action, page.EventID, page.Version = tr(c, "staff.editor.conflicttitle"), fmt.Sprintf("/staff/events/%d", id), id, cur.Version
	cv := &views.ConflictView{TheirVersion: cur.Version, BaseVersion: from,
		Message: tr(c, "staff.conflict.message", from, cur.Version)}
	for _, cf := range conflicts {
		choice := views.ConflictChoice{Field: cf.Field, Label: diffLabel(c, timeline.Change{Field: cf.Field, Label: cf.Label})}
		if cf.Field == "title" || cf.Field == "summary" {
			row := diffRows(c, []timeline.Change{{Kind: timeline.ChangeChanged, Words: timeline.WordDiff(cf.Theirs, cf.Mine)}}, false)[0]
			choice.Theirs, choice.Mine = row.Old, row.New
		} else {
			choice.Theirs, choice.Mine = []views.WordRun{{Text: cf.Theirs}}, []views.WordRun{{Text: cf.Mine}}
		}
		cv.Fields = append(cv.Fields, choice)
	}
	if errs != nil {
		page.Errors, page.ErrorList = problemMap(c, errs)
	}
	page.Conflict = cv
	page.PreviewHTML = ""
	if len(conflicts) == 0 && errs == nil {
		page.PreviewHTML = markdown.ToHTML(merged.Summary)
	}
	return render(c, http.StatusConflict, views.StaffEventEdit(page))
}

// formOfMerged fills the editor from a merged event. Sources typed in that
// are not in the library yet keep their typed rows, and figures citing
// them point at those rows.
func formOfMerged(e timeline.Event, typed views.EventForm) views.EventForm {
	f := formOfEvent(e, typed.Timelines)
	f.Reason = typed.Reason
	newRow := map[string]int{} // url|title of a typed source -> its row
	for i, cite := range e.Citations {
		if cite.Source.ID != 0 {
			continue
		}
		for _, row := range typed.Citations {
			if (row.SourceID == "" || row.SourceID == "new") && row.URL == cite.Source.URL && strings.TrimSpace(row.Title) == cite.Source.Title {
				row.Locator, row.Note = cite.Locator, cite.Note
				f.Citations[i] = row
				newRow[cite.Source.URL+"|"+cite.Source.Title] = i
				break
			}
		}
	}
	for i, fig := range e.Figures {
		if fig.Source.ID != 0 {
			continue
		}
		if row, ok := newRow[fig.Source.URL+"|"+fig.Source.Title]; ok {
			f.Figures[i].Source = "row:" + strconv.Itoa(row)
		} else {
			f.Figures[i].Source = ""
		}
	}
	return f
}

// diffRows turns changes into the rows of a diff table, in the page's
// language; with onlyChanged the unchanged ones are left out. A list
// element added or removed says so in its label.
func diffRows(c echo.Context, changes []timeline.Change, onlyChanged bool) []views.DiffRow {
	var out []views.DiffRow
	lang := langOf(c)
	for _, ch := range changes {
		changed := ch.Kind != timeline.ChangeSame
		if onlyChanged && !changed {
			continue
		}
		row := views.DiffRow{Label: diffLabel(c, ch), Changed: changed}
		switch ch.Kind {
		case timeline.ChangeAdded:
			row.Label = tr(c, "staff.diff.added", row.Label)
		case timeline.ChangeRemoved:
			row.Label = tr(c, "staff.diff.removed", row.Label)
		}
		if lang != i18n.Default {
			ch.Old, ch.New = diffValue(c, ch.Old, ch.OldValue), diffValue(c, ch.New, ch.NewValue)
		}
		if len(ch.Words) > 0 {
			for _, w := range ch.Words {
				switch w.Op {
				case timeline.TextDeleted:
					row.Old = append(row.Old, views.WordRun{Text: w.Text, Mark: "del"})
				case timeline.TextInserted:
					row.New = append(row.New, views.WordRun{Text: w.Text, Mark: "ins"})
				default:
					row.Old = append(row.Old, views.WordRun{Text: w.Text})
					row.New = append(row.New, views.WordRun{Text: w.Text})
				}
			}
		} else {
			if ch.Old != "" {
				row.Old = []views.WordRun{{Text: ch.Old}}
			}
			if ch.New != "" {
				row.New = []views.WordRun{{Text: ch.New}}
			}
		}
		out = append(out, row)
	}
	return out
}

// diffLabel is a change's label in the page's language: the field's name
// from the catalogue (staff.diff.f.*), or the list it is in and the
// element's own name; a field the catalogue does not name keeps its label.
func diffLabel(c echo.Context, ch timeline.Change) string {
	switch {
	case ch.List != "":
		item := ch.Item
		if f, ok := ch.ItemValue.(timeline.Figure); ok && langOf(c) != i18n.Default {
			item = figureWords(c, f)
		}
		return tr(c, "staff.diff.l."+ch.List, item)
	case ch.Field != "":
		if l, ok := i18n.Messages().Lookup(langOf(c), "staff.diff.f."+ch.Field); ok {
			return l
		}
	}
	return ch.Label
}

// diffValue writes a value of a diff in the page's language (English
// pages show timeline's words as they are): a date, a visibility, a flag,
// what a list's element says; any other value is shown as the record has it.
func diffValue(c echo.Context, shown string, v any) string {
	lang := langOf(c)
	join := func(parts ...string) string {
		var kept []string
		for _, p := range parts {
			if p != "" {
				kept = append(kept, p)
			}
		}
		return strings.Join(kept, tr(c, "field.sep"))
	}
	opt := func(key, s string) string {
		if s == "" {
			return ""
		}
		return tr(c, key, s)
	}
	switch v := v.(type) {
	case timeline.EventActor:
		role := tr(c, "staff.diff.v.norole")
		if v.Role != "" {
			role = tr(c, "staff.actorrole."+v.Role)
		}
		return tr(c, "staff.diff.v.actor", role)
	case timeline.Citation:
		return join(tr(c, "staff.diff.v.cited"), opt("staff.diff.v.at", v.Locator), opt("staff.diff.v.note", v.Note))
	case timeline.Figure:
		return join(tr(c, "staff.diff.v.listed"), opt("staff.diff.v.attributed", v.Attribution), opt("staff.diff.v.note", v.Note))
	case timeline.Media:
		s := join(tr(c, "staff.diff.v.shown"), opt("staff.diff.v.caption", v.Caption), opt("staff.diff.v.credit", v.Credit),
			opt("staff.diff.v.alt", v.Alt))
		if v.Sensitive {
			s = join(s, tr(c, "staff.diff.v.sensitive"))
		}
		return s
	case timeline.FuzzyDate:
		return i18n.FormatDate(lang, v)
	case timeline.Visibility:
		if v == "" {
			return shown
		}
		return i18n.Messages().T(lang, "staff.diff.visibility."+string(v))
	case bool:
		if v {
			return i18n.Messages().T(lang, "staff.diff.yes")
		}
		return i18n.Messages().T(lang, "staff.diff.no")
	}
	return shown
}

// figureWords is timeline.FigureWords in the page's language: "ကျဆုံးသူ
// အနည်းဆုံး ၆၄ (၂၀၂၁ ခုနှစ်၊ မတ်လ ၂၇ ရက် အထိ)".
func figureWords(c echo.Context, f timeline.Figure) string {
	ctx := c.Request().Context()
	s := views.Metric(ctx, f.Metric) + " " + views.Phrase(ctx, f.Qualifier, f.Value)
	if f.Scope == timeline.ScopeCumulative {
		s = tr(c, "staff.diff.v.inall", s)
	}
	if !f.AsOf.IsZero() {
		s = tr(c, "staff.diff.v.asof", s, views.Date(ctx, f.AsOf))
	}
	return s
}
