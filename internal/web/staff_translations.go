package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/markdown"
	"annals/internal/timeline"
	"annals/views"
)

// TranslationStore is what content translations need: the staff pages that
// write them and the public pages that show the published ones.
type TranslationStore interface {
	TranslationOriginal(ctx context.Context, of string, id int64) (lang, title string, err error)
	Translations(ctx context.Context, of string, id int64) ([]timeline.StaffTranslation, error)
	Translation(ctx context.Context, k timeline.TranslationKey) (timeline.StaffTranslation, error)
	SaveTranslation(ctx context.Context, by auth.User, in timeline.TranslationSave) (int, error)
	PublishTranslation(ctx context.Context, by auth.User, a timeline.TranslationAction) (int, error)
	DeleteTranslation(ctx context.Context, by auth.User, a timeline.TranslationAction) error
	TimelineBySlug(ctx context.Context, slug string) (timeline.Timeline, error)
	TranslateEvents(ctx context.Context, lang, original string, events []timeline.Event) error
	TranslateTimelines(ctx context.Context, lang string, timelines ...*timeline.Timeline) error
}

// translationOwner is the event or timeline a translation page is about.
type translationOwner struct {
	of           string
	id           int64
	base         string // "/staff/events/12/translations"
	title        string
	originalLang string
	backURL      string
	backLabel    string
}

func (s *Server) translationOwner(c echo.Context, of string) (translationOwner, error) {
	ctx := c.Request().Context()
	o := translationOwner{of: of}
	switch of {
	case timeline.OfEvent:
		id, err := pathID(c)
		if err != nil {
			return o, err
		}
		o.id = id
		o.base = fmt.Sprintf("/staff/events/%d/translations", id)
		o.backURL, o.backLabel = fmt.Sprintf("/staff/events/%d", id), tr(c, "staff.tr.backevent")
	default:
		t, err := s.store.TimelineBySlug(ctx, c.Param("slug"))
		if err != nil {
			return o, err
		}
		o.id = t.ID
		o.base = "/staff/timelines/" + url.PathEscape(t.Slug) + "/translations"
		o.backURL, o.backLabel = "/staff/timelines", tr(c, "staff.tr.backtimelines")
	}
	var err error
	o.originalLang, o.title, err = s.store.TranslationOriginal(ctx, of, o.id)
	return o, err
}

// languageLabel is "Burmese (my)" for staff, in the page's language.
func languageLabel(ctx context.Context, tag string) string {
	name := views.LanguageName(ctx, tag)
	if name == tag {
		return tag
	}
	return name + " (" + tag + ")"
}

func translationStatus(ctx context.Context, tr timeline.StaffTranslation) string {
	switch {
	case tr.Status == timeline.TranslationPublished:
		return views.T(ctx, "staff.tr.status.published")
	case tr.Published != nil:
		return views.T(ctx, "staff.tr.status.newtext")
	}
	return views.T(ctx, "staff.tr.status.waiting")
}

// translationRows lists translations for the page at base; current is the
// language being edited.
func translationRows(ctx context.Context, list []timeline.StaffTranslation, base, current string) []views.TranslationRow {
	var rows []views.TranslationRow
	for _, tr := range list {
		rows = append(rows, views.TranslationRow{Lang: tr.Key.Lang, Label: languageLabel(ctx, tr.Key.Lang), Status: translationStatus(ctx, tr),
			Title: tr.Text.Title, URL: base + "/" + url.PathEscape(tr.Key.Lang), Updated: views.Stamp(ctx, tr.UpdatedAt),
			UpdatedBy: tr.UpdatedBy, Current: tr.Key.Lang == current})
	}
	return rows
}

// editorTranslations is the Translations section of the event editor.
func (s *Server) editorTranslations(ctx context.Context, eventID int64) *views.TranslationSummary {
	base := fmt.Sprintf("/staff/events/%d/translations", eventID)
	list, err := s.store.Translations(ctx, timeline.OfEvent, eventID)
	if err != nil {
		s.log.Warn("load translations for the editor", "event", eventID, "err", err)
		return &views.TranslationSummary{URL: base}
	}
	return &views.TranslationSummary{URL: base, Rows: translationRows(ctx, list, base, "")}
}

