package postgres_test

import (
	"context"
	"testing"

	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// Pages of the library cover every source exactly once, in title order,
// and a search matches any part of a title, publisher or web address, with
// LIKE's own characters taken literally.
func TestFindSourcesPagesAndSearches(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	if _, err := store.Pool().Exec(ctx, `
INSERT INTO sources (url, title, publisher)
SELECT 'https://news.example.org/a/' || i, 'Report ' || lpad(i::text, 3, '0'), CASE WHEN i % 10 = 0 THEN 'Frontier Myanmar' ELSE 'Agency' END
FROM generate_series(1, 250) i;
INSERT INTO sources (url, title, publisher) VALUES ('', '100% verified_claims', 'Odd');`); err != nil {
		t.Fatal(err)
	}
	seen := map[int64]int{}
	var titles []string
	after, pages := "", 0
	for {
		page, err := store.FindSources(ctx, "", after, 40)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, s := range page.Sources {
			seen[s.Source.ID]++
			titles = append(titles, s.Source.Title)
		}
		if page.Next == "" {
			break
		}
		after = page.Next
	}
	if len(seen) != 251 || pages != 7 {
		t.Fatalf("paging saw %d sources in %d pages, want 251 in 7", len(seen), pages)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("source %d listed %d times", id, n)
		}
	}
	if titles[0] != "100% verified_claims" || titles[1] != "Report 001" || titles[250] != "Report 250" {
		t.Errorf("not in title order: %q, %q … %q", titles[0], titles[1], titles[250])
	}

	for _, tc := range []struct {
		text string
		want int
	}{
		{"frontier", 25},              // publisher, any case
		{"news.example.org/a/12", 11}, // web address: 12, 120-129
		{"report 2", 51},              // 200-250 and 002? no: "Report 002" has "report 00"
		{"100%", 1},                   // % is a character here, not a wildcard
		{"_", 1},
		{"nothing like it", 0},
	} {
		page, err := store.FindSources(ctx, tc.text, "", 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Sources) != tc.want {
			t.Errorf("FindSources(%q) found %d, want %d", tc.text, len(page.Sources), tc.want)
		}
	}
	if _, err := store.FindSources(ctx, "", "not-a-cursor", 10); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Errorf("a made-up cursor: %v, want EINVALID", err)
	}
}
