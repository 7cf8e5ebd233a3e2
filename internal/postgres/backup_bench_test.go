package postgres_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"annals/internal/importer"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

func benchStore(b *testing.B) *postgres.Store {
	b.Helper()
	store := postgres.NewStore(pgtest.NewPool(b))
	doc, _, err := importer.Parse("generated.csv", generatedCSV(benchRows), importer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := store.ImportDocument(context.Background(), doc, timeline.ImportOptions{Reason: "benchmark"}); err != nil {
		b.Fatal(err)
	}
	return store
}

// BenchmarkBackup50k writes a full backup of 50,000 imported events (with
// their sources, figures and revisions); run with -benchtime 1x.
func BenchmarkBackup50k(b *testing.B) {
	store := benchStore(b)
	var n int64
	for b.Loop() {
		cw := &countingWriter{}
		if _, err := store.Backup(context.Background(), cw); err != nil {
			b.Fatal(err)
		}
		n = cw.n
	}
	b.ReportMetric(float64(n)/(1<<20), "MB")
}

// BenchmarkRestore50k restores that backup into an empty database.
func BenchmarkRestore50k(b *testing.B) {
	var buf bytes.Buffer
	if _, err := benchStore(b).Backup(context.Background(), &buf); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	for b.Loop() {
		b.StopTimer()
		dst := postgres.NewStore(pgtest.NewPool(b))
		b.StartTimer()
		stats, err := dst.RestoreBackup(context.Background(), bytes.NewReader(buf.Bytes()), timeline.RestoreOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if stats.Rows("events") != int64(benchRows) {
			b.Fatalf("restored %d events", stats.Rows("events"))
		}
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)