// translationPage builds the page for owner o; lang is the translation
// being edited, "" for a new one.
func (s *Server) translationPage(c echo.Context, o translationOwner, lang string) (views.TranslationsPage, *timeline.StaffTranslation, error) {
	ctx := c.Request().Context()
	kind := "event"
	if o.of == timeline.OfTimeline {
		kind = "timeline"
	}
	page := views.TranslationsPage{
		Meta:    s.staffMeta(c, tr(c, "staff.catalog.translations"), map[string]string{"event": "Events", "timeline": "Timelines"}[kind]),
		Heading: tr(c, "staff.tr.heading."+kind, o.title), BackURL: o.backURL, BackLabel: o.backLabel,
		OriginalLang: languageLabel(c.Request().Context(), o.originalLang), Action: o.base, NewURL: o.base, New: lang == "",
		Lang: lang, LangLabel: languageLabel(c.Request().Context(), lang), Errors: map[string]string{},
	}
	list, err := s.store.Translations(ctx, o.of, o.id)
	if err != nil {
		return page, nil, err
	}
	page.Rows = translationRows(c.Request().Context(), list, o.base, lang)
	if lang == "" {
		have := map[string]bool{}
		for _, tr := range list {
			have[tr.Key.Lang] = true
		}
		for _, l := range i18n.Messages().Languages() {
			if !timeline.SameLanguage(l, o.originalLang) && !have[l] {
				page.Languages = append(page.Languages, views.Choice{Value: l, Label: languageLabel(c.Request().Context(), l)})
			}
		}
		return page, nil, nil
	}
	page.Action = o.base + "/" + url.PathEscape(lang)
	tr, err := s.store.Translation(ctx, timeline.TranslationKey{Of: o.of, ID: o.id, Lang: lang})
	if err != nil {
		return page, nil, err
	}
	page.Version, page.Title, page.Summary = tr.Version, tr.Text.Title, tr.Text.Summary
	page.Waiting = tr.Status == timeline.TranslationDraft
	if tr.Published != nil {
		page.Published, page.PublishedTitle, page.PublishedSummary = true, tr.Published.Title, tr.Published.Summary
	}
	page.Workflow = s.translationWorkflow(c, o, tr)
	return page, &tr, nil
}

func (s *Server) translationWorkflow(c echo.Context, o translationOwner, tr timeline.StaffTranslation) []views.WorkflowAction {
	u := currentUser(c)
	base := o.base + "/" + url.PathEscape(tr.Key.Lang)
	publishRole, deleteRole := auth.RoleReviewer, auth.RoleEditor
	if o.of == timeline.OfTimeline {
		publishRole = auth.RoleEditor
	}
	var out []views.WorkflowAction
	if tr.Status == timeline.TranslationDraft && u.Can(publishRole) {
		a := views.WorkflowAction{Label: views.T(c.Request().Context(), "staff.tr.publish"), URL: base + "/publish", Version: tr.Version}
		if has64(tr.Authors, u.ID) && !s.allowSelfPublish(c) {
			a.Disabled, a.Note = true, views.T(c.Request().Context(), "staff.tr.own")
		}
		out = append(out, a)
	}
	if u.Can(deleteRole) {
		out = append(out, views.WorkflowAction{Label: views.T(c.Request().Context(), "staff.tr.delete"), URL: base + "/delete", Version: tr.Version, Danger: true})
	}
	return out
}

func (s *Server) translationsPage(of string) echo.HandlerFunc {
	return func(c echo.Context) error {
		o, err := s.translationOwner(c, of)
		if err != nil {
			return err
		}
		lang := ""
		if c.Param("lang") != "" {
			if lang, err = pathLang(c); err != nil {
				return err
			}
		}
		page, _, err := s.translationPage(c, o, lang)
		if err != nil {
			return err
		}
		return render(c, statusOK, views.StaffTranslations(page))
	}
}

