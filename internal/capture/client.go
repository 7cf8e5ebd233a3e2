package capture

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// Config sets up the workers, from the environment (cmd/annals).
type Config struct {
	Allow       Allow         // ANNALS_CAPTURE_ALLOW
	Workers     int           // ANNALS_CAPTURE_WORKERS: concurrent captures, default 2
	Screenshots bool          // ANNALS_CAPTURE_SCREENSHOTS: screenshot and PDF where Chromium is installed, default on
	Limits      Limits        // size, time and redirect limits
	Recheck     time.Duration // ANNALS_CAPTURE_RECHECK: how often the watch runs, default 24h; negative: never
	Pause       time.Duration // between two rechecks' requests, default 2s
	UserAgent   string
}

// FullStore is what the workers need of storage.
type FullStore interface {
	Store
	WatchStore
}

// NewClient returns a River client that works captures and the watch.
func NewClient(pool *pgxpool.Pool, store FullStore, cfg Config, log *slog.Logger) (*river.Client[pgx.Tx], error) {
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	if cfg.Recheck == 0 {
		cfg.Recheck = 24 * time.Hour
	}
	if cfg.Pause == 0 {
		cfg.Pause = 2 * time.Second
	}
	f := &Fetcher{Allow: cfg.Allow, Limits: cfg.Limits, UserAgent: cfg.UserAgent}
	w := &Worker{Fetcher: f, Store: store, Log: log}
	if cfg.Screenshots {
		w.Renderer = NewRenderer(f)
		if w.Renderer == nil && log != nil {
			log.Info("captures: Chromium is not installed, so captures have no screenshot or PDF")
		}
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	river.AddWorker(workers, &Watcher{Fetcher: f, Store: store, Pause: cfg.Pause})
	rc := &river.Config{
		Logger:  log,
		Queues:  map[string]river.QueueConfig{Queue: {MaxWorkers: cfg.Workers}, river.QueueDefault: {MaxWorkers: 1}},
		Workers: workers,
	}
	if cfg.Recheck > 0 {
		rc.PeriodicJobs = []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(cfg.Recheck),
			func() (river.JobArgs, *river.InsertOpts) { return RecheckArgs{}, nil }, nil)}
	}
	c, err := river.NewClient(riverpgxv5.New(pool), rc)
	if err != nil {
		return nil, fmt.Errorf("start the capture workers: %w", err)
	}
	return c, nil
}
