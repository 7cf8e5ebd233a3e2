package postgres_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"annals/internal/importer"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// generatedCSV is a native CSV of n events, each with a category, an actor,
// a place, a source of its own and a figure.
func generatedCSV(n int) []byte {
	var b strings.Builder
	b.WriteString("slug,title,summary,start,category,category_name,actors,place,country,status,sources,figures\n")
	for i := range n {
		fmt.Fprintf(&b, "event-%d,Event number %d,Something happened in place %d.,%04d-%02d-%02d,cat-%d,Category %d,actor-%d:perpetrator:Actor %d,Town %d,MM,published,https://example.org/report/%d|Report %d|Example News|2021,killed|%d|at_least|event|2021|https://example.org/report/%d\n",
			i, i, i%500, 2000+i%25, 1+i%12, 1+i%28, i%10, i%10, i%50, i%50, i%500, i, i, i%100, i)
	}
	return []byte(b.String())
}

// BenchmarkImport50k parses and imports a generated 50,000-row CSV into an
// empty database in one transaction (run with -benchtime 1x).
func BenchmarkImport50k(b *testing.B) {
	data := generatedCSV(benchRows)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		b.StopTimer()
		store := postgres.NewStore(pgtest.NewPool(b))
		b.StartTimer()
		doc, _, err := importer.Parse("generated.csv", data, importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := store.ImportDocument(context.Background(), doc, timeline.ImportOptions{Reason: "benchmark"})
		if err != nil {
			b.Fatal(err)
		}
		if res.EventsCreated != benchRows {
			b.Fatalf("created %d events", res.EventsCreated)
		}
	}
}

var benchRows = benchSize()

// benchSize is 50,000, or ANNALS_BENCH_ROWS for a quicker look.
func benchSize() int {
	if n, err := strconv.Atoi(os.Getenv("ANNALS_BENCH_ROWS")); err == nil && n > 0 {
		return n
	}
	return importer.MaxRows
}
