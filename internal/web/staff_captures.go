package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/capture"
	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// CaptureStore is what the capture pages need (postgres/capture*.go).
type CaptureStore interface {
	SourceCaptures(ctx context.Context, sourceID int64) ([]capture.Summary, error)
	PublicCaptures(ctx context.Context, sourceID int64) ([]capture.Summary, error)
	CaptureArtefact(ctx context.Context, sourceID, captureID int64, kind string) (string, []byte, error)
	PublicCaptureArtefact(ctx context.Context, sourceID, captureID int64, kind string) (string, []byte, error)
	QueueCapture(ctx context.Context, sourceID, by int64, reason string) error
	CaptureJobs(ctx context.Context, q capture.JobQuery) (capture.JobPage, error)
	SourcesAtRisk(ctx context.Context, q capture.RiskQuery) (capture.RiskPage, error)
}

// publicCapturesSetting lets public source pages show a capture's
// screenshot and text; without it they show the date and hash alone.
const publicCapturesSetting = "public_captures"

func (s *Server) publicCaptures(ctx context.Context) bool {
	v, err := s.store.Setting(ctx, publicCapturesSetting, "false")
	return err == nil && v == "true"
}

// captureTime is when a capture was made or queued: ISO on English pages,
// the day in the page's words and digits otherwise, in UTC.
func captureTime(c echo.Context, t time.Time) string {
	if langOf(c) == i18n.Default {
		return captureISO(t)
	}
	return views.StampSeconds(c.Request().Context(), t) + " UTC"
}

