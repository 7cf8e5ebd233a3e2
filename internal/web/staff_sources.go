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
	"annals/internal/timeline"
	"annals/views"
)

func sourceRow(c echo.Context, ls timeline.LibrarySource) views.SourceRow {
	return views.SourceRow{ID: ls.Source.ID, EditURL: fmt.Sprintf("/staff/sources/%d", ls.Source.ID),
		HistoryURL: fmt.Sprintf("/staff/sources/%d/history", ls.Source.ID), Title: ls.Source.Title,
		Publisher: ls.Source.Publisher, URL: safeHTTP(ls.Source.URL), Date: staffDate(c, ls.Source.Published),
		Kind: sourceKind(c, ls.Source.Kind), Confidential: ls.Source.Confidential, Uses: ls.Uses}
}

// safeHTTP passes only http(s) URLs on to a link.
func safeHTTP(u string) string {
	if timeline.ValidateHTTPURL(u) == nil {
		return u
	}
	return ""
}

// sourceListPage is how many sources the library list shows at once.
const sourceListPage = 100

// sourceList shows the library a page at a time, narrowed by ?q= (part of
// a title, publisher or web address), ?kind=, ?confidential=yes|no and
// ?unused=1, in ?sort= order; ?after= pages on.
func (s *Server) sourceList(c echo.Context) error {
	q := timeline.SourceQuery{Text: strings.TrimSpace(c.QueryParam("q")), Kind: c.QueryParam("kind"),
		Confidential: c.QueryParam("confidential"), Unused: c.QueryParam("unused") != "", Sort: c.QueryParam("sort"),
		After: c.QueryParam("after"), Limit: sourceListPage}
	page := views.SourceListPage{Meta: s.staffMeta(c, tr(c, "staff.nav.sources"), "Sources"), CanEdit: currentUser(c).Can(auth.RoleEditor),
		Query: q.Text, Kind: q.Kind, Confidential: q.Confidential, Unused: q.Unused, Sort: q.Sort}
	page.Kinds = append([]views.Choice{{Value: "", Label: tr(c, "staff.catalog.anykind")}}, kindChoices(c)...)
	page.Sorts = []views.Choice{{Value: "title", Label: tr(c, "staff.sources.sort.title")},
		{Value: "newest", Label: tr(c, "staff.sources.sort.newest")}, {Value: "date", Label: tr(c, "staff.sources.sort.date")}}
	status := statusOK
	found, err := s.store.SourceList(c.Request().Context(), q)
	switch timeline.ErrorCode(err) {
	case "":
	case timeline.EINVALID:
		status = http.StatusUnprocessableEntity
		_, page.ErrorList = problemMap(c, err)
	default:
		return err
	}
	for _, ls := range found.Sources {
		page.Rows = append(page.Rows, sourceRow(c, ls))
	}
	params := url.Values{}
	for k, v := range map[string]string{"q": q.Text, "kind": q.Kind, "confidential": q.Confidential, "sort": q.Sort} {
		if v != "" {
			params.Set(k, v)
		}
	}
	if q.Unused {
		params.Set("unused", "1")
	}
	if q.After != "" {
		page.FirstURL = "/staff/sources?" + params.Encode()
	}
	if found.Next != "" {
		params.Set("after", found.Next)
		page.NextURL = "/staff/sources?" + params.Encode()
	}
	return render(c, status, views.StaffSources(page))
}

func kindChoices(c echo.Context) []views.Choice {
	var out []views.Choice
	for _, k := range timeline.SourceKinds {
		out = append(out, views.Choice{Value: k, Label: sourceKind(c, k)})
	}
	return out
}

func (s *Server) editSourceForm(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ls, err := s.store.LibrarySourceByID(c.Request().Context(), id)
	if err != nil {
		return err
	}
	src := ls.Source
	page := views.SourceEditPage{Meta: s.staffMeta(c, tr(c, "staff.source.title", src.Title), "Sources"), ID: id, Version: ls.Version,
		Form: views.CitationRow{URL: src.URL, Title: src.Title, Publisher: src.Publisher, Published: src.Published.String(),
			Kind: src.Kind, ArchiveURL: src.ArchiveURL, Language: src.Language, Confidential: src.Confidential},
		Kinds: kindChoices(c), HistoryURL: fmt.Sprintf("/staff/sources/%d/history", id), Uses: ls.Uses, Errors: map[string]string{}}
	return render(c, statusOK, views.StaffSourceEdit(page))
}

