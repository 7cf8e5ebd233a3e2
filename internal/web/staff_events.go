package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/markdown"
	"annals/internal/timeline"
	"annals/views"
)

func eventRow(c echo.Context, e timeline.EventSummary) views.EventRow {
	row := views.EventRow{ID: e.ID, URL: fmt.Sprintf("/staff/events/%d", e.ID), Title: e.Title, Status: string(e.Status),
		StatusLabel: statusLabel(c, e.Status), Internal: e.Visibility == timeline.VisibilityInternal,
		Updated: stamp(c, e.UpdatedAt), UpdatedBy: e.UpdatedBy, Start: staffDate(c, e.Start),
		Pick: fmt.Sprintf("%d:%d", e.ID, e.Version)}
	if e.Pending {
		row.Pending = tr(c, "staff.pending.row", statusAdj(c, e.LiveStatus))
	}
	return row
}

// editorPage builds the editor around a form, with the choices it offers.
func (s *Server) editorPage(c echo.Context, f views.EventForm, extraRows int) (views.EventEditPage, error) {
	ctx := c.Request().Context()
	page := views.EventEditPage{Meta: s.staffMeta(c, tr(c, "staff.event.new"), "Events"), Form: withBlankRows(f, extraRows),
		Errors: map[string]string{}}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return page, err
	}
	for _, cat := range cats {
		page.Categories = append(page.Categories, views.Choice{Value: cat.Slug, Label: cat.Name})
	}
	if page.ActorList, page.ActorMore, err = s.pickerChoices(ctx, actorPicker, f); err != nil {
		return page, err
	}
	if page.ActorSuggest, err = s.suggestions(ctx, actorPicker, f.ActorQuery); err != nil {
		return page, err
	}
	for _, k := range timeline.ActorKinds {
		page.ActorKinds = append(page.ActorKinds, views.Choice{Value: k, Label: strings.ReplaceAll(k, "_", " ")})
	}
	if f.Propose.ActorKind == "" {
		page.Form.Propose.ActorKind = "group"
	}
	page.ItemNotes = s.itemNotes(ctx, f)
	for _, r := range timeline.ActorRoles {
		label := tr(c, "staff.actorrole."+r)
		if r == "" {
			label = tr(c, "staff.actorrole.none")
		}
		page.ActorRoles = append(page.ActorRoles, views.Choice{Value: r, Label: label})
	}
	if page.Library, page.LibraryMore, err = s.pickerChoices(ctx, sourcePicker, f); err != nil {
		return page, err
	}
	if page.SourceSuggest, err = s.suggestions(ctx, sourcePicker, f.SourceQuery); err != nil {
		return page, err
	}
	for _, k := range timeline.SourceKinds {
		page.Kinds = append(page.Kinds, views.Choice{Value: k, Label: tr(c, "staff.kind."+k)})
	}
	for _, q := range timeline.Qualifiers {
		label := tr(c, "staff.qualifier."+string(q))
		if q == "" {
			label = tr(c, "staff.qualifier.exact")
		}
		page.Qualifiers = append(page.Qualifiers, views.Choice{Value: string(q), Label: label})
	}
	page.Scopes = []views.Choice{{Value: "event", Label: tr(c, "scope.event")}, {Value: "cumulative", Label: tr(c, "scope.cumulative")}}
	metrics, err := s.store.Metrics(ctx)
	if err != nil {
		return page, err
	}
	for _, m := range metrics {
		page.Metrics = append(page.Metrics, views.Choice{Value: m.Slug, Label: m.Name + " (" + m.Slug + ")"})
	}
	tls, err := s.store.AllTimelines(ctx)
	if err != nil {
		return page, err
	}
	for _, t := range tls {
		page.Timelines = append(page.Timelines, views.Choice{Value: t.Slug, Label: t.Title, Selected: has(f.Timelines, t.Slug)})
	}
	return page, nil
}

func (s *Server) newEventForm(c echo.Context) error {
	f := views.EventForm{}
	if tls, err := s.store.AllTimelines(c.Request().Context()); err == nil && len(tls) == 1 {
		f.Timelines = []string{tls[0].Slug}
	}
	page, err := s.editorPage(c, f, 0)
	if err != nil {
		return err
	}
	page.Heading, page.Action, page.NewEvent, page.Status = tr(c, "staff.event.new"), "/staff/events", true, tr(c, "staff.status.new")
	return render(c, statusOK, views.StaffEventEdit(page))
}

