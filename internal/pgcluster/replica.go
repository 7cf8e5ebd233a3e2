package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// StartReplica makes a streaming replica of the running cluster c in dir
// (pg_basebackup -R, WAL streamed during the copy) and starts it on a port
// of its own, where it follows c until stopped (Stop(ctx, dir)). c must
// allow replication connections from 127.0.0.1, which initdb's default
// pg_hba.conf does with trust, and run with wal_level replica or logical
// (the default).
func (c *Cluster) StartReplica(ctx context.Context, dir string, settings map[string]string) (*Cluster, error) {
	r, err := resolve(dir, c.BinDir, func(string, ...any) {})
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(r.Dir); !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("replica folder %s exists already", r.Dir)
	}
	if err := os.MkdirAll(r.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("create replica folder: %w", err)
	}
	if r.runAs != nil {
		if err := os.Chown(r.Dir, int(r.runAs.Uid), int(r.runAs.Gid)); err != nil {
			return nil, fmt.Errorf("hand the replica folder to the postgres user: %w", err)
		}
	}
	err = r.run(ctx, "pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(c.Port), "-U", "postgres",
		"-D", r.Dir, "-R", "-X", "stream", "-c", "fast")
	if err != nil {
		os.RemoveAll(r.Dir)
		return nil, fmt.Errorf("copy the primary for a replica: %w", err)
	}
	// The primary's server log came with the copy; the replica keeps its own.
	os.Remove(filepath.Join(r.Dir, "server.log"))
	if err := r.start(ctx, settings); err != nil {
		return nil, err
	}
	return r, nil
}