func (s *Server) saveSource(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	zawgyiApply(c)
	row := views.CitationRow{URL: strings.TrimSpace(c.FormValue("url")), Title: c.FormValue("title"),
		Publisher: c.FormValue("publisher"), Published: strings.TrimSpace(c.FormValue("published")), Kind: c.FormValue("kind"),
		ArchiveURL: strings.TrimSpace(c.FormValue("archive")), Language: strings.TrimSpace(c.FormValue("language")),
		Confidential: formBool(c, "confidential")}
	version, _ := strconv.Atoi(c.FormValue("version"))
	reason := c.FormValue("reason")
	p := timeline.NewProblems("")
	src, _ := sourceFromRow(row, "", p)
	src.ID = id
	zg := zawgyiCheck(c, "source-form", sourceZawgyiFields(row, reason))
	err = p.Err()
	if err == nil && zg == nil {
		_, err = s.store.UpdateSource(ctx, currentUser(c), src, version, reason)
		if err == nil {
			s.flash(c, tr(c, "staff.flash.sourcesaved"))
			return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/staff/sources/%d", id))
		}
	}
	page := views.SourceEditPage{Meta: s.staffMeta(c, tr(c, "staff.source.titlebare"), "Sources"), ID: id, Version: version, Form: row,
		Reason: reason, Kinds: kindChoices(c), HistoryURL: fmt.Sprintf("/staff/sources/%d/history", id)}
	status := http.StatusUnprocessableEntity
	switch timeline.ErrorCode(err) {
	case "": // only the Zawgyi question
		page.Errors = map[string]string{}
	case timeline.EINVALID:
		page.Errors, page.ErrorList = problemMap(c, err)
	case timeline.ECONFLICT:
		status = http.StatusConflict
		page.Errors = map[string]string{}
		page.Conflict = timeline.ErrorMessage(err)
		if ls, lerr := s.store.LibrarySourceByID(ctx, id); lerr == nil {
			page.Version = ls.Version
			page.Conflict += " " + tr(c, "staff.sources.conflict.now", ls.Source.Title, ls.Source.Publisher, ls.Source.URL)
		}
	default:
		return err
	}
	page.Meta.Zawgyi, page.Errors = zg, markZawgyi(page.Errors, sourceZawgyiFields(row, reason), zg)
	return render(c, status, views.StaffSourceEdit(page))
}

func (s *Server) sourceHistory(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	revs, err := s.store.History(c.Request().Context(), "source", id)
	if err != nil {
		return err
	}
	page := historyPage(c, revs, fmt.Sprintf("/staff/sources/%d/history", id))
	page.Meta = s.staffMeta(c, tr(c, "staff.source.historytitle"), "Sources")
	page.Heading = tr(c, "staff.source.historyheading", int(id))
	page.BackURL = "/staff/sources"
	if currentUser(c).Can(auth.RoleEditor) {
		if ls, err := s.store.LibrarySourceByID(c.Request().Context(), id); err == nil {
			page.BackURL = fmt.Sprintf("/staff/sources/%d", id)
			for i := range page.Revisions {
				page.Revisions[i].RestoreURL = fmt.Sprintf("/staff/sources/%d/restore", id)
				page.Revisions[i].CurrentVersion = ls.Version
			}
		}
	}
	return render(c, statusOK, views.StaffHistory(page))
}

func (s *Server) sourceDuplicates(c echo.Context) error {
	groups, err := s.store.DuplicateSources(c.Request().Context())
	if err != nil {
		return err
	}
	page := views.DuplicatesPage{Meta: s.staffMeta(c, tr(c, "staff.dup.heading"), "Sources")}
	for _, g := range groups {
		dg := views.DuplicateGroup{NormURL: g[0].NormURL}
		for _, ls := range g {
			dg.Sources = append(dg.Sources, sourceRow(c, ls))
		}
		page.Groups = append(page.Groups, dg)
	}
	return render(c, statusOK, views.StaffDuplicates(page))
}

