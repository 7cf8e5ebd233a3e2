package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/timeline"
	"annals/views"
)

// Staff lists: events (and the review queue) searched, filtered, sorted
// and paged by GET parameters, so a list is a permalink and works without
// JavaScript; bulk actions on the events chosen in it.

// staffListSize is how many events a page of the staff list shows.
const staffListSize = 50

// listQuery reads an events list's GET parameters. The review queue is the
// list of work in review.
func listQuery(c echo.Context, review bool) (views.EventListQuery, timeline.StaffEventQuery, error) {
	v := views.EventListQuery{Q: strings.TrimSpace(c.QueryParam("q")), Status: c.QueryParam("status"),
		Timeline: c.QueryParam("timeline"), Category: c.QueryParam("category"), Author: c.QueryParam("author"),
		From: strings.TrimSpace(c.QueryParam("from")), To: strings.TrimSpace(c.QueryParam("to")), Sort: c.QueryParam("sort"),
		Mine: c.QueryParam("review") == "mine"}
	q := timeline.StaffEventQuery{Text: v.Q, Status: timeline.Status(v.Status), Timeline: v.Timeline, Category: v.Category,
		From: v.From, To: v.To, Sort: v.Sort, After: c.QueryParam("after"), Limit: staffListSize}
	if review {
		q.Status = timeline.StatusInReview
		v.Status = ""
	}
	if v.Mine {
		q.NeedsReviewBy = currentUser(c).ID
	}
	p := timeline.NewProblems("")
	if v.Author != "" {
		id, err := strconv.ParseInt(v.Author, 10, 64)
		if err != nil || id <= 0 {
			p.AddMsg("author", "problem.account.not", "%q is not an account", v.Author)
		}
		q.Author = id
	}
	return v, q, p.Err()
}

// urlWith is path with the list's parameters (empty ones left out) and
// more, e.g. the cursor of the next page.
func urlWith(path string, v views.EventListQuery, more ...string) string {
	params := map[string]string{"q": v.Q, "status": v.Status, "timeline": v.Timeline, "category": v.Category,
		"author": v.Author, "from": v.From, "to": v.To, "sort": v.Sort}
	if v.Mine {
		params["review"] = "mine"
	}
	return listURL(path, params, more...)
}

func (s *Server) staffEventList(c echo.Context) error { return s.eventList(c, false) }

func (s *Server) reviewQueue(c echo.Context) error { return s.eventList(c, true) }

// eventList is /staff/events, and with review /staff/review.
func (s *Server) eventList(c echo.Context, review bool) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	path, heading, nav := "/staff/events", tr(c, "staff.nav.events"), "Events"
	if review {
		path, heading, nav = "/staff/review", tr(c, "staff.list.heading.review"), "Review"
	}
	v, q, err := listQuery(c, review)
	page := views.EventListPage{Meta: s.staffMeta(c, heading, nav), Heading: heading, Action: path, Query: v,
		ShowStatus: !review, ReturnTo: c.Request().URL.RequestURI()}
	status := statusOK
	var found timeline.StaffEventPage
	if err == nil {
		found, err = s.store.StaffEventList(ctx, q)
	}
	switch timeline.ErrorCode(err) {
	case "":
	case timeline.EINVALID:
		status = http.StatusUnprocessableEntity
		_, page.ErrorList = problemMap(c, err)
	default:
		return err
	}
	if err := s.listChoices(ctx, &page); err != nil {
		return err
	}
	if !review {
		for _, f := range []struct{ v, l string }{{"", tr(c, "staff.list.filter.all")}, {"draft", tr(c, "staff.list.filter.drafts")},
			{"in_review", tr(c, "staff.status.in_review")}, {"published", tr(c, "staff.status.published")},
			{"retracted", tr(c, "staff.status.retracted")}} {
			w := v
			w.Status = f.v
			page.Filters = append(page.Filters, views.NavLink{Label: f.l, URL: urlWith(path, w), Current: f.v == v.Status})
		}
	}
	for _, e := range found.Events {
		row := eventRow(c, e)
		if review {
			row.URL += "/review"
		}
		page.Rows = append(page.Rows, row)
	}
	if found.Next != "" {
		page.NextURL = urlWith(path, v, "after", found.Next)
	}
	if q.After != "" {
		page.FirstURL = urlWith(path, v)
	}
	for _, st := range []struct {
		step, label string
		min         auth.Role
	}{{"submit", "Submit for review", auth.RoleContributor}, {"publish", "Publish", auth.RoleReviewer},
		{"send_back", "Send back (give a reason)", auth.RoleReviewer}, {"retract", "Retract (give a reason)", auth.RoleReviewer},
		{"add_timeline", "Add to the timeline chosen", auth.RoleEditor}} {
		if u.Can(st.min) {
			page.BulkSteps = append(page.BulkSteps, views.Choice{Value: st.step, Label: tr(c, "staff.bulk.step."+st.step)})
		}
	}
	if u.Can(auth.RoleEditor) {
		page.BulkTimelines = page.Timelines[1:] // without "any timeline"
	}
	return render(c, status, views.StaffEventList(page))
}

