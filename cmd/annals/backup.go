package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"annals/internal/auth"
	"annals/internal/backup"
	"annals/internal/postgres"
	"annals/internal/timeline"
)

// isBackupFile reports whether the file name is an Annals full backup,
// which `annals import` restores instead of importing.
func isBackupFile(name string) (bool, error) {
	f, err := os.Open(name)
	if err != nil {
		return false, fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	head, _ := bufio.NewReaderSize(f, 4096).Peek(4096)
	_, ok := backup.Detect(head)
	return ok, nil
}

// restoreCommand restores a full backup into the (empty) database.
func restoreCommand(ctx context.Context, cfg env, log *slog.Logger, name string, dryRun bool, stdout io.Writer) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	store := postgres.NewStore(pool)
	stats, err := store.RestoreBackup(ctx, f, timeline.RestoreOptions{DryRun: dryRun})
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if dryRun {
		fmt.Fprintf(stdout, "dry run of backup %s: it would restore %s; nothing was written\n", name, stats)
		return nil
	}
	fmt.Fprintf(stdout, "restored backup %s: %s\n", name, stats)
	users, err := store.Users(ctx)
	if err != nil {
		return err
	}
	if len(users) == 0 {
		fmt.Fprintln(stdout, "the backup has no staff accounts: make one with annals user add --email EMAIL --role admin")
		return nil
	}
	var admins []string
	for _, u := range users {
		if u.Role == auth.RoleAdmin && !u.Disabled {
			admins = append(admins, u.Email)
		}
	}
	fmt.Fprintf(stdout, "Restored accounts have no password (backups never hold them): nobody can sign in yet.\n"+
		"Give an admin a new password with: annals user password --email EMAIL\n"+
		"(admins: %s); they can then reset the others' passwords in %s/staff/users.\n",
		strings.Join(admins, ", "), strings.TrimRight(cfg.BaseURL, "/"))
	return nil
}

// backupExport writes a full backup to out ("" for standard output). A file
// is written beside its final name and renamed into place, so it is never
// seen half-written; it is readable by its owner only, since it holds
// confidential sources and every draft.
func backupExport(ctx context.Context, cfg env, log *slog.Logger, out string, stdout io.Writer) error {
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	store := postgres.NewStore(pool)
	if out == "" {
		_, err := store.Backup(ctx, stdout)
		return err
	}
	out = filepath.Clean(out)
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename
	w := bufio.NewWriterSize(tmp, 1<<20)
	stats, err := store.Backup(ctx, w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", stats, out)
	return nil
}
