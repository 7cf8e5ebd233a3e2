package web

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// routes registers every route of the site, area by area, each with the
// file that handles it. Middleware for the whole site is in New
// (server.go); an area's own middleware is named here. Staff routes state
// the least role they need; the authorisation matrix test
// (staff_authz_test.go) checks that table against the router.
func (s *Server) routes(e *echo.Echo) {
	// Operations and files (server.go, static.go).
	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	e.GET("/static/*", staticHandler())
	e.GET("/favicon.ico", favicon)

	// Public pages (public.go, sitemap.go).
	e.GET("/", s.home)
	e.GET("/t/:slug", s.timeline) // also /t/{slug}.json, .csv and .atom (dataFile, export.go)
	e.GET("/t/:slug/e/:event", s.event)
	e.GET("/sources/:id", s.source)
	e.GET("/sources/:id/captures/:capture/:kind", s.publicCaptureArtefact)
	e.GET("/sitemap.xml", s.sitemap) // the index of the files below
	e.GET("/sitemap-:file", s.sitemapFile)
	e.GET("/robots.txt", s.robots)
	e.GET("/media/:name", s.publicMedia) // uploaded images of public events (media.go)

	// Embeds, print and charts (embed.go, print.go, chart.go, oembed.go).
	// Under /embed no cookie is ever set (noCookies).
	e.GET("/t/:slug/embed", s.embedChooser)
	e.GET("/t/:slug/print", s.print)
	e.GET("/t/:slug/chart/:file", s.chartSVG)
	e.GET("/oembed", s.oembed)
	embed := e.Group("/embed", noCookies)
	embed.GET("/t/:slug", s.embedTimeline)
	embed.GET("/t/:slug/e/:event", s.embedEvent)

	// Search (search.go): /search across every public timeline,
	// /t/{slug}/search on one. The query string is the permalink: q,
	// category, actor, place, from, to, page.
	e.GET("/search", s.search)
	e.GET("/t/:slug/search", s.search)

	// Interface language (lang.go): /lang/{tag}?next=/path?query sets the
	// language and goes back.
	e.GET("/lang/:tag", s.switchLanguage)

	// Data (export.go, feed.go). The /t/{slug}.json, .csv and .atom files
	// are served through dataFile, since Echo cannot route a suffix after
	// a parameter.
	e.GET("/t/:slug/timelinejs.json", s.exportTimelineJS)

	s.apiRoutes(e.Group("/api/v1", apiHeaders))
	s.staffRoutes(e)
}

// apiRoutes registers the JSON API. Reads are public (api.go); every route
// is described in openapi.go, and a test checks that none is missing.
// Writes need an API token and the account's role (api_write.go).
func (s *Server) apiRoutes(g *echo.Group) {
	g.GET("/openapi.json", s.openAPI)
	g.GET("/timelines", s.apiTimelines)
	g.GET("/timelines/:slug", s.apiTimeline)
	g.GET("/timelines/:slug/events", s.apiEvents)
	g.GET("/timelines/:slug/events/:event", s.apiEvent)

	contributor, reviewer := s.requireAPIRole(auth.RoleContributor), s.requireAPIRole(auth.RoleReviewer)
	g.POST("/timelines/:slug/events", s.apiCreateEvent, s.requireToken, contributor)
	g.PUT("/timelines/:slug/events/:event", s.apiUpdateEvent(false), s.requireToken, contributor)
	g.PATCH("/timelines/:slug/events/:event", s.apiUpdateEvent(true), s.requireToken, contributor)
	g.POST("/timelines/:slug/events/:event/submit", s.apiEventAction("submit"), s.requireToken, contributor)
	g.POST("/timelines/:slug/events/:event/publish", s.apiEventAction("publish"), s.requireToken, reviewer)
	g.POST("/timelines/:slug/events/:event/retract", s.apiEventAction("retract"), s.requireToken, reviewer)

	g.RouteNotFound("/*", s.apiNotFound)
}