func (s *Server) createEvent(c echo.Context) error { return s.writeEvent(c, 0) }

func (s *Server) saveEvent(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	return s.writeEvent(c, id)
}

// writeEvent handles every button of the editor: preview, more rows, save,
// save and submit. Whatever goes wrong, the form comes back as typed.
func (s *Server) writeEvent(c echo.Context, id int64) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	zawgyiApply(c) // zawgyi=convert: convert the Zawgyi fields before reading them
	f, e, problems := readEventForm(c)
	version, _ := strconv.Atoi(c.FormValue("version"))
	button := c.FormValue("do")
	picked, pickedValue, attach := pickerPressed(c)
	if button == "" && attach {
		button = "attach" // a button of a picker (staff_picker.go)
	}
	if button == "" {
		button = c.FormValue("zawgyi_do") // the Zawgyi notice's buttons repeat the first press
	}
	e.ID = id
	var zg *views.ZawgyiNotice
	var told string // what a proposal did

	again := func(status int, errs error, preview bool, extra int) error {
		page, err := s.editorPage(c, f, extra)
		if err != nil {
			return err
		}
		page.EventID, page.Version = id, version
		page.Heading, page.Action, page.NewEvent, page.Status = tr(c, "staff.event.new"), "/staff/events", id == 0, tr(c, "staff.status.new")
		if id != 0 {
			page.Heading, page.Action = tr(c, "staff.editor.edit"), fmt.Sprintf("/staff/events/%d", id)
			if cur, err := s.store.StaffEvent(ctx, id); err == nil {
				s.decorateEditor(c, &page, cur)
				page.Version = version
			}
		}
		if errs != nil {
			page.Errors, page.ErrorList = problemMap(c, errs)
		}
		if preview {
			page.PreviewHTML = markdown.ToHTML(f.Summary)
		}
		if zg != nil {
			page.Meta.Zawgyi, page.Errors = zg, markZawgyi(page.Errors, eventZawgyiFields(f), zg)
		}
		if told != "" {
			page.Meta.Flash = told
		}
		return render(c, status, views.StaffEventEdit(page))
	}

	switch button {
	case "preview":
		return again(statusOK, problems.Err(), true, 0)
	case "find_sources", "find_actors":
		return again(statusOK, nil, false, 0)
	case "attach":
		if err := s.attach(ctx, picked, &f, pickedValue); timeline.ErrorCode(err) == timeline.EINVALID {
			return again(http.StatusUnprocessableEntity, err, false, 0)
		} else if err != nil {
			return err
		}
		return again(statusOK, nil, false, 0)
	case "more":
		return again(statusOK, nil, false, 2)
	case "propose_category", "propose_actor", "propose_place":
		// Committed at once, in its own transaction: the draft is not
		// saved, and comes back as typed with the new item chosen.
		if zg = zawgyiCheck(c, "event-form", eventZawgyiFields(f)); zg != nil {
			zg.Do = button
			return again(http.StatusUnprocessableEntity, nil, false, 0)
		}
		msg, err := s.proposeInEditor(c, &f, strings.TrimPrefix(button, "propose_"))
		switch timeline.ErrorCode(err) {
		case "":
			told = msg
			return again(statusOK, nil, false, 0)
		case timeline.EINVALID:
			return again(http.StatusUnprocessableEntity, err, false, 0)
		default:
			return err
		}
	}
	if zg = zawgyiCheck(c, "event-form", eventZawgyiFields(f)); zg != nil {
		zg.Do = button
		return again(http.StatusUnprocessableEntity, problems.Err(), false, 0)
	}
	if err := problems.Err(); err != nil {
		// Report the domain's own checks too, all at once.
		p := timeline.NewProblems("")
		p.Merge(err)
		return again(http.StatusUnprocessableEntity, mergeDomainProblems(p, e), false, 0)
	}
	// Answers from the conflict page: "keep theirs" takes the field from
	// the version it showed; a field left unchosen is asked again.
	choices, unchosen := conflictChoices(c)
	if id != 0 && len(choices) > 0 {
		var err error
		if e, err = s.keepTheirs(ctx, id, version, e, choices); err != nil {
			return err
		}
	}
	if id != 0 && len(unchosen) > 0 {
		base, _ := strconv.Atoi(c.FormValue("merge_base"))
		return s.mergeSave(c, id, base, f, e, button == "submit", choices)
	}
	savedID, _, err := s.store.SaveEvent(ctx, u, timeline.EventSave{Event: e, Version: version, Timelines: f.Timelines,
		Submit: button == "submit", Reason: f.Reason})
	switch timeline.ErrorCode(err) {
	case "":
	case timeline.EINVALID:
		return again(http.StatusUnprocessableEntity, err, false, 0)
	case timeline.ECONFLICT:
		return s.mergeSave(c, id, version, f, e, button == "submit", choices)
	default:
		return err
	}
	if button == "submit" {
		s.flash(c, tr(c, "staff.flash.submitted.saved"))
	} else {
		s.flash(c, tr(c, "staff.flash.draft"))
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/staff/events/%d", savedID))
}

