package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"annals/internal/demo"
	"annals/internal/importer"
	"annals/internal/pgcluster"
	"annals/internal/postgres"
	"annals/internal/timeline"
	"annals/internal/web"
)

// databaseURL is DATABASE_URL, or the URL of the private cluster in
// ANNALS_PRIVATE_DB (started if needed, with an "annals" database).
func databaseURL(ctx context.Context, cfg env, log *slog.Logger) (string, error) {
	if cfg.DatabaseURL != "" {
		return cfg.DatabaseURL, nil
	}
	if cfg.PrivateDB == "" {
		return "", errors.New("DATABASE_URL is not set: set it to a PostgreSQL database (postgres://user@host/db), or set ANNALS_PRIVATE_DB to a folder for a private cluster (make run does)")
	}
	c, err := pgcluster.Ensure(ctx, cfg.PrivateDB, pgcluster.Options{Log: func(f string, a ...any) { log.Info(fmt.Sprintf(f, a...)) }})
	if err != nil {
		return "", err
	}
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		return "", fmt.Errorf("connect to private cluster: %w", err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'annals')`).Scan(&exists); err != nil {
		return "", fmt.Errorf("look for the annals database: %w", err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, `CREATE DATABASE annals`); err != nil {
			return "", fmt.Errorf("create the annals database: %w", err)
		}
	}
	return c.URL("annals"), nil
}

// openMigrated connects and applies pending migrations.
func openMigrated(ctx context.Context, cfg env, log *slog.Logger) (*pgxpool.Pool, error) {
	url, err := databaseURL(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	pool, err := postgres.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	n, err := postgres.Migrate(ctx, pool)
	if err != nil {
		pool.Close()
		return nil, err
	}
	if n > 0 {
		log.Info("applied migrations", "count", n)
	}
	return pool, nil
}

// serveWorkingMemory is what serve needs beside its kept pages: requests
// being answered, the connection pools, the runtime's own.
const serveWorkingMemory = 48 << 20

// memoryLimit is the Go runtime's soft memory limit for serve: the kept
// pages' bound plus serveWorkingMemory. The pages are bounded, but the
// collector lets the heap grow to twice what is live: under 64 connections
// of mixed reads on 100,000 events the server reached 142 MB of RSS
// without a limit, 131 MB with one, for the same requests a second. A
// GOMEMLIMIT of the operator's (false here) is the runtime's to apply.
func memoryLimit(cfg env) (int64, bool) {
	if cfg.GoMemLimit != "" {
		return 0, false
	}
	return web.DefaultCacheBytes + serveWorkingMemory, true
}

func serveCommand(ctx context.Context, cfg env, log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	seed := fs.Bool("seed-demo", false, "import the demo timeline when the database has no timelines")
	if err := fs.Parse(args); err != nil {
		return err
	}
	proxies, err := web.ParseTrustedProxies(cfg.TrustedProxies)
	if err != nil {
		return err
	}
	if limit, ok := memoryLimit(cfg); ok {
		debug.SetMemoryLimit(limit)
	}
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	store := postgres.NewStore(pool)
	if cfg.ReadDatabaseURL != "" {
		// Public reads from a streaming replica; staff and writes stay on
		// the primary, as does the data versions' LISTEN connection.
		read, err := postgres.Open(ctx, cfg.ReadDatabaseURL)
		if err != nil {
			return fmt.Errorf("read replica (ANNALS_READ_DATABASE_URL): %w", err)
		}
		defer read.Close()
		store.WithReadPool(read)
		log.Info("public reads go to the read replica")
	}
	if *seed {
		if err := seedDemo(ctx, store, log); err != nil {
			return err
		}
	}
	if cfg.Workers != "false" && cfg.Workers != "0" {
		workers, err := startWorkers(ctx, cfg, pool, log)
		if err != nil {
			return err
		}
		defer stopWorkers(workers, log)
	}
	slots := 0
	if cfg.StreamSlots != "" {
		if slots, err = strconv.Atoi(cfg.StreamSlots); err != nil || slots < 1 || slots > 1000 {
			return fmt.Errorf("ANNALS_STREAM_SLOTS: want a number of printouts and exports made at once, from 1 to 1000, not %q", cfg.StreamSlots)
		}
	}
	app := web.New(web.Config{BaseURL: cfg.BaseURL, AllowSelfPublish: cfg.AllowSelfPublish, TrustedProxies: proxies,
		StreamSlots: slots}, store, log)
	watchCtx, stopWatching := context.WithCancel(ctx)
	watching := app.WatchData(watchCtx) // the page cache's data versions, until the server stops
	defer func() { stopWatching(); <-watching }()
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           app.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (set ANNALS_ADDR to use another address): %w", cfg.Addr, err)
	}
	log.Info("Annals is running", "url", cfg.BaseURL, "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func seedDemo(ctx context.Context, store *postgres.Store, log *slog.Logger) error {
	has, err := store.HasTimelines(ctx)
	if err != nil || has {
		return err
	}
	res, err := demo.Load(ctx, store, "demo timeline loaded on first start")
	if err != nil {
		return err
	}
	log.Info("loaded the demo timeline", "result", res.String())
	return nil
}

func migrateCommand(ctx context.Context, cfg env, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("migrate takes no arguments")
	}
	url, err := databaseURL(ctx, cfg, log)
	if err != nil {
		return err
	}
	pool, err := postgres.Open(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	n, err := postgres.Migrate(ctx, pool)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %d migration(s); the database is current\n", n)
	return nil
}

func importCommand(ctx context.Context, cfg env, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	reason := fs.String("reason", "", "why, recorded in each revision (default: the file name)")
	dryRun := fs.Bool("dry-run", false, "check the file and show, row by row, what would be created, updated or rejected; write nothing")
	format := fs.String("format", "", "the file's format (default: detected): annals/v1, annals-csv, timelinejs-json, timelinejs-csv")
	slug := fs.String("timeline", "", "slug of the timeline to import into, for files that do not name one (default: from the file name)")
	title := fs.String("title", "", "title of the timeline, for files that do not give one: names a new timeline, or renames an existing one (an existing timeline's title is otherwise kept)")
	publish := fs.Bool("publish", false, "publish every imported event (default: the file's status for annals files, drafts otherwise)")
	newCategories := fs.Bool("new-categories", false, "create a category for each TimelineJS group that is not one yet")
	category := fs.String("category", "", "category (slug or name) of TimelineJS rows with no group")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("import needs exactly one FILE (annals/v1 JSON, Annals CSV, TimelineJS JSON or the TimelineJS sheet as CSV)")
	}
	name := fs.Arg(0)
	if full, err := isBackupFile(name); err != nil {
		return err
	} else if full {
		return restoreCommand(ctx, cfg, log, name, *dryRun, stdout)
	}
	data, err := readImportFile(name)
	if err != nil {
		return err
	}
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	store := postgres.NewStore(pool)
	opt := importer.Options{Publish: *publish, NewCategories: *newCategories, DefaultCategory: *category}
	opt.Timeline.Slug, opt.Timeline.Title = *slug, *title
	if *reason == "" {
		*reason = "import " + filepath.Base(name)
	}
	return runImport(ctx, store, name, data, importer.Format(*format), opt,
		timeline.ImportOptions{Reason: *reason, Author: "command line", DryRun: *dryRun}, stdout)
}

func seedCommand(ctx context.Context, cfg env, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("seed takes no arguments")
	}
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := seedDemo(ctx, postgres.NewStore(pool), log); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "the database has a timeline")
	return nil
}

func devdbCommand(ctx context.Context, cfg env, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("devdb", flag.ContinueOnError)
	stop := fs.Bool("stop", false, "stop the cluster instead")
	test := fs.Bool("test", false, "tune the cluster for tests (no fsync) and print the maintenance database URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if cfg.PrivateDB == "" {
		return errors.New("set ANNALS_PRIVATE_DB to the folder of the private cluster")
	}
	if *stop {
		return pgcluster.Stop(ctx, cfg.PrivateDB)
	}
	if *test {
		c, err := pgcluster.Ensure(ctx, cfg.PrivateDB, pgcluster.Options{Settings: pgcluster.TestSettings})
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, c.URL("postgres"))
		return nil
	}
	cfg.DatabaseURL = ""
	url, err := databaseURL(ctx, cfg, log)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, url)
	return nil
}