// saveTranslation saves the form's text (a new translation when the path
// has no language). Whatever goes wrong, the form comes back as typed.
func (s *Server) saveTranslation(of string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		o, err := s.translationOwner(c, of)
		if err != nil {
			return err
		}
		zawgyiApply(c) // zawgyi=convert: convert Zawgyi text before reading it (zawgyi_form.go)
		lang, chosen, other := "", strings.TrimSpace(c.FormValue("lang")), strings.TrimSpace(c.FormValue("lang_other"))
		if c.Param("lang") != "" {
			if lang, err = pathLang(c); err != nil {
				return err
			}
		}
		target := lang
		if target == "" {
			target = chosen
			if other != "" {
				target = other
			}
		}
		version, _ := strconv.Atoi(c.FormValue("version"))
		title := c.FormValue("title")
		summary := strings.ReplaceAll(c.FormValue("summary"), "\r\n", "\n")
		reason := c.FormValue("reason")
		button := c.FormValue("do")
		if button == "" {
			button = c.FormValue("zawgyi_do") // the Zawgyi notice's buttons repeat the first press
		}
		zgFields := []zawgyiField{{"tr-title", "Title", title, "title"}, {"tr-summary", "Summary", summary, "summary"},
			{"tr-reason", "Why", reason, "reason"}}
		var zg *views.ZawgyiNotice

		again := func(status int, errs error, preview bool) error {
			page, _, perr := s.translationPage(c, o, lang)
			if perr != nil {
				return perr
			}
			page.Version, page.Title, page.Summary, page.Reason = version, title, summary, reason
			if page.New {
				page.Lang, page.OtherLang = chosen, other
			}
			if errs != nil {
				page.Errors, page.ErrorList = problemMap(c, errs)
			}
			if preview {
				page.PreviewHTML = markdown.ToHTML(summary)
			}
			if zg != nil {
				page.Meta.Zawgyi, page.Errors = zg, markZawgyi(page.Errors, zgFields, zg)
			}
			return render(c, status, views.StaffTranslations(page))
		}
		if button == "preview" {
			return again(statusOK, nil, true)
		}
		if zg = zawgyiCheck(c, "translation-form", zgFields); zg != nil {
			zg.Do = button // nothing is saved until staff say what to do with Zawgyi text
			return again(http.StatusUnprocessableEntity, nil, false)
		}
		if target == "" {
			return again(http.StatusUnprocessableEntity, &timeline.ValidationError{Problems: []timeline.Problem{{Field: "lang",
				Message: "choose a language, or type its tag"}}}, false)
		}
		_, err = s.store.SaveTranslation(ctx, currentUser(c), timeline.TranslationSave{
			Key: timeline.TranslationKey{Of: of, ID: o.id, Lang: target}, Title: title, Summary: summary, Version: version, Reason: reason})
		switch timeline.ErrorCode(err) {
		case "":
		case timeline.EINVALID:
			return again(http.StatusUnprocessableEntity, err, false)
		case timeline.ECONFLICT:
			return again(http.StatusConflict, err, false)
		default:
			return err
		}
		s.flash(c, tr(c, "staff.flash.trsaved"))
		return c.Redirect(http.StatusSeeOther, o.base+"/"+url.PathEscape(target))
	}
}

// translationAction publishes or deletes a translation and returns to its
// page with a note of what happened.
func (s *Server) translationAction(of, action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		o, err := s.translationOwner(c, of)
		if err != nil {
			return err
		}
		lang, err := pathLang(c)
		if err != nil {
			return err
		}
		version, _ := strconv.Atoi(c.FormValue("version"))
		a := timeline.TranslationAction{Key: timeline.TranslationKey{Of: of, ID: o.id, Lang: lang}, Version: version,
			Reason: c.FormValue("reason"), AllowSelfPublish: s.allowSelfPublish(c)}
		u := currentUser(c)
		dest, msg := o.base+"/"+url.PathEscape(lang), ""
		switch action {
		case "publish":
			_, err = s.store.PublishTranslation(ctx, u, a)
			msg = tr(c, "staff.flash.trpublished")
		case "delete":
			err = s.store.DeleteTranslation(ctx, u, a)
			msg, dest = tr(c, "staff.flash.trdeleted"), o.base
		}
		switch timeline.ErrorCode(err) {
		case "":
			s.flash(c, msg)
		case timeline.EINVALID, timeline.ECONFLICT, timeline.ENOTFOUND:
			s.flash(c, tr(c, "staff.flash.notdone", errorSaid(c.Request().Context(), err)))
			dest = o.base
		default:
			return err
		}
		return c.Redirect(http.StatusSeeOther, dest)
	}
}

// sameTranslation reports whether two revision records are of the same
// language (true for records without one, such as events').
func sameTranslation(a, b []byte) bool {
	lang := func(rec []byte) string {
		for _, f := range timeline.Fields(rec) {
			if f.Name == "lang" {
				return f.Value
			}
		}
		return ""
	}
	return lang(a) == lang(b)
}

// ownRecord is the newest record of entity itself among revs (not of one
// of its translations).
func ownRecord(revs []timeline.Revision, entity string) []byte {
	for _, r := range revs {
		if r.Entity == entity {
			return r.Record
		}
	}
	return revs[0].Record
}