// mergeDomainProblems adds the domain's checks of e (those the form reading
// did not already report) to p.
func mergeDomainProblems(p *timeline.Problems, e timeline.Event) error {
	have := map[string]bool{}
	if v, ok := p.Err().(*timeline.ValidationError); ok {
		for _, pr := range v.Problems {
			have[pr.Field] = true
		}
	}
	if e.Slug == "" {
		e.Slug = "x"
	}
	e.Status = timeline.StatusDraft
	if v, ok := e.Validate().(*timeline.ValidationError); ok {
		for _, pr := range v.Problems {
			if !have[pr.Field] && !(pr.Field == "end" && (have["start"])) &&
				!(pr.Field == "start_time" && have["start"]) && !(pr.Field == "end_time" && have["end"]) {
				p.AddProblem(pr)
			}
		}
	}
	return p.Err()
}

func (s *Server) editEventForm(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	page, err := s.storedEditorPage(c, id)
	if err != nil {
		return err
	}
	return render(c, statusOK, views.StaffEventEdit(page))
}

// storedEditorPage is the editor of event id as it is stored.
func (s *Server) storedEditorPage(c echo.Context, id int64) (views.EventEditPage, error) {
	cur, err := s.store.StaffEvent(c.Request().Context(), id)
	if err != nil {
		return views.EventEditPage{}, err
	}
	page, err := s.editorPage(c, formOfEvent(cur.Work, cur.Timelines), 0)
	if err != nil {
		return page, err
	}
	page.Heading, page.Action, page.EventID, page.Version = tr(c, "staff.editor.edit"), fmt.Sprintf("/staff/events/%d", id), id, cur.Version
	s.decorateEditor(c, &page, cur)
	return page, nil
}

// decorateEditor adds the event's state, comments, links and the workflow
// buttons the signed-in account may use.
func (s *Server) decorateEditor(c echo.Context, page *views.EventEditPage, cur timeline.StaffEvent) {
	u := currentUser(c)
	id := cur.Live.ID
	page.Meta.Title = tr(c, "staff.title", cur.Work.Title)
	page.Status = statusLabel(c, cur.Work.Status)
	if cur.Pending {
		page.Status = tr(c, "staff.editor.statuspending", page.Status, statusAdj(c, cur.Live.Status))
		page.Notice = tr(c, "staff.editor.notice.pending", statusAdj(c, cur.Live.Status))
	} else if cur.Published() {
		page.Notice = tr(c, "staff.editor.notice.published", statusAdj(c, cur.Live.Status))
	}
	page.HistoryURL = fmt.Sprintf("/staff/events/%d/history", id)
	if u.Can(auth.RoleReviewer) {
		page.ReviewURL = fmt.Sprintf("/staff/events/%d/review", id)
	}
	if cur.Live.IsPublic() || cur.Live.Status == timeline.StatusRetracted && cur.Live.Visibility == timeline.VisibilityPublic {
		if len(cur.Timelines) > 0 {
			page.PublicURL = eventPath(cur.Timelines[0], cur.Live.Slug)
		}
	}
	for _, cm := range cur.Comments {
		page.Comments = append(page.Comments, views.CommentView{Author: cm.Author, When: stamp(c, cm.CreatedAt), Body: cm.Body})
	}
	page.Workflow = s.workflow(c, cur)
	page.Translations = s.editorTranslations(c.Request().Context(), id)
	for _, f := range cur.Live.Figures {
		page.FigureHistory = append(page.FigureHistory, views.Link{
			Label: tr(c, "staff.editor.figurelink", views.Metric(c.Request().Context(), f.Metric),
				views.Phrase(c.Request().Context(), f.Qualifier, f.Value), views.Date(c.Request().Context(), f.AsOf)),
			URL: fmt.Sprintf("/staff/figures/%d/history", f.ID)})
	}
	if u.Can(auth.RoleEditor) {
		page.TimelinesURL = fmt.Sprintf("/staff/events/%d/timelines", id)
		for i := range page.Timelines {
			page.Timelines[i].Selected = has(cur.Timelines, page.Timelines[i].Value)
		}
	}
}