// listChoices fills the filter form's lists.
func (s *Server) listChoices(ctx context.Context, page *views.EventListPage) error {
	page.Statuses = []views.Choice{{Value: "", Label: views.T(ctx, "staff.list.any.status")}}
	for _, st := range []timeline.Status{timeline.StatusDraft, timeline.StatusInReview, timeline.StatusPublished, timeline.StatusRetracted} {
		page.Statuses = append(page.Statuses, views.Choice{Value: string(st), Label: views.T(ctx, "staff.status."+string(st))})
	}
	tls, err := s.store.AllTimelines(ctx)
	if err != nil {
		return err
	}
	page.Timelines = []views.Choice{{Value: "", Label: views.T(ctx, "staff.list.any.timeline")}}
	for _, t := range tls {
		page.Timelines = append(page.Timelines, views.Choice{Value: t.Slug, Label: t.Title})
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return err
	}
	page.Categories = []views.Choice{{Value: "", Label: views.T(ctx, "staff.list.any.category")}}
	for _, c := range cats {
		page.Categories = append(page.Categories, views.Choice{Value: c.Slug, Label: c.Name})
	}
	users, err := s.store.Users(ctx)
	if err != nil {
		return err
	}
	page.Authors = []views.Choice{{Value: "", Label: views.T(ctx, "staff.list.any.author")}}
	for _, u := range users {
		page.Authors = append(page.Authors, views.Choice{Value: strconv.FormatInt(u.ID, 10), Label: u.DisplayName()})
	}
	for _, k := range timeline.StaffEventSorts {
		page.Sorts = append(page.Sorts, views.Choice{Value: k, Label: views.T(ctx, "staff.sort."+k)})
	}
	return nil
}

// bulkEvents takes one step on the events chosen in a list (event=id:version,
// repeated), in one transaction, and reports each event. Which roles may
// take the step is decided per event by the rule of the single action.
func (s *Server) bulkEvents(c echo.Context) error {
	ctx := c.Request().Context()
	params, err := c.FormParams()
	if err != nil {
		return timeline.Errorf(timeline.EINVALID, "The form could not be read.")
	}
	b := timeline.BulkAction{Step: c.FormValue("step"), Reason: c.FormValue("reason"), Timeline: c.FormValue("timeline"),
		AllowSelfPublish: s.allowSelfPublish(c)}
	p := timeline.NewProblems("")
	for _, v := range params["event"] {
		id, ver, _ := strings.Cut(v, ":")
		n, err1 := strconv.ParseInt(id, 10, 64)
		vn, err2 := strconv.Atoi(ver)
		if err1 != nil || err2 != nil {
			p.AddMsg("events", "problem.list.event", "%q is not an event of the list", v)
			continue
		}
		b.Events = append(b.Events, timeline.BulkEvent{ID: n, Version: vn})
	}
	back := c.FormValue("return")
	if !strings.HasPrefix(back, "/staff/events") && !strings.HasPrefix(back, "/staff/review") {
		back = "/staff/events"
	}
	page := views.BulkReportPage{Meta: s.staffMeta(c, tr(c, "staff.bulk.title"), "Events"), Step: tr(c, "staff.bulk.done."+b.Step), BackURL: back}
	var results []timeline.BulkResult
	if err = p.Err(); err == nil {
		results, err = s.store.BulkEvents(ctx, currentUser(c), b)
	}
	switch timeline.ErrorCode(err) {
	case "":
	case timeline.EINVALID:
		// Nothing was done: the list again, with what to fix.
		page.Meta.Title = tr(c, "staff.title", tr(c, "staff.bulk.title.notdone"))
		_, list := problemMap(c, err)
		return render(c, http.StatusUnprocessableEntity, views.StaffBulkReport(page, list))
	default:
		return err
	}
	for _, r := range results {
		row := views.BulkRow{ID: r.ID, URL: fmt.Sprintf("/staff/events/%d", r.ID), Title: r.Title}
		if r.Refusal != nil {
			row.Reason = errorSaid(ctx, r.Refusal)
		}
		if r.Title == "" {
			row.Title = tr(c, "staff.event.numbered", int(r.ID))
		}
		if r.Done {
			page.Done = append(page.Done, row)
		} else {
			page.Refused = append(page.Refused, row)
		}
	}
	return render(c, statusOK, views.StaffBulkReport(page, nil))
}
