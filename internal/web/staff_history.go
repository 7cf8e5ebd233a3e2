package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// The history list (/staff/history): every revision of the record, who
// made it, when and why, searched, filtered, sorted and paged by GET
// parameters like the other staff lists.

// historyListSize is how many revisions a page of the history list shows.
const historyListSize = 50

// adminEntities are the records whose history only an admin reads: the
// accounts, the settings and the API tokens (every role reads the rest,
// as each record's own history page).
var adminEntities = []string{"user", "setting", "api_token"}

// historyEntities are the kinds of record u may see in the history list.
func historyEntities(u auth.User) []string {
	if u.Can(auth.RoleAdmin) {
		return nil
	}
	return slices.DeleteFunc(slices.Clone(timeline.RevisionEntities), func(e string) bool {
		return slices.Contains(adminEntities, e)
	})
}

// entityLabel names a kind of record ("Translation of an event") in the
// page's language; a kind without a message keeps its own name.
func entityLabel(c echo.Context, entity string) string {
	if msg, ok := i18n.Messages().Lookup(langOf(c), "staff.entity."+entity); ok {
		return msg
	}
	return entity
}

// historyURL is the page of one record's own history, where there is one.
func historyURL(entity string, id int64) string {
	switch entity {
	case "event", "event_translation":
		return fmt.Sprintf("/staff/events/%d/history", id)
	case "source":
		return fmt.Sprintf("/staff/sources/%d/history", id)
	case "figure":
		return fmt.Sprintf("/staff/figures/%d/history", id)
	}
	return ""
}

// listURL is path with params (empty ones left out) and more, e.g. the
// cursor of the next page: a staff list's own address.
func listURL(path string, params map[string]string, more ...string) string {
	vals := url.Values{}
	for k, x := range params {
		if x != "" {
			vals.Set(k, x)
		}
	}
	for i := 0; i+1 < len(more); i += 2 {
		vals.Set(more[i], more[i+1])
	}
	if len(vals) == 0 {
		return path
	}
	return path + "?" + vals.Encode()
}

func (s *Server) historyList(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	const path = "/staff/history"
	v := views.HistoryListQuery{Q: strings.TrimSpace(c.QueryParam("q")), Author: c.QueryParam("author"),
		Timeline: c.QueryParam("timeline"), Action: c.QueryParam("action"), Entity: c.QueryParam("entity"),
		From: strings.TrimSpace(c.QueryParam("from")), To: strings.TrimSpace(c.QueryParam("to")), Sort: c.QueryParam("sort")}
	q := timeline.RevisionQuery{Text: v.Q, Timeline: v.Timeline, Action: v.Action, Entity: v.Entity, From: v.From, To: v.To,
		Sort: v.Sort, After: c.QueryParam("after"), Limit: historyListSize, Entities: historyEntities(u)}
	page := views.HistoryListPage{Meta: s.staffMeta(c, tr(c, "staff.nav.history"), "History"), Action: path, Query: v}
	p := timeline.NewProblems("")
	if v.Author != "" {
		id, err := strconv.ParseInt(v.Author, 10, 64)
		if err != nil || id <= 0 {
			p.Add("author", "%s", tr(c, "staff.hl.notaccount", v.Author))
		}
		q.Author = id
	}
	if q.Entity != "" && q.Entities != nil && !slices.Contains(q.Entities, q.Entity) {
		p.Add("entity", "%s", tr(c, "staff.hl.adminonly", entityLabel(c, q.Entity)))
	}
	err := p.Err()
	var found timeline.RevisionPage
	if err == nil {
		found, err = s.store.RevisionList(ctx, q)
	}
	status := statusOK
	switch timeline.ErrorCode(err) {
	case "":
	case timeline.EINVALID:
		status = http.StatusUnprocessableEntity
		_, page.ErrorList = problemMap(c, err)
	default:
		return err
	}
	for _, r := range found.Revisions {
		// In the page's language and digits, UTC as the column says.
		row := views.HistoryListRow{ID: r.ID, When: stamp(c, r.CreatedAt), Author: r.Author,
			What: entityLabel(c, r.Entity), Title: r.Title, URL: historyURL(r.Entity, r.EntityID),
			Change: revisionLabel(c, r.Action), Reason: revisionReason(c, r.Action, r.Reason), Version: r.Version}
		if row.Title == "" {
			row.Title = fmt.Sprintf("%s %d", row.What, r.EntityID)
		}
		page.Rows = append(page.Rows, row)
	}
	params := v.Params()
	if found.Next != "" {
		page.NextURL = listURL(path, params, "after", found.Next)
	}
	if q.After != "" {
		page.FirstURL = listURL(path, params)
	}
	// The filter form's choices.
	users, err := s.store.Users(ctx)
	if err != nil {
		return err
	}
	page.Authors = []views.Choice{{Value: "", Label: tr(c, "staff.list.any.author")}}
	for _, a := range users {
		page.Authors = append(page.Authors, views.Choice{Value: strconv.FormatInt(a.ID, 10), Label: a.DisplayName()})
	}
	tls, err := s.store.AllTimelines(ctx)
	if err != nil {
		return err
	}
	page.Timelines = []views.Choice{{Value: "", Label: tr(c, "staff.list.any.timeline")}}
	for _, t := range tls {
		page.Timelines = append(page.Timelines, views.Choice{Value: t.Slug, Label: t.Title})
	}
	page.Actions = []views.Choice{{Value: "", Label: tr(c, "staff.hl.any.action")}}
	for _, a := range timeline.RevisionActions {
		page.Actions = append(page.Actions, views.Choice{Value: a, Label: revisionLabel(c, a)})
	}
	page.Entities = []views.Choice{{Value: "", Label: tr(c, "staff.hl.any.record")}}
	for _, e := range timeline.RevisionEntities {
		if q.Entities == nil || slices.Contains(q.Entities, e) {
			page.Entities = append(page.Entities, views.Choice{Value: e, Label: entityLabel(c, e)})
		}
	}
	for _, k := range timeline.RevisionSorts {
		page.Sorts = append(page.Sorts, views.Choice{Value: k, Label: tr(c, "staff.hl.sort."+k)})
	}
	return render(c, status, views.StaffHistoryList(page))
}