func captureISO(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

func capturesPath(sourceID int64) string { return fmt.Sprintf("/staff/sources/%d/captures", sourceID) }

func artefactPath(prefix string, sourceID, captureID int64, kind string) string {
	return fmt.Sprintf("%s/sources/%d/captures/%d/%s", prefix, sourceID, captureID, kind)
}

// captureView makes a capture's view; text is its text when shown.
func captureView(e echo.Context, sourceID int64, c capture.Summary, text string) views.CaptureView {
	v := views.CaptureView{ID: strconv.FormatInt(c.ID, 10), At: captureTime(e, c.CapturedAt), URL: c.FinalURL, Requested: c.RequestedURL,
		Failure: c.Failure, By: c.RequestedBy, Reason: revisionReason(e, "", c.Reason), Software: c.Software,
		Seconds: i18n.Digits(langOf(e), strconv.FormatFloat(c.Seconds, 'f', 2, 64)), Status: tr(e, "staff.captures.nostatus"), Text: text}
	if c.HTTPStatus != 0 {
		v.Status = fmt.Sprintf("%d %s", c.HTTPStatus, http.StatusText(c.HTTPStatus))
	}
	for _, a := range c.Artefacts {
		u := artefactPath("/staff", sourceID, c.ID, a.Kind)
		v.Artefacts = append(v.Artefacts, views.ArtefactView{Kind: a.Kind, SHA256: a.SHA256, Size: byteSize(e, a.Size), URL: u})
		switch a.Kind {
		case "screenshot":
			v.Screenshot = u
		case "warc":
			v.WARCURL = u
		}
	}
	return v
}

// byteSize writes a size for people in the page's language: "1.5 MB".
func byteSize(c echo.Context, n int64) string {
	switch {
	case n >= 1<<20:
		return tr(c, "staff.size.mb", decimal(c, float64(n)/(1<<20)))
	case n >= 1<<10:
		return tr(c, "staff.size.kb", decimal(c, float64(n)/(1<<10)))
	}
	return tr(c, "staff.size.bytes", int(n))
}

func (s *Server) sourceCaptures(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	ls, err := s.store.LibrarySourceByID(ctx, id)
	if err != nil {
		return err
	}
	caps, err := s.store.SourceCaptures(ctx, id)
	if err != nil {
		return err
	}
	page := views.SourceCapturesPage{Meta: s.staffMeta(c, tr(c, "staff.captures.title", ls.Source.Title), "Sources"), ID: id, Title: ls.Source.Title,
		URL: ls.Source.URL, SourceURL: fmt.Sprintf("/staff/sources/%d", id), CanQueue: currentUser(c).Can(auth.RoleEditor)}
	for i, cp := range caps {
		text := ""
		if _, ok := cp.Artefact("text"); ok {
			_, b, err := s.store.CaptureArtefact(ctx, id, cp.ID, "text")
			if err != nil {
				return err
			}
			text = string(b)
		}
		v := captureView(c, id, cp, text)
		// The list is newest first: compare with the next successful one.
		for _, older := range caps[i+1:] {
			if older.OK() && cp.OK() {
				v.CompareWith = fmt.Sprintf("%s/compare?a=%d&b=%d", capturesPath(id), older.ID, cp.ID)
				break
			}
		}
		page.Captures = append(page.Captures, v)
	}
	return render(c, statusOK, views.StaffSourceCaptures(page))
}

func (s *Server) captureAgain(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	if err := s.store.QueueCapture(c.Request().Context(), id, u.ID, "captured again by staff"); err != nil {
		return err
	}
	s.flash(c, tr(c, "staff.flash.capturequeued"))
	return c.Redirect(http.StatusSeeOther, capturesPath(id))
}

func (s *Server) compareCaptures(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	a, errA := strconv.ParseInt(c.QueryParam("a"), 10, 64)
	b, errB := strconv.ParseInt(c.QueryParam("b"), 10, 64)
	if errA != nil || errB != nil {
		return timeline.Errorf(timeline.EINVALID, "Choose two captures to compare (a and b).")
	}
	ctx := c.Request().Context()
	caps, err := s.store.SourceCaptures(ctx, id)
	if err != nil {
		return err
	}
	find := func(cid int64) (capture.Summary, string, error) {
		for _, cp := range caps {
			if cp.ID == cid {
				_, t, err := s.store.CaptureArtefact(ctx, id, cid, "text")
				return cp, string(t), err
			}
		}
		return capture.Summary{}, "", timeline.Errorf(timeline.ENOTFOUND, "Source %d has no capture %d.", id, cid)
	}
	older, oldText, err := find(a)
	if err != nil {
		return err
	}
	newer, newText, err := find(b)
	if err != nil {
		return err
	}
	if newer.CapturedAt.Before(older.CapturedAt) {
		older, newer, oldText, newText = newer, older, newText, oldText
	}
	lines, changed := capture.Diff(oldText, newText)
	page := views.CaptureComparePage{Meta: s.staffMeta(c, tr(c, "staff.captures.comparetitle"), "Sources"), Title: tr(c, "staff.captures.comparetitle"),
		Back: capturesPath(id), Older: captureView(c, id, older, ""), Newer: captureView(c, id, newer, ""), Changed: changed}
	for _, l := range lines {
		page.Lines = append(page.Lines, views.DiffLineView{Op: l.Op, Text: l.Text})
	}
	return render(c, statusOK, views.StaffCaptureCompare(page))
}

// captureArtefact sends one kept file; the WARC as a download.
func (s *Server) captureArtefact(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	cid, err := strconv.ParseInt(c.Param("capture"), 10, 64)
	if err != nil {
		return timeline.Errorf(timeline.ENOTFOUND, "No such capture.")
	}
	kind := c.Param("kind")
	mt, b, err := s.store.CaptureArtefact(c.Request().Context(), id, cid, kind)
	if err != nil {
		return err
	}
	return sendArtefact(c, id, cid, kind, mt, b)
}

func sendArtefact(c echo.Context, sourceID, captureID int64, kind, mediaType string, b []byte) error {
	h := c.Response().Header()
	h.Set("X-Content-Type-Options", "nosniff")
	// A captured page is someone else's content: never run it here.
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; sandbox")
	switch kind {
	case "warc":
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="source-%d-capture-%d.warc"`, sourceID, captureID))
	case "pdf":
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="source-%d-capture-%d.pdf"`, sourceID, captureID))
	}
	return c.Blob(http.StatusOK, mediaType, b)
}

// captureListSize is how many rows a page of the capture queue or of
// the sources at risk shows.
const captureListSize = 50

// listStatus is the status of a staff list's page: 422 with the problems
// (each naming its parameter) when the query cannot be answered.
func listStatus(c echo.Context, err error) (int, []string, error) {
	switch timeline.ErrorCode(err) {
	case "":
		return statusOK, nil, nil
	case timeline.EINVALID:
		_, list := problemMap(c, err)
		return http.StatusUnprocessableEntity, list, nil
	}
	return 0, nil, err
}

// captureSortChoices are the orders of both capture lists, in the reader's language.
func captureSortChoices(c echo.Context) []views.Choice {
	var out []views.Choice
	for _, k := range capture.ListSorts {
		out = append(out, views.Choice{Value: k, Label: tr(c, "staff.captures.sort."+k)})
	}
	return out
}

