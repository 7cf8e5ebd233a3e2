package web

import (
	"context"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/timeline"
	"annals/views"
)

// StaffStore is what the staff pages need.
type StaffStore interface {
	SessionStore() scs.Store
	UserForSignIn(ctx context.Context, email string) (auth.User, string, error)
	User(ctx context.Context, id int64) (auth.User, error)
	Users(ctx context.Context) ([]auth.User, error)
	CreateUserBy(ctx context.Context, by auth.User, email, name string, role auth.Role, password string) (auth.User, error)
	UpdateUser(ctx context.Context, by auth.User, id int64, ch timeline.UserChange) (auth.User, error)
	RecordSignIn(ctx context.Context, id int64) error
	TakeSignInAttempt(ctx context.Context, keys []auth.LimitKey) (ok bool, refusedBy auth.LimitScope, wait time.Duration, err error)
	ClearSignInLimit(ctx context.Context, key auth.LimitKey) error
	SignInDevice(ctx context.Context, tokenHash [32]byte) (int64, error)
	RememberSignInDevice(ctx context.Context, tokenHash [32]byte, userID int64) error
	RecordSecurityEvent(ctx context.Context, ev auth.SecurityEvent) error
	SecurityLog(ctx context.Context, before time.Time, limit int) ([]auth.SecurityEvent, error)
	Setting(ctx context.Context, key, def string) (string, error)
	SetSetting(ctx context.Context, by auth.User, key, value string) error

	StaffEvents(ctx context.Context, status string) ([]timeline.EventSummary, error)
	StaffEventList(ctx context.Context, q timeline.StaffEventQuery) (timeline.StaffEventPage, error)
	BulkEvents(ctx context.Context, by auth.User, b timeline.BulkAction) ([]timeline.BulkResult, error)
	StaffEvent(ctx context.Context, id int64) (timeline.StaffEvent, error)
	SaveEvent(ctx context.Context, by auth.User, in timeline.EventSave) (int64, int, error)
	SubmitEvent(ctx context.Context, by auth.User, a timeline.EventAction) (int, error)
	SendBackEvent(ctx context.Context, by auth.User, a timeline.EventAction) (int, error)
	PublishEvent(ctx context.Context, by auth.User, a timeline.EventAction) (int, error)
	RetractEvent(ctx context.Context, by auth.User, a timeline.EventAction) (int, error)
	DeleteEvent(ctx context.Context, by auth.User, a timeline.EventAction) error
	RestoreEvent(ctx context.Context, by auth.User, a timeline.EventAction, revisionID int64) (int, error)
	DiscardPendingEdit(ctx context.Context, by auth.User, a timeline.EventAction) (int, error)
	SetEventTimelines(ctx context.Context, by auth.User, a timeline.EventAction, slugs []string) (int, error)
	History(ctx context.Context, entity string, id int64) ([]timeline.Revision, error)
	RevisionList(ctx context.Context, q timeline.RevisionQuery) (timeline.RevisionPage, error)
	EventAtVersion(ctx context.Context, id int64, version int) (timeline.Event, error)

	FindSources(ctx context.Context, text, after string, limit int) (timeline.SourcePage, error)
	SourceList(ctx context.Context, q timeline.SourceQuery) (timeline.SourcePage, error)
	FindCatalog(ctx context.Context, entity string, q timeline.CatalogQuery) (timeline.CatalogPage, error)
	SourcesByID(ctx context.Context, ids []int64) ([]timeline.LibrarySource, error)
	LibrarySourceByID(ctx context.Context, id int64) (timeline.LibrarySource, error)
	UpdateSource(ctx context.Context, by auth.User, src timeline.Source, version int, reason string) (int, error)
	DuplicateSources(ctx context.Context) ([][]timeline.LibrarySource, error)
	MergeSources(ctx context.Context, by auth.User, keep, drop int64, reason string) error
	RestoreSource(ctx context.Context, by auth.User, id int64, version int, revisionID int64) (int, error)

	Categories(ctx context.Context) ([]timeline.Category, error)
	ProposeItem(ctx context.Context, by auth.User, in timeline.ProposalInput) (timeline.Proposal, error)
	Proposals(ctx context.Context) ([]timeline.Proposal, error)
	AcceptProposal(ctx context.Context, by auth.User, kind string, id int64, name, reason string) error
	RejectProposal(ctx context.Context, by auth.User, kind string, id int64, reason string) error
	ItemNotes(ctx context.Context, e timeline.Event) ([]timeline.ItemNote, error)
	SaveCategory(ctx context.Context, by auth.User, c timeline.Category) error
	Metrics(ctx context.Context) ([]timeline.Metric, error)
	SaveMetric(ctx context.Context, by auth.User, m timeline.Metric) error
	Actors(ctx context.Context) ([]timeline.Actor, error)
	SaveActor(ctx context.Context, by auth.User, a timeline.Actor) error
	AllTimelines(ctx context.Context) ([]timeline.Timeline, error)
	SaveTimeline(ctx context.Context, by auth.User, t timeline.Timeline) error
}