// appReasons are the reasons the application itself writes into a
// revision when the person gave none, each a fixed form anchored whole and
// tied to the action that writes it (internal/postgres): the stored reason
// never changes; a page in another language says it in its own words.
// Anything else (a reason typed by a person, a form not listed) is shown as
// stored.
var appReasons = []struct {
	action string // "" for any action
	form   *regexp.Regexp
	key    string
}{
	{"propose", regexp.MustCompile(`^proposed in the event editor$`), "staff.reason.proposed"},
	{"restore", regexp.MustCompile(`^restored version (\d+)$`), "staff.reason.restored"},
	{"merged_away", regexp.MustCompile(`^merged source (\d+) into source (\d+)$`), "staff.reason.merged"},
	{"accept", regexp.MustCompile(`^renamed from “(.*)” and accepted$`), "staff.reason.renamed"},
	{"", regexp.MustCompile(`^translation into ([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$`), "staff.reason.translation"},
	{"", regexp.MustCompile(`^translation into ([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*): (.+)$`), "staff.reason.translation.why"},
	{"", regexp.MustCompile(`^upload of (.+) on /staff/import$`), "staff.reason.upload"},
	{"", regexp.MustCompile(`^account made with role (contributor|reviewer|editor|admin)$`), "staff.reason.account"},
	{"", regexp.MustCompile(`^captured the cited page$`), "staff.reason.captured"},
	{"create", regexp.MustCompile(`^created in the event editor$`), "staff.reason.created"},
	{"", regexp.MustCompile(`^merged with version (\d+)$`), "staff.reason.mergedversion"},
	// The command line's import names the file (cmd/annals); the store's
	// default is the bare word.
	{"", regexp.MustCompile(`^import ([^/\s][^/]*\.[A-Za-z0-9]{1,5})$`), "staff.reason.import"},
	{"", regexp.MustCompile(`^import$`), "staff.reason.import.bare"},
	{"update", regexp.MustCompile(`^changed:((?: (?:role=(?:contributor|reviewer|editor|admin)|disabled=(?:true|false)|password reset|name|language=\S*))*)$`), "staff.reason.changed"},
	{"save", regexp.MustCompile(`^setting ([a-z0-9_]+) set to (.*)$`), "staff.reason.setting"},
}

// accountChange says one part of an account change's reason ("role=editor",
// "password reset") in the page's language.
func accountChange(c echo.Context, part string) string {
	name, value, _ := strings.Cut(part, "=")
	switch name {
	case "role":
		return tr(c, "staff.reason.changed.role", tr(c, "staff.role."+value))
	case "disabled":
		if value == "true" {
			return tr(c, "staff.reason.changed.disabled")
		}
		return tr(c, "staff.reason.changed.enabled")
	case "password":
		return tr(c, "staff.reason.changed.password")
	case "language":
		if value == "" {
			return tr(c, "staff.reason.changed.language", tr(c, "staff.account.language.browser"))
		}
		return tr(c, "staff.reason.changed.language", languageLabel(c.Request().Context(), value))
	}
	return tr(c, "staff.reason.changed.name")
}

// revisionReason is a revision's reason as the page shows it: as stored on
// English pages, an application-written form in the page's language.
func revisionReason(c echo.Context, action, reason string) string {
	if langOf(c) == i18n.Default {
		return reason
	}
	// A change made without a reason has its action's label as reason
	// (internal/postgres defaultReason): eras, sources, the catalogue.
	if action != "" && reason == timeline.RevisionLabel(action) {
		return revisionLabel(c, action)
	}
	for _, r := range appReasons {
		if r.action != "" && r.action != action {
			continue
		}
		m := r.form.FindStringSubmatch(reason)
		if m == nil {
			continue
		}
		if r.key == "staff.reason.changed" {
			parts := strings.Fields(strings.ReplaceAll(m[1], "password reset", "password"))
			for i, part := range parts {
				parts[i] = accountChange(c, part)
			}
			return tr(c, r.key, strings.Join(parts, tr(c, "field.sep")))
		}
		var args []any
		for i, g := range m[1:] {
			switch {
			case r.key == "staff.reason.account":
				args = append(args, tr(c, "staff.role."+g))
			case strings.HasPrefix(r.key, "staff.reason.translation") && i == 0:
				args = append(args, languageLabel(c.Request().Context(), g))
			default:
				if n, err := strconv.Atoi(g); err == nil {
					args = append(args, n)
				} else {
					args = append(args, g)
				}
			}
		}
		return tr(c, r.key, args...)
	}
	return reason
}