func (s *Server) mergeSources(c echo.Context) error {
	keep, _ := strconv.ParseInt(c.FormValue("keep"), 10, 64)
	drop, _ := strconv.ParseInt(c.FormValue("drop"), 10, 64)
	err := s.store.MergeSources(c.Request().Context(), currentUser(c), keep, drop, c.FormValue("reason"))
	switch timeline.ErrorCode(err) {
	case "":
		s.flash(c, tr(c, "staff.flash.sourcemerged", int(drop), int(keep)))
	case timeline.EINVALID, timeline.ENOTFOUND:
		s.flash(c, tr(c, "staff.flash.notmerged", timeline.ErrorMessage(err)))
	default:
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/sources/duplicates")
}

// catalogPage lists categories, actors or timelines with a form to add or
// change one (an existing slug changes that one).
func (s *Server) catalogPage(kind string) echo.HandlerFunc {
	return func(c echo.Context) error {
		page, err := s.catalog(c, kind)
		if err != nil {
			return err
		}
		return render(c, statusOK, views.StaffCatalog(page))
	}
}

func (s *Server) catalog(c echo.Context, kind string) (views.CatalogPage, error) {
	ctx := c.Request().Context()
	page := views.CatalogPage{Kind: kind, Errors: map[string]string{}, Form: views.CatalogForm{Kind: "other", Language: "en"}}
	var nav string // the section, by its English label
	switch kind {
	case "category", "actor":
		nav, page.Action = "Categories", "/staff/categories"
		if kind == "actor" {
			nav, page.Action = "Actors", "/staff/actors"
		}
		if err := s.catalogList(c, kind, &page); err != nil {
			return page, err
		}
		if kind == "category" {
			break
		}
		for _, k := range timeline.ActorKinds {
			page.Kinds = append(page.Kinds, views.Choice{Value: k, Label: tr(c, "staff.actorkind."+k)})
		}
	case "metric":
		// What figures count: the editor's metric field chooses from it.
		nav, page.Action = "Metrics", "/staff/metrics"
		list, err := s.store.Metrics(ctx)
		if err != nil {
			return page, err
		}
		page.Form.Unit = "people"
		page.Form.Names = metricNameFields(nil)
		edit := c.QueryParam("edit")
		for _, x := range list {
			detail := tr(c, "staff.metric.detail", x.Unit, x.Figures)
			if !x.Reviewed {
				detail += tr(c, "staff.metric.new")
			}
			for _, n := range metricNameFields(x.Names) {
				if n.Value != "" {
					detail += "; " + n.Label + ": " + n.Value
				}
			}
			if x.Slug == edit {
				page.Form.Slug, page.Form.Name, page.Form.Unit, page.Form.Names = x.Slug, x.Name, x.Unit, metricNameFields(x.Names)
			}
			page.Rows = append(page.Rows, views.CatalogRow{Slug: x.Slug, Name: x.Name, Detail: detail, New: !x.Reviewed})
		}
	case "timeline":
		nav, page.Action = "Timelines", "/staff/timelines"
		list, err := s.store.AllTimelines(ctx)
		if err != nil {
			return page, err
		}
		for _, x := range list {
			page.Rows = append(page.Rows, views.CatalogRow{Slug: x.Slug, Name: x.Title, Detail: tr(c, "staff.visibility."+string(x.Visibility))})
		}
	}
	page.Heading = tr(c, "staff.nav."+strings.ToLower(nav))
	page.Meta = s.staffMeta(c, page.Heading, nav)
	return page, nil
}

func (s *Server) saveCatalog(kind string) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		zawgyiApply(c)
		f := views.CatalogForm{Slug: strings.TrimSpace(c.FormValue("slug")), Name: c.FormValue("name"), Kind: c.FormValue("kind"),
			Note: c.FormValue("note"), Summary: c.FormValue("summary"), Language: strings.TrimSpace(c.FormValue("language")),
			Internal: formBool(c, "internal"), Unit: c.FormValue("unit")}
		if kind == "metric" {
			names := map[string]string{}
			for _, n := range metricNameFields(nil) {
				names[n.Lang] = c.FormValue("name_" + n.Lang)
			}
			f.Names = metricNameFields(names)
		}
		zg := zawgyiCheck(c, "catalog-form", catalogZawgyiFields(kind, f))
		var err error
		switch {
		case zg != nil: // nothing is saved until staff say what to do with Zawgyi text
		case kind == "category":
			err = s.store.SaveCategory(ctx, currentUser(c), timeline.Category{Slug: f.Slug, Name: f.Name})
		case kind == "metric":
			m := timeline.Metric{Slug: f.Slug, Name: f.Name, Unit: f.Unit, Names: map[string]string{}}
			for _, n := range f.Names {
				m.Names[n.Lang] = n.Value
			}
			err = s.store.SaveMetric(ctx, currentUser(c), m)
		case kind == "actor":
			err = s.store.SaveActor(ctx, currentUser(c), timeline.Actor{Slug: f.Slug, Name: f.Name, Kind: f.Kind, Note: f.Note})
		case kind == "timeline":
			vis := timeline.VisibilityPublic
			if f.Internal {
				vis = timeline.VisibilityInternal
			}
			err = s.store.SaveTimeline(ctx, currentUser(c), timeline.Timeline{Slug: f.Slug, Title: f.Name, Summary: f.Summary, Language: f.Language, Visibility: vis})
		}
		page, lerr := s.catalog(c, kind)
		if lerr != nil {
			return lerr
		}
		switch timeline.ErrorCode(err) {
		case "":
			if zg != nil {
				page.Form, page.Meta.Zawgyi, page.Errors = f, zg, markZawgyi(page.Errors, catalogZawgyiFields(kind, f), zg)
				return render(c, http.StatusUnprocessableEntity, views.StaffCatalog(page))
			}
			s.flash(c, tr(c, "staff.flash.saved"))
			return c.Redirect(http.StatusSeeOther, page.Action)
		case timeline.EINVALID:
			page.Form = f
			page.Errors, page.ErrorList = problemMap(c, err)
			return render(c, http.StatusUnprocessableEntity, views.StaffCatalog(page))
		}
		return err
	}
}