func (s *Server) captureQueue(c echo.Context) error {
	const path = "/staff/captures"
	v := views.CaptureListQuery{Q: strings.TrimSpace(c.QueryParam("q")), Filter: c.QueryParam("state"),
		From: strings.TrimSpace(c.QueryParam("from")), To: strings.TrimSpace(c.QueryParam("to")), Sort: c.QueryParam("sort"),
		FilterName: "state"}
	found, err := s.store.CaptureJobs(c.Request().Context(), capture.JobQuery{Text: v.Q, State: v.Filter, From: v.From, To: v.To,
		Sort: v.Sort, After: c.QueryParam("after"), Limit: captureListSize})
	page := views.CaptureQueuePage{Meta: s.staffMeta(c, tr(c, "staff.captures.queue"), "Sources"), Action: path, Query: v,
		Sorts: captureSortChoices(c)}
	status, problems, err := listStatus(c, err)
	if err != nil {
		return err
	}
	page.ErrorList = problems
	page.States = []views.Choice{{Value: "", Label: tr(c, "staff.captures.state.any")}}
	for _, k := range capture.JobStates {
		page.States = append(page.States, views.Choice{Value: k, Label: tr(c, "staff.captures.state."+k)})
	}
	for _, j := range found.Jobs {
		reason := j.Failure
		if reason == "" && j.State != "completed" {
			reason = j.LastError
		}
		page.Jobs = append(page.Jobs, views.CaptureJobView{ID: strconv.FormatInt(j.ID, 10), State: tr(c, "staff.captures.state."+j.State),
			Attempts: tr(c, "staff.captures.attempts.of", j.Attempt, j.MaxAttempts), Title: j.Title, URL: j.URL, SourceURL: capturesPath(j.SourceID),
			Created: captureTime(c, j.CreatedAt), Reason: reason})
	}
	if found.Next != "" {
		page.NextURL = listURL(path, v.Params(), "after", found.Next)
	}
	if c.QueryParam("after") != "" {
		page.FirstURL = listURL(path, v.Params())
	}
	return render(c, status, views.StaffCaptureQueue(page))
}

func (s *Server) sourcesAtRisk(c echo.Context) error {
	const path = "/staff/captures/at-risk"
	v := views.CaptureListQuery{Q: strings.TrimSpace(c.QueryParam("q")), Filter: c.QueryParam("risk"),
		From: strings.TrimSpace(c.QueryParam("from")), To: strings.TrimSpace(c.QueryParam("to")), Sort: c.QueryParam("sort"),
		FilterName: "risk"}
	found, err := s.store.SourcesAtRisk(c.Request().Context(), capture.RiskQuery{Text: v.Q, Risk: v.Filter, From: v.From, To: v.To,
		Sort: v.Sort, After: c.QueryParam("after"), Limit: captureListSize})
	page := views.SourcesAtRiskPage{Meta: s.staffMeta(c, tr(c, "staff.captures.atrisk"), "Sources"), Action: path, Query: v,
		Sorts: captureSortChoices(c)}
	status, problems, err := listStatus(c, err)
	if err != nil {
		return err
	}
	page.ErrorList = problems
	page.Findings = []views.Choice{{Value: "", Label: tr(c, "staff.captures.risk.any")}}
	for _, k := range capture.Risks {
		page.Findings = append(page.Findings, views.Choice{Value: k, Label: tr(c, "staff.captures.risk."+k)})
	}
	for _, r := range found.Risks {
		page.Risks = append(page.Risks, views.RiskView{Title: r.Title, URL: r.URL, SourceURL: fmt.Sprintf("/staff/sources/%d", r.SourceID),
			CapturesURL: capturesPath(r.SourceID), Risk: tr(c, "staff.captures.risk."+r.Risk), Detail: r.Detail, CheckedAt: captureTime(c, r.CheckedAt)})
	}
	if found.Next != "" {
		page.NextURL = listURL(path, v.Params(), "after", found.Next)
	}
	if c.QueryParam("after") != "" {
		page.FirstURL = listURL(path, v.Params())
	}
	return render(c, status, views.StaffSourcesAtRisk(page))
}

// publicCaptureArtefact serves a public source's capture text or
// screenshot, when the organisation's setting allows; the same answer as
// a missing source otherwise.
func (s *Server) publicCaptureArtefact(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return timeline.Errorf(timeline.ENOTFOUND, "There is no source %q.", c.Param("id"))
	}
	cid, err := strconv.ParseInt(c.Param("capture"), 10, 64)
	if err != nil {
		return timeline.Errorf(timeline.ENOTFOUND, "No such capture.")
	}
	ctx := c.Request().Context()
	if _, err := s.store.PublicSource(ctx, id); err != nil {
		return err
	}
	if !s.publicCaptures(ctx) {
		return timeline.Errorf(timeline.ENOTFOUND, "No such capture.")
	}
	kind := c.Param("kind")
	mt, b, err := s.store.PublicCaptureArtefact(ctx, id, cid, kind)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400, immutable")
	return sendArtefact(c, id, cid, kind, mt, b)
}
