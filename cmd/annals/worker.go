package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"

	"annals/internal/capture"
	"annals/internal/postgres"
)

// captureConfig reads the ANNALS_CAPTURE_* settings.
func captureConfig(cfg env) (capture.Config, error) {
	var c capture.Config
	allow, err := capture.ParseAllow(cfg.CaptureAllow)
	if err != nil {
		return c, err
	}
	c.Allow = allow
	if cfg.CaptureWorkers != "" {
		n, err := strconv.Atoi(cfg.CaptureWorkers)
		if err != nil || n < 1 || n > 100 {
			return c, fmt.Errorf("ANNALS_CAPTURE_WORKERS: want a number of concurrent captures from 1 to 100, not %q", cfg.CaptureWorkers)
		}
		c.Workers = n
	}
	c.Screenshots = cfg.CaptureScreenshots != "false" && cfg.CaptureScreenshots != "0"
	if cfg.CaptureRecheck != "" {
		d, err := time.ParseDuration(cfg.CaptureRecheck)
		if err != nil || d < 0 {
			return c, fmt.Errorf("ANNALS_CAPTURE_RECHECK: want a duration such as 24h (0: never), not %q", cfg.CaptureRecheck)
		}
		c.Recheck = d
		if d == 0 {
			c.Recheck = -1
		}
	}
	return c, nil
}

// startWorkers starts the River client that works captures and the watch;
// stop it with stopWorkers.
func startWorkers(ctx context.Context, cfg env, pool *pgxpool.Pool, log *slog.Logger) (*river.Client[pgx.Tx], error) {
	cc, err := captureConfig(cfg)
	if err != nil {
		return nil, err
	}
	c, err := capture.NewClient(pool, postgres.NewStore(pool), cc, log)
	if err != nil {
		return nil, err
	}
	if err := c.Start(ctx); err != nil {
		return nil, fmt.Errorf("start the capture workers: %w", err)
	}
	return c, nil
}

func stopWorkers(c *river.Client[pgx.Tx], log *slog.Logger) {
	stopCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.Stop(stopCtx); err != nil {
		log.Warn("stop the capture workers", "err", err)
	}
}

// workerCommand works the job queue until interrupted: for sites that
// capture more than one server should, beside serve with ANNALS_WORKERS=false.
func workerCommand(ctx context.Context, cfg env, log *slog.Logger, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("worker takes no arguments")
	}
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	c, err := startWorkers(ctx, cfg, pool, log)
	if err != nil {
		return err
	}
	log.Info("capture worker is running")
	<-ctx.Done()
	log.Info("shutting down")
	stopWorkers(c, log)
	return nil
}