func (s *Server) allowSelfPublish(c echo.Context) bool {
	if s.config.AllowSelfPublish {
		return true
	}
	v, err := s.store.Setting(c.Request().Context(), "allow_self_publish", "false")
	return err == nil && v == "true"
}

// workflow lists the steps the signed-in account may take on the event,
// as timeline.MayTakeStep (the rule storage refuses with) decides: a step
// refused to the author of the change is explained, not offered.
func (s *Server) workflow(c echo.Context, cur timeline.StaffEvent) []views.WorkflowAction {
	u := currentUser(c)
	id := cur.Live.ID
	url := func(a string) string { return fmt.Sprintf("/staff/events/%d/%s", id, a) }
	facts, self := cur.Facts(), s.allowSelfPublish(c)
	var out []views.WorkflowAction
	for _, a := range []struct {
		step timeline.Step
		view views.WorkflowAction
	}{
		{timeline.StepSubmit, views.WorkflowAction{Label: tr(c, "staff.workflow.submit"), URL: url("submit")}},
		{timeline.StepPublish, views.WorkflowAction{Label: tr(c, "staff.workflow.publish"), URL: url("publish")}},
		{timeline.StepSendBack, views.WorkflowAction{Label: tr(c, "staff.workflow.sendback"), URL: url("send-back"), NeedsReason: true, ReasonLabel: tr(c, "staff.workflow.sendback.reason")}},
		{timeline.StepRetract, views.WorkflowAction{Label: tr(c, "staff.workflow.retract"), URL: url("retract"), NeedsReason: true, ReasonLabel: tr(c, "staff.workflow.retract.reason"), Danger: true}},
		{timeline.StepDiscard, views.WorkflowAction{Label: tr(c, "staff.workflow.discard"), URL: url("discard"), Danger: true}},
		{timeline.StepDelete, views.WorkflowAction{Label: tr(c, "staff.workflow.delete"), URL: url("delete"), Danger: true}},
	} {
		err := timeline.MayTakeStep(a.step, u, facts, self)
		switch {
		case errors.Is(err, timeline.ErrOwnChange):
			a.view.Disabled, a.view.Note = true, errorSaid(c.Request().Context(), err)
		case timeline.ErrorCode(err) == timeline.EINVALID && a.step == timeline.StepSubmit:
			// Offered, so pressing it says what is missing, by the field.
		case err != nil:
			continue
		}
		a.view.Version = cur.Version
		out = append(out, a.view)
	}
	return out
}

func has64(list []int64, x int64) bool {
	for _, v := range list {
		if v == x {
			return true
		}
	}
	return false
}

