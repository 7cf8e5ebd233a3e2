package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"annals/internal/export"
	"annals/internal/importer"
	"annals/internal/native"
	"annals/internal/postgres"
	"annals/internal/timeline"
)

// readImportFile reads an import file, refusing one over the size limit
// before reading it whole.
func readImportFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > importer.MaxBytes {
		return nil, timeline.Errorf(timeline.EINVALID, "%s is %.1f MB; the limit is %d MB: split it into smaller files",
			name, float64(st.Size())/(1<<20), importer.MaxBytes>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, importer.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	return data, nil
}

// runImport parses, checks and imports one file: the pipeline the staff
// upload page shares (parse -> report -> dry run -> import).
func runImport(ctx context.Context, store *postgres.Store, name string, data []byte, format importer.Format,
	opt importer.Options, iopt timeline.ImportOptions, stdout io.Writer) error {
	var err error
	if opt.Categories, err = store.KnownCategories(ctx); err != nil {
		return err
	}
	if opt.Actors, err = store.KnownActors(ctx); err != nil {
		return err
	}
	var doc timeline.Document
	var rep *importer.Report
	if format != "" {
		doc, rep, err = importer.ParseFormat(format, name, data, opt)
	} else {
		doc, rep, err = importer.Parse(name, data, opt)
	}
	for _, w := range rep.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	if err != nil {
		return fmt.Errorf("%s (%s): %w", name, rep.Format, err)
	}
	iopt.Drafts = !rep.FileStatus && !opt.Publish
	iopt.TimelineFields = rep.TimelineFields
	res, err := store.ImportDocument(ctx, doc, iopt)
	var refused *timeline.ValidationError
	if errors.As(err, &refused) {
		rep.Refused(err) // on the rows of the events it names
		return rep.Err()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	rep.Renamed(res.Renamed)
	rep.NewMetrics(res.NewMetrics)
	rep.Apply(res.Outcomes())
	for _, c := range res.Timeline.Changes {
		fmt.Fprintln(stdout, c)
	}
	if iopt.DryRun {
		printReport(stdout, rep)
		fmt.Fprintf(stdout, "dry run of %s (%s) into timeline %q: %s; nothing was written\n", name, rep.Format, doc.Timeline.Slug, res)
		return nil
	}
	fmt.Fprintf(stdout, "imported %s (%s) into timeline %q: %s\n", name, rep.Format, doc.Timeline.Slug, res)
	return nil
}

func printReport(w io.Writer, rep *importer.Report) {
	for _, r := range rep.Rows {
		line := fmt.Sprintf("row %-6d %-10s %s", r.Row, r.Outcome, r.Event)
		if r.Note != "" {
			line += "  (" + r.Note + ")"
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
}

// exportCommand writes a timeline in one of the export formats.
func exportCommand(ctx context.Context, cfg env, log *slog.Logger, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	format := fs.String("format", "json", "json (annals/v1, re-importable), csv (the Annals CSV) or timelinejs")
	public := fs.Bool("public", false, "only what the public sees: published, public events; confidential sources blanked")
	out := fs.String("o", "", "write to this file instead of standard output")
	full := fs.Bool("backup", false, "a full staff backup of the whole database (every timeline, draft, confidential source, revision and account, without passwords) that annals import restores")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *full {
		if fs.NArg() != 0 {
			return errors.New("export -backup backs up the whole database: it takes no SLUG")
		}
		return backupExport(ctx, cfg, log, *out, stdout)
	}
	if fs.NArg() != 1 {
		return errors.New("export needs exactly one timeline SLUG")
	}
	slug := fs.Arg(0)
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	doc, err := postgres.NewStore(pool).ExportTimeline(ctx, slug, *public)
	if err != nil {
		return err
	}
	var body []byte
	switch *format {
	case "json":
		doc.MediaBase = strings.TrimRight(cfg.BaseURL, "/")
		body, err = native.Encode(doc)
	case "csv":
		var buf bytes.Buffer
		err = export.CSV(&buf, doc)
		body = buf.Bytes()
	case "timelinejs":
		base := strings.TrimRight(cfg.BaseURL, "/")
		body, err = export.TimelineJS(doc, base, func(event string) string { return base + "/t/" + slug + "/e/" + event })
	default:
		return fmt.Errorf("-format %q: use json, csv or timelinejs", *format)
	}
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = stdout.Write(body)
		return err
	}
	if err := os.WriteFile(filepath.Clean(*out), body, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "exported timeline %q (%d events) to %s\n", slug, len(doc.Events), *out)
	return nil
}
