// Command annals serves sourced timelines of human-rights incidents and
// manages their database.
//
//	annals [serve]       run the web server (the default)
//	annals migrate       apply database migrations
//	annals import FILE   import annals/v1 JSON, CSV or TimelineJS (-dry-run to check),
//	                     or restore a full backup into an empty database
//	annals export SLUG   export a timeline as annals/v1 JSON, CSV or TimelineJS
//	annals export -backup  write a full backup of the whole database
//	annals seed          import the demo timeline if the database has none
//	annals verify        check the record's chain of revisions
//	annals devdb         start the private PostgreSQL cluster and print its URL
//	annals user add      create a staff account (the first admin too)
//	annals user password give an account a new password (after a restore, too)
//
// Configuration comes from the environment; see the README.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"annals/internal/timeline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "annals:", describe(err))
		}
		os.Exit(1)
	}
}

// describe writes err for a person at a terminal: every problem of a
// validation error on its own line.
func describe(err error) string {
	var v *timeline.ValidationError
	if errors.As(err, &v) {
		s := fmt.Sprintf("%d problem(s), nothing was written:", len(v.Problems))
		for _, p := range v.Problems {
			s += "\n  - " + p.String()
		}
		return s
	}
	return err.Error()
}

// env is the configuration read from the environment.
type env struct {
	DatabaseURL string // DATABASE_URL
	// ANNALS_READ_DATABASE_URL: a streaming replica for public reads (optional).
	ReadDatabaseURL string
	PrivateDB       string // ANNALS_PRIVATE_DB: folder of a private cluster used when DATABASE_URL is unset
	Addr            string // ANNALS_ADDR, default :8080
	BaseURL         string // ANNALS_BASE_URL, default http://localhost:8080
	LogFormat       string // ANNALS_LOG_FORMAT: text (default) or json
	// ANNALS_ALLOW_SELF_PUBLISH=true lets the author of a change publish it.
	AllowSelfPublish bool
	// ANNALS_TRUSTED_PROXIES: the proxies whose X-Forwarded-For is believed.
	TrustedProxies string
	// Captures of sources (internal/capture): ANNALS_CAPTURE_ALLOW names
	// private addresses a capture may reach; ANNALS_CAPTURE_WORKERS limits
	// concurrent captures; ANNALS_CAPTURE_SCREENSHOTS=false skips Chromium;
	// ANNALS_CAPTURE_RECHECK is the watch's interval (0: never);
	// ANNALS_WORKERS=false keeps the workers out of serve (run annals worker).
	CaptureAllow       string
	CaptureWorkers     string
	StreamSlots        string // ANNALS_STREAM_SLOTS: printouts and exports made at once
	CaptureScreenshots string
	CaptureRecheck     string
	Workers            string
	// GOMEMLIMIT, read by the Go runtime itself; when it is unset, serve
	// sets a limit of its own (memoryLimit).
	GoMemLimit string
}

func readEnv(getenv func(string) string) env {
	e := env{
		DatabaseURL:        getenv("DATABASE_URL"),
		ReadDatabaseURL:    getenv("ANNALS_READ_DATABASE_URL"),
		PrivateDB:          getenv("ANNALS_PRIVATE_DB"),
		Addr:               getenv("ANNALS_ADDR"),
		BaseURL:            getenv("ANNALS_BASE_URL"),
		LogFormat:          getenv("ANNALS_LOG_FORMAT"),
		AllowSelfPublish:   getenv("ANNALS_ALLOW_SELF_PUBLISH") == "true" || getenv("ANNALS_ALLOW_SELF_PUBLISH") == "1",
		TrustedProxies:     getenv("ANNALS_TRUSTED_PROXIES"),
		CaptureAllow:       getenv("ANNALS_CAPTURE_ALLOW"),
		CaptureWorkers:     getenv("ANNALS_CAPTURE_WORKERS"),
		StreamSlots:        getenv("ANNALS_STREAM_SLOTS"),
		CaptureScreenshots: getenv("ANNALS_CAPTURE_SCREENSHOTS"),
		CaptureRecheck:     getenv("ANNALS_CAPTURE_RECHECK"),
		Workers:            getenv("ANNALS_WORKERS"),
		GoMemLimit:         getenv("GOMEMLIMIT"),
	}
	if e.Addr == "" {
		e.Addr = ":8080"
	}
	if e.BaseURL == "" {
		e.BaseURL = "http://localhost" + portSuffix(e.Addr)
	}
	return e
}

func portSuffix(addr string) string {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			return addr[i:]
		}
	}
	return ""
}

func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

const usage = `usage: annals [command] [flags]

commands:
  serve [-seed-demo]     run the web server (default)
  migrate                apply database migrations
  import [-dry-run] FILE import annals/v1 JSON, Annals CSV, TimelineJS JSON or the
                         TimelineJS sheet as CSV (idempotent, all or nothing);
                         a full backup is restored into an empty database
  export [-format json|csv|timelinejs] [-public] [-o FILE] SLUG
                         write a timeline out (json re-imports exactly)
  export -backup [-o FILE]
                         write a full backup of the whole database (annals/backup-v1
                         JSON; no passwords) that import restores
  seed                   import the demo timeline if the database has no timelines
  verify                 walk the record's chain of revisions and name the first
                         one that was changed, removed or added by hand
  user add --email E --role R [--name N]
                         create a staff account (role: contributor, reviewer,
                         editor, admin); password from standard input, or
                         generated and printed once
  user password --email E
                         give an account a new password (standard input, or
                         generated and printed once); after a restore, too
  worker                 work the capture queue (captures of sources, the watch)
                         without serving pages; serve does it too unless
                         ANNALS_WORKERS=false
  devdb [-stop]          start (or stop) the private PostgreSQL cluster in
                         $ANNALS_PRIVATE_DB and print its DATABASE_URL

environment: DATABASE_URL, ANNALS_READ_DATABASE_URL, ANNALS_PRIVATE_DB, ANNALS_ADDR, ANNALS_BASE_URL,
             ANNALS_LOG_FORMAT, ANNALS_ALLOW_SELF_PUBLISH, ANNALS_TRUSTED_PROXIES,
             ANNALS_CAPTURE_ALLOW, ANNALS_CAPTURE_WORKERS, ANNALS_CAPTURE_SCREENSHOTS,
             ANNALS_CAPTURE_RECHECK, ANNALS_WORKERS, ANNALS_STREAM_SLOTS
`

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg := readEnv(getenv)
	log := newLogger(cfg.LogFormat, stderr)
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		lines := newLogBatch(stderr) // one write per batch of request lines (logbatch.go)
		defer lines.Close()
		return serveCommand(ctx, cfg, newLogger(cfg.LogFormat, lines), args)
	case "migrate":
		return migrateCommand(ctx, cfg, log, args, stdout)
	case "import":
		return importCommand(ctx, cfg, log, args, stdout)
	case "export":
		return exportCommand(ctx, cfg, log, args, stdout)
	case "worker":
		return workerCommand(ctx, cfg, log, args)
	case "verify":
		return verifyCommand(ctx, cfg, log, args, stdout)
	case "seed":
		return seedCommand(ctx, cfg, log, args, stdout)
	case "devdb":
		return devdbCommand(ctx, cfg, log, args, stdout)
	case "user":
		return userCommand(ctx, cfg, log, args, stdin, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