// eventAction runs one workflow step and returns to the editor with a note
// of what happened; a stale version or a step that does not apply is
// explained there.
func (s *Server) eventAction(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c)
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		u := currentUser(c)
		version, _ := strconv.Atoi(c.FormValue("version"))
		a := timeline.EventAction{ID: id, Version: version, Reason: c.FormValue("reason"), AllowSelfPublish: s.allowSelfPublish(c)}
		var msg string
		dest := fmt.Sprintf("/staff/events/%d", id)
		switch action {
		case "submit":
			_, err = s.store.SubmitEvent(ctx, u, a)
			msg = tr(c, "staff.flash.submitted")
		case "publish":
			_, err = s.store.PublishEvent(ctx, u, a)
			msg = tr(c, "staff.flash.published")
		case "send_back":
			_, err = s.store.SendBackEvent(ctx, u, a)
			msg = tr(c, "staff.flash.sentback")
		case "retract":
			_, err = s.store.RetractEvent(ctx, u, a)
			msg = tr(c, "staff.flash.retracted")
		case "discard":
			_, err = s.store.DiscardPendingEdit(ctx, u, a)
			msg = tr(c, "staff.flash.discarded")
		case "delete":
			err = s.store.DeleteEvent(ctx, u, a)
			msg, dest = tr(c, "staff.flash.deleted"), "/staff/events"
		case "restore":
			rev, _ := strconv.ParseInt(c.FormValue("revision"), 10, 64)
			_, err = s.store.RestoreEvent(ctx, u, a, rev)
			msg = tr(c, "staff.flash.restored")
		case "timelines":
			params, _ := c.FormParams()
			_, err = s.store.SetEventTimelines(ctx, u, a, params["timelines"])
			msg = tr(c, "staff.flash.timelines")
		default:
			return timeline.Errorf(timeline.ENOTFOUND, "There is no such action.")
		}
		switch timeline.ErrorCode(err) {
		case "":
			s.flash(c, msg)
		case timeline.EINVALID, timeline.ECONFLICT:
			if action == "submit" && timeline.ErrorCode(err) == timeline.EINVALID {
				return s.refusedInEditor(c, id, err)
			}
			s.flash(c, tr(c, "staff.flash.notdone", errorSaid(c.Request().Context(), err)))
			if action == "delete" {
				dest = fmt.Sprintf("/staff/events/%d", id)
			}
		default:
			return err
		}
		return c.Redirect(http.StatusSeeOther, dest)
	}
}

// refusedInEditor shows the editor with the problems of a refused step
// (a submit without a source) next to the fields to fix.
func (s *Server) refusedInEditor(c echo.Context, id int64, refused error) error {
	page, err := s.storedEditorPage(c, id)
	if err != nil {
		return err
	}
	page.Errors, page.ErrorList = problemMap(c, refused)
	return render(c, http.StatusUnprocessableEntity, views.StaffEventEdit(page))
}

func (s *Server) reviewEvent(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	cur, err := s.store.StaffEvent(c.Request().Context(), id)
	if err != nil {
		return err
	}
	tl := "preview"
	if len(cur.Timelines) > 0 {
		tl = cur.Timelines[0]
	}
	numbers := newSourceNumbers("#source-")
	page := views.ReviewPage{
		Meta: s.staffMeta(c, tr(c, "staff.review.title", cur.Work.Title), "Review"), Title: cur.Work.Title, EventID: id,
		EditURL: fmt.Sprintf("/staff/events/%d", id), Status: statusLabel(c, cur.Work.Status),
		Preview: eventCard(tl, cur.Work, numbers), IsEdit: cur.Published(), Workflow: s.workflow(c, cur),
	}
	page.Preview.Media = mediaViews(cur.Work.Media, cur.Work.Slug, staffMediaPrefix)
	page.Sources = numbers.entries()
	for _, cite := range cur.Work.Citations {
		src := cite.Source
		page.Cited = append(page.Cited, views.CitedSource{Title: src.Title, Publisher: src.Publisher,
			Date: staffDate(c, src.Published), URL: safeHTTP(src.URL), ArchiveURL: safeHTTP(src.ArchiveURL),
			Kind: sourceKind(c, src.Kind), Confidential: src.Confidential, Locator: cite.Locator, Note: cite.Note,
			HistoryURL: fmt.Sprintf("/staff/sources/%d/history", src.ID)})
	}
	if cur.Published() {
		page.Diff = diffRows(c, timeline.DiffEvents(cur.Live, cur.Work), true)
	}
	for _, cm := range cur.Comments {
		page.Comments = append(page.Comments, views.CommentView{Author: cm.Author, When: stamp(c, cm.CreatedAt), Body: cm.Body})
	}
	return render(c, statusOK, views.StaffReview(page))
}

