// Package web serves Annals over HTTP with Echo: public pages, health checks
// and static files. Handlers never build SQL; they call the Store interface
// declared here, which internal/postgres implements.
package web

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"annals/internal/timeline"
	"annals/views"
)

// Store is everything the web layer needs from storage: one small interface
// per area of the site, each declared beside its handlers.
type Store interface {
	PublicStore
	WindowStore
	EmbedStore
	DataStore
	StaffStore
	SearchStore
	BackupStore
	TranslationStore
	TokenStore
	ImportStore
	ChainStore
	EraStore
	CaptureStore
	MediaStore
	SecondFactorStore
}

// PublicStore is what the public pages need.
type PublicStore interface {
	PublicTimelines(ctx context.Context) ([]timeline.TimelineSummary, error)
	PublicTimeline(ctx context.Context, slug string, f timeline.Filter) (timeline.PublicTimeline, error)
	PublicEvent(ctx context.Context, timelineSlug, eventSlug string) (timeline.Timeline, timeline.Event, error)
	PublicSource(ctx context.Context, id int64) (timeline.PublicSource, error)
	// CitationNumbers numbers the sources ids (nil: all) of a public
	// timeline (source id -> number) for every public page of it
	// (viewmodel.go), and says how many it numbers in all.
	CitationNumbers(ctx context.Context, timelineSlug string, ids []int64) (map[int64]int, int, error)
	// SitemapIndex and SitemapFile read the sitemap's files of at most
	// size pages each (postgres/sitemap.go).
	SitemapIndex(ctx context.Context, size int) ([]timeline.SitemapFile, error)
	SitemapFile(ctx context.Context, f timeline.SitemapFile, size int, each func(timeline.SitemapEntry) error) error
	Ready(ctx context.Context) error
}

// Config is the server's configuration.
type Config struct {
	// BaseURL is the public address, e.g. https://annals.example.org,
	// used for canonical links.
	BaseURL string
	// AllowSelfPublish lets the author of a change publish it (small
	// teams); by default another reviewer must. An admin can also turn it
	// on in /staff/settings.
	AllowSelfPublish bool
	// SessionIdle and SessionLifetime end staff sessions after inactivity
	// and in any case (defaults 2 hours and 12 hours).
	SessionIdle, SessionLifetime time.Duration
	// SignInEvery and SignInBurst limit sign-in attempts per account and
	// per address (defaults: 5 at once, then one a minute).
	SignInEvery time.Duration
	SignInBurst int
	// TrustedProxies are the proxies whose X-Forwarded-For is believed
	// (ANNALS_TRUSTED_PROXIES); without them the connection's address is
	// the client's.
	TrustedProxies []*net.IPNet
	// SearchMatches is the most matches a search counts, sorts and
	// facets: 500 when 0 (tests lower it). Past it, the search page
	// says "more than".
	SearchMatches int
	// SitemapFileURLs is the most URLs one sitemap file holds: 50,000,
	// the protocol's limit, when 0 (tests lower it).
	SitemapFileURLs int
	// RenderTimeout bounds a public page's work (default 10 seconds; deadline.go).
	RenderTimeout time.Duration
	// CacheBytes bounds the rendered public pages kept in memory once
	// WatchData runs (default 64 MiB; negative: keep none; pagecache.go).
	CacheBytes int64
	// StreamSlots is how many printouts and exports are made at once
	// (ANNALS_STREAM_SLOTS; default: the number of cores, at least 2;
	// streams.go).
	StreamSlots int
}

// Server is the HTTP side of Annals.
type Server struct {
	echo   *echo.Echo
	store  Store
	log    *slog.Logger
	config Config

	sessions   *scs.SessionManager
	staffRoles []StaffRoute

	cache    *pageCache    // rendered public pages (pagecache.go)
	versions dataVersions  // the data version this instance knows
	streams  chan struct{} // slots for printouts and exports (streams.go)
	replays  replays       // 304s given again without the chain (replay.go)
}