// staffRoutes registers every /staff route with the least role it needs
// (authz.go checks it on every request). The authorisation matrix test
// enumerates them from the router.
func (s *Server) staffRoutes(e *echo.Echo) {
	cfg := &s.config
	if cfg.SessionIdle == 0 {
		cfg.SessionIdle = 2 * time.Hour
	}
	if cfg.SessionLifetime == 0 {
		cfg.SessionLifetime = 12 * time.Hour
	}
	if cfg.SignInEvery == 0 {
		cfg.SignInEvery = time.Minute
	}
	if cfg.SignInBurst == 0 {
		cfg.SignInBurst = 5
	}
	s.sessions = newSessionManager(*cfg, s.store.SessionStore(), s.sessionFailed)

	// Bodies are limited and uploads refused before the session is read;
	// the CSRF check, which reads the form, runs after the role check
	// (staffRoute), so a request that will be refused is never parsed.
	g := e.Group("/staff", noStore, refuseUploads,
		echo.WrapMiddleware(s.sessions.LoadAndSave), s.loadUser)
	const (
		anyone      = roleAnyone
		contributor = auth.RoleContributor
		reviewer    = auth.RoleReviewer
		editor      = auth.RoleEditor
		admin       = auth.RoleAdmin
	)
	r := func(method, path string, min auth.Role, h echo.HandlerFunc, m ...echo.MiddlewareFunc) {
		s.staffRoute(g, method, path, min, h, m...)
	}
	// Signing in (signin.go) and the dashboard (staff.go).
	r(http.MethodGet, "/login", anyone, s.loginForm)
	r(http.MethodPost, "/login", anyone, s.login, limitBody(signInBodyLimit))
	r(http.MethodPost, "/logout", contributor, s.logout)
	// The second step of signing in (second_factor.go, webauthn.go): open
	// to a session whose password was right, which grants nothing else.
	r(http.MethodGet, "/login/second-factor", anyone, s.secondFactorForm)
	r(http.MethodPost, "/login/second-factor", anyone, s.secondFactor, limitBody(signInBodyLimit))
	r(http.MethodPost, "/login/passkey/begin", anyone, s.beginPasskeySignIn, limitBody(signInBodyLimit))
	r(http.MethodPost, "/login/passkey/finish", anyone, s.finishPasskeySignIn, limitBody(passkeyBodyLimit))
	r(http.MethodGet, "", contributor, s.dashboard)

	// Events and their workflow (staff_events.go, staff_merge.go).
	r(http.MethodGet, "/events", contributor, s.staffEventList)
	r(http.MethodGet, "/events/new", contributor, s.newEventForm)
	r(http.MethodPost, "/events", contributor, s.createEvent)
	r(http.MethodGet, "/events/:id", contributor, s.editEventForm)
	r(http.MethodPost, "/events/:id", contributor, s.saveEvent)
	r(http.MethodPost, "/events/:id/submit", contributor, s.eventAction("submit"))
	r(http.MethodGet, "/events/:id/history", contributor, s.eventHistory)
	r(http.MethodGet, "/history", contributor, s.historyList) // every revision (staff_history.go)
	r(http.MethodGet, "/review", reviewer, s.reviewQueue)
	r(http.MethodGet, "/events/:id/review", reviewer, s.reviewEvent)
	r(http.MethodPost, "/events/:id/publish", reviewer, s.eventAction("publish"))
	r(http.MethodPost, "/events/:id/send-back", reviewer, s.eventAction("send_back"))
	r(http.MethodPost, "/events/:id/retract", reviewer, s.eventAction("retract"))
	r(http.MethodPost, "/events/:id/discard", editor, s.eventAction("discard"))
	r(http.MethodPost, "/events/:id/delete", editor, s.eventAction("delete"))
	r(http.MethodPost, "/events/:id/restore", editor, s.eventAction("restore"))
	r(http.MethodPost, "/events/:id/timelines", editor, s.eventAction("timelines"))
	r(http.MethodPost, "/events/bulk", contributor, s.bulkEvents) // each step's role checked per event

	// Translations (staff_translations.go): anyone on staff translates
	// events; a reviewer publishes (never the translation's own author
	// unless self-publishing is allowed); an editor deletes. Timelines are
	// an editor's business throughout.
	r(http.MethodGet, "/events/:id/translations", contributor, s.translationsPage(timeline.OfEvent))
	r(http.MethodPost, "/events/:id/translations", contributor, s.saveTranslation(timeline.OfEvent))
	r(http.MethodGet, "/events/:id/translations/:lang", contributor, s.translationsPage(timeline.OfEvent))
	r(http.MethodPost, "/events/:id/translations/:lang", contributor, s.saveTranslation(timeline.OfEvent))
	r(http.MethodPost, "/events/:id/translations/:lang/publish", reviewer, s.translationAction(timeline.OfEvent, "publish"))
	r(http.MethodPost, "/events/:id/translations/:lang/delete", editor, s.translationAction(timeline.OfEvent, "delete"))
	r(http.MethodGet, "/timelines/:slug/translations", editor, s.translationsPage(timeline.OfTimeline))
	r(http.MethodPost, "/timelines/:slug/translations", editor, s.saveTranslation(timeline.OfTimeline))
	r(http.MethodGet, "/timelines/:slug/translations/:lang", editor, s.translationsPage(timeline.OfTimeline))
	r(http.MethodPost, "/timelines/:slug/translations/:lang", editor, s.saveTranslation(timeline.OfTimeline))
	r(http.MethodPost, "/timelines/:slug/translations/:lang/publish", editor, s.translationAction(timeline.OfTimeline, "publish"))
	r(http.MethodPost, "/timelines/:slug/translations/:lang/delete", editor, s.translationAction(timeline.OfTimeline, "delete"))

	// The source library (staff_sources.go).
	r(http.MethodGet, "/sources", contributor, s.sourceList)
	r(http.MethodGet, "/sources/duplicates", editor, s.sourceDuplicates)
	r(http.MethodGet, "/sources/suggest", contributor, s.suggest(sourcePicker)) // the editor's picker (staff_picker.go)
	r(http.MethodPost, "/sources/merge", editor, s.mergeSources)
	r(http.MethodGet, "/sources/:id", editor, s.editSourceForm)
	r(http.MethodPost, "/sources/:id", editor, s.saveSource)
	r(http.MethodGet, "/sources/:id/history", contributor, s.sourceHistory)
	r(http.MethodPost, "/sources/:id/restore", editor, s.restoreSource)
	r(http.MethodGet, "/figures/:id/history", contributor, s.figureHistory)
	// Captures of sources (staff_captures.go).
	r(http.MethodGet, "/sources/:id/captures", contributor, s.sourceCaptures)
	r(http.MethodPost, "/sources/:id/captures", editor, s.captureAgain)
	r(http.MethodGet, "/sources/:id/captures/compare", contributor, s.compareCaptures)
	r(http.MethodGet, "/sources/:id/captures/:capture/:kind", contributor, s.captureArtefact)
	r(http.MethodGet, "/captures", contributor, s.captureQueue)
	r(http.MethodGet, "/captures/at-risk", contributor, s.sourcesAtRisk)

	// Categories, actors and timelines (staff.go).
	r(http.MethodGet, "/categories", editor, s.catalogPage("category"))
	r(http.MethodPost, "/categories", editor, s.saveCatalog("category"))
	r(http.MethodGet, "/metrics", editor, s.catalogPage("metric"))
	r(http.MethodPost, "/metrics", editor, s.saveCatalog("metric"))
	r(http.MethodGet, "/actors", editor, s.catalogPage("actor"))
	r(http.MethodGet, "/actors/suggest", contributor, s.suggest(actorPicker)) // the editor's picker (staff_picker.go)
	r(http.MethodPost, "/actors", editor, s.saveCatalog("actor"))
	r(http.MethodGet, "/timelines", editor, s.catalogPage("timeline"))
	// Proposed categories, actors and places (staff_proposals.go): made
	// from the editor by anyone on staff, reviewed by the role the domain
	// names.
	r(http.MethodGet, "/proposals", timeline.ReviewProposalRole, s.proposalsPage)
	r(http.MethodPost, "/proposals/:kind/:id/accept", timeline.ReviewProposalRole, s.reviewProposal(true))
	r(http.MethodPost, "/proposals/:kind/:id/reject", timeline.ReviewProposalRole, s.reviewProposal(false))
	r(http.MethodPost, "/timelines", editor, s.saveCatalog("timeline"))

	// A timeline's eras (staff_eras.go), an editor's business as the
	// timeline is.
	r(http.MethodGet, "/timelines/:slug/eras", editor, s.erasList)
	r(http.MethodPost, "/timelines/:slug/eras", editor, s.saveEra)
	r(http.MethodPost, "/timelines/:slug/eras/:id/delete", editor, s.deleteEra)

	// Administration (staff_users.go, staff_backup.go, staff_security.go,
	// staff_chain.go).
	r(http.MethodGet, "/users", admin, s.userList)
	r(http.MethodPost, "/users", admin, s.createUser)
	r(http.MethodPost, "/users/:id", admin, s.updateUser)
	r(http.MethodGet, "/settings", admin, s.settingsPage)
	r(http.MethodPost, "/settings", admin, s.saveSettings)
	r(http.MethodGet, "/backup", admin, s.downloadBackup)
	r(http.MethodGet, "/security", admin, s.securityPage)
	r(http.MethodGet, "/chain", admin, s.chainPage)
	r(http.MethodPost, "/chain/verify", admin, s.verifyChain)

	// Import (staff_import.go), for editors, with its own middleware order:
	// the body is limited (and an upload parsed) before the CSRF check.
	imp := s.importRoute
	imp(http.MethodGet, "/import", s.importPage)
	imp(http.MethodPost, "/import", s.uploadImport)
	imp(http.MethodPost, "/import/confirm", s.confirmImport)

	// Images of events (media.go): the upload is the one staff route that
	// takes a multipart body; staff see images no public event shows yet.
	s.mediaUploadRoute()
	r(http.MethodGet, "/media/:name", contributor, s.staffMedia)
	// Each account's own second factors and sessions (staff_account.go,
	// webauthn.go).
	r(http.MethodGet, "/account", contributor, s.account)
	r(http.MethodPost, "/account/totp", contributor, s.startTOTP)
	r(http.MethodPost, "/account/totp/confirm", contributor, s.confirmTOTP)
	r(http.MethodPost, "/account/totp/remove", contributor, s.removeTOTP)
	r(http.MethodPost, "/account/recovery-codes", contributor, s.renewRecoveryCodes)
	r(http.MethodPost, "/account/passkeys/begin", contributor, s.beginPasskeyRegistration)
	r(http.MethodPost, "/account/passkeys/finish", contributor, s.finishPasskeyRegistration, limitBody(passkeyBodyLimit))
	r(http.MethodPost, "/account/passkeys/:id/remove", contributor, s.removePasskey)
	r(http.MethodPost, "/account/sessions/:id/end", contributor, s.endSession)
	r(http.MethodPost, "/account/sessions/end-others", contributor, s.endOtherSessions)
	r(http.MethodPost, "/account/language", contributor, s.setLanguage)

	// API tokens (staff_tokens.go): each account manages its own.
	r(http.MethodGet, "/tokens", contributor, s.tokenList)
	r(http.MethodPost, "/tokens", contributor, s.createToken)
	r(http.MethodPost, "/tokens/:id/revoke", contributor, s.revokeToken)
}