func (s *Server) eventHistory(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	revs, err := s.store.History(ctx, "event", id)
	if err != nil {
		return err
	}
	canRestore := currentUser(c).Can(auth.RoleEditor)
	current := 0
	if cur, err := s.store.StaffEvent(ctx, id); err == nil {
		current = cur.Version
	} else if timeline.ErrorCode(err) != timeline.ENOTFOUND {
		return err
	} else {
		canRestore = false
	}
	page := historyPage(c, revs, fmt.Sprintf("/staff/events/%d/history", id))
	page.Meta = s.staffMeta(c, tr(c, "staff.editor.history"), "Events")
	page.Heading = tr(c, "staff.history.event", titleOf(ownRecord(revs, "event")))
	page.BackURL = fmt.Sprintf("/staff/events/%d", id)
	for i := range page.Revisions {
		if canRestore && page.Revisions[i].Action != "delete" && revs[i].Entity == "event" { // not a translation's
			page.Revisions[i].RestoreURL = fmt.Sprintf("/staff/events/%d/restore", id)
			page.Revisions[i].CurrentVersion = current
		}
	}
	return render(c, statusOK, views.StaffHistory(page))
}

func titleOf(record []byte) string {
	for _, f := range timeline.Fields(record) {
		if f.Name == "title" {
			return "“" + f.Value + "”"
		}
	}
	return ""
}

// historyPage lists revisions and compares the two chosen (by default the
// newest with the one before it).
func historyPage(c echo.Context, revs []timeline.Revision, action string) views.HistoryPage {
	page := views.HistoryPage{Action: action, OnlyChanged: c.QueryParam("all") == ""}
	byID := map[int64]timeline.Revision{}
	for _, r := range revs {
		byID[r.ID] = r
		page.Revisions = append(page.Revisions, views.RevisionRow{ID: r.ID, Version: r.Version,
			Action: revisionLabel(c, r.Action), Author: r.Author, When: views.StampSeconds(c.Request().Context(), r.CreatedAt),
			Reason: revisionReason(c, r.Action, r.Reason)})
	}
	a, _ := strconv.ParseInt(c.QueryParam("a"), 10, 64)
	b, _ := strconv.ParseInt(c.QueryParam("b"), 10, 64)
	if _, ok := byID[b]; !ok {
		b = revs[0].ID
	}
	if _, ok := byID[a]; !ok {
		a = b
		// The revision before b of the same record (an event's history
		// also holds its translations').
		for i, r := range revs {
			if r.ID != b {
				continue
			}
			for _, older := range revs[i+1:] {
				if older.Entity == r.Entity && sameTranslation(older.Record, r.Record) {
					a = older.ID
					break
				}
			}
		}
	}
	page.A, page.B = a, b
	ra, rb := byID[a], byID[b]
	page.Compare = tr(c, "staff.history.compare", ra.Version, revisionLabel(c, ra.Action), rb.Version, revisionLabel(c, rb.Action))
	page.Diff = diffRows(c, timeline.DiffRevisions(ra, rb), page.OnlyChanged)
	page.Notes = revisionNotes(c, ra, rb)
	return page
}

// revisionNotes says what the fields do not: a change of status, and that
// a version was a pending edit the public did not see.
func revisionNotes(c echo.Context, a, b timeline.Revision) []string {
	var notes []string
	status := func(r timeline.Revision) string {
		for _, f := range timeline.Fields(r.Record) {
			if f.Name == "status" {
				return statusLabel(c, timeline.Status(f.Value))
			}
		}
		return ""
	}
	if sa, sb := status(a), status(b); a.Entity == "event" && sa != sb && sa != "" && sb != "" {
		notes = append(notes, tr(c, "staff.history.status", sa, sb))
	}
	for _, r := range []timeline.Revision{a, b} {
		if r.Entity == "event" && timeline.PendingRecord(r.Record) {
			notes = append(notes, tr(c, "staff.history.pending", r.Version))
		}
		if a.ID == b.ID {
			break
		}
	}
	return notes
}