// New builds the server with every route and middleware.
func New(cfg Config, store Store, log *slog.Logger) *Server {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	s := &Server{echo: e, store: store, log: log, config: cfg, cache: newPageCache(cfg.CacheBytes),
		streams: newStreamSlots(cfg.StreamSlots)}
	e.HTTPErrorHandler = s.handleError
	e.IPExtractor = ipExtractor(cfg.TrustedProxies)

	e.Pre(middleware.RemoveTrailingSlashWithConfig(middleware.TrailingSlashConfig{RedirectCode: http.StatusMovedPermanently}))
	e.Use(compressResponses) // gzip and brotli where asked (compress.go)
	e.Use(middleware.RequestIDWithConfig(middleware.RequestIDConfig{Generator: newRequestID}))
	e.Use(s.requestLog())
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			log.Error("panic", "err", err, "path", c.Request().URL.Path, "stack", string(stack))
			return err
		},
	}))
	// Inside requestLog, which writes an error's page: a refused upload's
	// temporary files are gone before the refusal is sent.
	e.Use(removeUploadFiles)
	e.Use(securityHeaders(strings.HasPrefix(cfg.BaseURL, "https://")))
	e.Use(limitBodies())
	e.Use(validPath)           // 404 for NUL or non-UTF-8 bytes in the path (paths_valid.go)
	e.Use(s.language)          // the reader's interface language (lang.go)
	e.Use(s.renderDeadline)    // public reads stop at a deadline (deadline.go)
	e.Use(s.refreshAfterWrite) // a write's own instance knows the new data version at once (pagecache.go)
	e.Use(s.conditionalGet)    // ETags and 304s for public and embed pages (cache.go)

	s.routes(e) // every route, with the least role of each staff route: routes.go
	return s
}

// Handler returns the server as an http.Handler.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Echo exposes the router, for tests that enumerate routes.
func (s *Server) Echo() *echo.Echo { return s.echo }

// requestLog writes one structured line per request (logRequest).
func (s *Server) requestLog() echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogMethod: true, LogURIPath: true, LogLatency: true, LogRequestID: true,
		LogResponseSize: true, LogError: true,
		HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			s.logRequest(c.Request().Context(), v.Method, v.URIPath, v.Status, v.Latency, v.ResponseSize, v.RequestID)
			return nil
		},
	})
}

// securityPolicy allows no inline script and nothing from elsewhere; the
// only inline styles are the views' own stylesheets, by digest. Who may
// frame the page is frameAncestors: nobody ('none'), or any site for an
// embed (*).
func securityPolicy(frameAncestors string) string {
	return "default-src 'self'; script-src 'self'; style-src 'self' " + views.StyleSources() + "; img-src 'self' data:; " +
		"font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors " + frameAncestors
}

var contentSecurityPolicy = securityPolicy("'none'")

// securityHeaders sets the headers every answer carries; with an https
// base URL, HSTS too, so browsers never again try the site over plain http.
func securityHeaders(https bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			if https {
				h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
			}
			if isEmbedRoute(c.Path()) {
				// Embeds are made to be framed by any site (embed.go).
				h.Set("Content-Security-Policy", embedContentSecurityPolicy)
			} else {
				h.Set("Content-Security-Policy", contentSecurityPolicy)
				h.Set("X-Frame-Options", "DENY")
			}
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "same-origin")
			h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
			h.Set("Cross-Origin-Opener-Policy", "same-origin")
			return next(c)
		}
	}
}

// chain runs the Echo middleware chain and router. HEAD is answered
// wherever GET is routed (link checkers, feed readers and uptime probes use
// it; Echo routes HEAD nowhere by itself): Echo gets a copy of the request
// as a GET, and the body the GET handler writes is dropped. net/http keeps
// the HEAD request, so it sends no body and claims no Content-Length it
// did not see (as a GET it had claimed 0).
func (s *Server) chain(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodHead {
		get := *r
		get.Method = http.MethodGet
		r, w = &get, headWriter{w}
	}
	s.echo.ServeHTTP(w, r)
}

// headWriter sends a response's headers but not its body.
type headWriter struct{ http.ResponseWriter }

func (headWriter) Write(p []byte) (int, error) { return len(p), nil }

func (w headWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) healthz(c echo.Context) error {
	return c.String(http.StatusOK, "ok\n")
}

func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(c.Request().Context(), 3*time.Second)
	defer cancel()
	if err := s.store.Ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		return c.String(http.StatusServiceUnavailable, "not ready\n")
	}
	return c.String(http.StatusOK, "ready\n")
}
