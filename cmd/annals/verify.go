package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"annals/internal/postgres"
)

// verifyCommand walks the record's chain from the first revision and names
// the first one that does not hold; the outcome is recorded for the admin
// page either way.
func verifyCommand(ctx context.Context, cfg env, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("verify takes no arguments")
	}
	pool, err := openMigrated(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer pool.Close()
	st, err := postgres.NewStore(pool).VerifyChain(ctx, "annals verify")
	if err != nil {
		return err
	}
	if st.Break != nil {
		return fmt.Errorf("the record's chain does not verify (%d revisions hold before it): %s", st.Revisions, st.Break.Error())
	}
	fmt.Fprintf(stdout, "the record's chain verifies: %d revisions, head revision %d, sha256 %s (%.2fs)\n",
		st.Revisions, st.HeadID, st.Head, st.Seconds)
	return nil
}