// metricNameFields are the metric name fields of the staff form: one per
// reader language other than English, holding names' values.
func metricNameFields(names map[string]string) []views.CatalogName {
	var out []views.CatalogName
	en := views.WithLang(context.Background(), i18n.Default)
	for _, lang := range i18n.Messages().Languages() {
		if lang != i18n.Default {
			out = append(out, views.CatalogName{Lang: lang, Label: views.LanguageName(en, lang), Value: names[lang]})
		}
	}
	return out
}

func (s *Server) figureHistory(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	revs, err := s.store.History(c.Request().Context(), "figure", id)
	if err != nil {
		return err
	}
	page := historyPage(c, revs, fmt.Sprintf("/staff/figures/%d/history", id))
	page.Meta = s.staffMeta(c, tr(c, "staff.figure.historytitle"), "Events")
	page.Heading = tr(c, "staff.figure.historyheading", int(id))
	page.BackURL = "/staff/events"
	for _, f := range timeline.Fields(revs[0].Record) {
		if f.Name == "event_id" {
			page.BackURL = "/staff/events/" + f.Value
		}
	}
	return render(c, statusOK, views.StaffHistory(page))
}

func (s *Server) restoreSource(c echo.Context) error {
	id, err := pathID(c)
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(c.FormValue("version"))
	rev, _ := strconv.ParseInt(c.FormValue("revision"), 10, 64)
	_, err = s.store.RestoreSource(c.Request().Context(), currentUser(c), id, version, rev)
	switch timeline.ErrorCode(err) {
	case "":
		s.flash(c, tr(c, "staff.flash.sourcerestored"))
	case timeline.EINVALID, timeline.ECONFLICT:
		s.flash(c, tr(c, "staff.flash.notrestored", timeline.ErrorMessage(err)))
	default:
		return err
	}
	return c.Redirect(http.StatusSeeOther, fmt.Sprintf("/staff/sources/%d", id))
}

// catalogList is a page of actors or categories, searched (?q=), of one
// kind of actor (?kind=), in ?sort= order, paged by ?after=.
func (s *Server) catalogList(c echo.Context, kind string, page *views.CatalogPage) error {
	q := timeline.CatalogQuery{Text: strings.TrimSpace(c.QueryParam("q")), Kind: c.QueryParam("kind"),
		Sort: c.QueryParam("sort"), After: c.QueryParam("after"), Limit: sourceListPage}
	if kind != "actor" {
		q.Kind = ""
	}
	page.Searchable, page.Query, page.Filter, page.Sort = true, q.Text, q.Kind, q.Sort
	page.Sorts = []views.Choice{{Value: "name", Label: tr(c, "staff.catalog.sort.name")}, {Value: "newest", Label: tr(c, "staff.catalog.sort.newest")}}
	found, err := s.store.FindCatalog(c.Request().Context(), kind, q)
	switch timeline.ErrorCode(err) {
	case "":
	case timeline.EINVALID:
		_, page.ListErrors = problemMap(c, err)
		return nil
	default:
		return err
	}
	for _, x := range found.Items {
		detail := strings.ReplaceAll(x.Kind, "_", " ")
		if x.State == timeline.ItemProposed { // waiting at /staff/proposals
			detail = strings.TrimPrefix(detail+" · proposed, not public yet", " · ")
		}
		page.Rows = append(page.Rows, views.CatalogRow{Slug: x.Slug, Name: x.Name, Detail: detail, Uses: strconv.Itoa(x.Uses)})
	}
	params := url.Values{}
	for k, v := range map[string]string{"q": q.Text, "kind": q.Kind, "sort": q.Sort} {
		if v != "" {
			params.Set(k, v)
		}
	}
	if q.After != "" {
		page.FirstURL = page.Action + "?" + params.Encode()
	}
	if found.Next != "" {
		params.Set("after", found.Next)
		page.NextURL = page.Action + "?" + params.Encode()
	}
	return nil
}