// noStore keeps staff pages out of every cache.
func noStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderCacheControl, "no-store")
		return next(c)
	}
}

// staffMeta is the frame of a staff page for the signed-in account, in
// the account's language. title is the page's title, already translated;
// current names the section it belongs to by its English label
// ("Events"), which is the section's identity, not what is shown.
func (s *Server) staffMeta(c echo.Context, title, current string) views.StaffMeta {
	u := currentUser(c)
	m := views.StaffMeta{Title: tr(c, "staff.title", title), CSRF: s.csrfToken(c)}
	if u.ID == 0 {
		return m
	}
	m.User, m.Role = u.DisplayName(), tr(c, "staff.role."+string(u.Role))
	m.Flash = s.sessions.PopString(c.Request().Context(), sessionFlash)
	add := func(id, key, url string, min auth.Role) {
		if u.Can(min) {
			m.Nav = append(m.Nav, views.NavLink{Label: tr(c, key), URL: url, Current: id == current})
		}
	}
	add("Dashboard", "staff.nav.dashboard", "/staff", auth.RoleContributor)
	add("Events", "staff.nav.events", "/staff/events", auth.RoleContributor)
	add("Review", "staff.nav.review", "/staff/review", auth.RoleReviewer)
	add("Sources", "staff.nav.sources", "/staff/sources", auth.RoleContributor)
	add("History", "staff.nav.history", "/staff/history", auth.RoleContributor)
	add("Categories", "staff.nav.categories", "/staff/categories", auth.RoleEditor)
	add("Metrics", "staff.nav.metrics", "/staff/metrics", auth.RoleEditor)
	add("Actors", "staff.nav.actors", "/staff/actors", auth.RoleEditor)
	add("Proposals", "staff.nav.proposals", "/staff/proposals", timeline.ReviewProposalRole)
	add("Import", "staff.nav.import", "/staff/import", auth.RoleEditor)
	add("Timelines", "staff.nav.timelines", "/staff/timelines", auth.RoleEditor)
	add("Users", "staff.nav.users", "/staff/users", auth.RoleAdmin)
	add("Settings", "staff.nav.settings", "/staff/settings", auth.RoleAdmin)
	add("Security", "staff.nav.security", "/staff/security", auth.RoleAdmin)
	add("API tokens", "staff.nav.tokens", "/staff/tokens", auth.RoleContributor)
	add("Account", "staff.nav.account", "/staff/account", auth.RoleContributor)
	return m
}

func (s *Server) dashboard(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	all, err := s.store.StaffEvents(ctx, "")
	if err != nil {
		return err
	}
	page := views.DashboardPage{Meta: s.staffMeta(c, tr(c, "staff.nav.dashboard"), "Dashboard"), CanReview: u.Can(auth.RoleReviewer)}
	for _, e := range all {
		row := eventRow(c, e)
		switch {
		case e.Status == timeline.StatusDraft:
			page.Drafts = append(page.Drafts, row)
		case e.Status == timeline.StatusInReview:
			page.InReview = append(page.InReview, row)
		}
		if len(page.Recent) < 10 {
			page.Recent = append(page.Recent, row)
		}
	}
	return render(c, statusOK, views.StaffDashboard(page))
}

// statusLabel is an event status for staff pages: "In review".
func statusLabel(c echo.Context, st timeline.Status) string {
	if st == "" {
		return ""
	}
	return tr(c, "staff.status."+string(st))
}

// statusAdj is a status as it qualifies an event: "a published event".
func statusAdj(c echo.Context, st timeline.Status) string {
	return tr(c, "staff.status.adj."+string(st))
}

// revisionLabel says what a revision did ("submitted for review"), in the
// page's language; an action without a message keeps timeline's words.
func revisionLabel(c echo.Context, action string) string {
	if msg, ok := i18n.Messages().Lookup(langOf(c), "staff.revision."+action); ok {
		return msg
	}
	return timeline.RevisionLabel(action)
}

// staffDate writes a date of the record (an event's start, a source's
// publication) on a staff page in the page's language: "27 March 2021",
// "၂၀၂၁ ခုနှစ်၊ မတ်လ ၂၇ ရက်".
func staffDate(c echo.Context, d timeline.FuzzyDate) string {
	return views.Date(c.Request().Context(), d)
}

// sourceKind names a kind of source ("NGO report") in the page's language.
func sourceKind(c echo.Context, kind string) string {
	if msg, ok := i18n.Messages().Lookup(langOf(c), "staff.kind."+kind); ok {
		return msg
	}
	return strings.ReplaceAll(kind, "_", " ")
}
