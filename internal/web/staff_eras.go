package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// Eras of a timeline (/staff/timelines/:slug/eras): editors list, add,
// change and delete them. ?edit={id} puts an era in the form.

func erasPath(slug string) string { return "/staff/timelines/" + url.PathEscape(slug) + "/eras" }

// erasPage builds the page with form f (the era chosen or being added).
func (s *Server) erasPage(c echo.Context, slug string, f views.EraForm) (views.ErasPage, error) {
	t, eras, err := s.store.TimelineEras(c.Request().Context(), slug)
	if err != nil {
		return views.ErasPage{}, err
	}
	p := views.ErasPage{Meta: s.staffMeta(c, tr(c, "staff.eras.heading", t.Title), "Timelines"), Timeline: t.Title, Slug: t.Slug,
		Action: erasPath(t.Slug), Form: f, Errors: map[string]string{}}
	for _, e := range eras {
		p.Rows = append(p.Rows, views.EraRow{ID: e.ID, Title: e.Title, Span: i18n.FormatRange(langOf(c), e.Range()),
			Summary: e.Summary, Version: e.Version, EditURL: fmt.Sprintf("%s?edit=%d", p.Action, e.ID),
			DeleteURL: fmt.Sprintf("%s/%d/delete", p.Action, e.ID)})
		if f.ID == 0 && c.QueryParam("edit") == strconv.FormatInt(e.ID, 10) {
			p.Form = views.EraForm{ID: e.ID, Version: e.Version, Title: e.Title, Summary: e.Summary,
				Start: e.Start.String(), End: e.End.String()}
		}
	}
	return p, nil
}

func (s *Server) erasList(c echo.Context) error {
	p, err := s.erasPage(c, c.Param("slug"), views.EraForm{})
	if err != nil {
		return err
	}
	return render(c, statusOK, views.StaffEras(p))
}

// saveEra adds an era (id 0) or changes one at its version. A problem
// shows the form again with each field's message; nothing is saved.
func (s *Server) saveEra(c echo.Context) error {
	slug := c.Param("slug")
	f := views.EraForm{Title: strings.TrimSpace(c.FormValue("title")), Summary: c.FormValue("summary"),
		Start: strings.TrimSpace(c.FormValue("start")), End: strings.TrimSpace(c.FormValue("end")),
		Reason: c.FormValue("reason")}
	f.ID, _ = strconv.ParseInt(c.FormValue("id"), 10, 64)
	f.Version, _ = strconv.Atoi(c.FormValue("version"))
	e := timeline.Era{ID: f.ID, Version: f.Version, Title: f.Title, Summary: f.Summary}
	p := timeline.NewProblems("")
	var err error
	if f.Start != "" {
		e.Start, err = timeline.ParseDate(f.Start)
		p.AddErr("start", err)
	}
	if f.End != "" {
		e.End, err = timeline.ParseDate(f.End)
		p.AddErr("end", err)
	}
	err = p.Err()
	if err == nil {
		_, _, err = s.store.SaveEra(c.Request().Context(), currentUser(c), timeline.EraSave{Timeline: slug, Era: e, Reason: f.Reason})
	} else if verr := (*timeline.ValidationError)(nil); errors.As(e.Validate(), &verr) {
		// Report the other fields' problems too, not the dates twice.
		for _, q := range verr.Problems {
			if q.Field != "start" && q.Field != "end" {
				p.AddProblem(q)
			}
		}
		err = p.Err()
	}
	if timeline.ErrorCode(err) != timeline.EINVALID {
		if err != nil {
			return err
		}
		s.flash(c, tr(c, "staff.flash.erasaved"))
		return c.Redirect(http.StatusSeeOther, erasPath(slug))
	}
	page, lerr := s.erasPage(c, slug, f)
	if lerr != nil {
		return lerr
	}
	page.Errors, page.ErrorList = problemMap(c, err)
	return render(c, http.StatusUnprocessableEntity, views.StaffEras(page))
}

func (s *Server) deleteEra(c echo.Context) error {
	slug := c.Param("slug")
	id, err := pathID(c)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	if err := s.store.DeleteEra(c.Request().Context(), currentUser(c), slug, id, version, c.FormValue("reason")); err != nil {
		return err
	}
	s.flash(c, tr(c, "staff.flash.eradeleted"))
	return c.Redirect(http.StatusSeeOther, erasPath(slug))
}
