package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// Metrics lists the metrics list: unreviewed ones (new from an import or
// the API) first, then by name, each with how many figures count it.
func (s *Store) Metrics(ctx context.Context) ([]timeline.Metric, error) {
	rows, err := s.pool.Query(ctx, `
SELECT m.slug, m.name, m.unit, m.reviewed, (SELECT count(*) FROM figures f WHERE f.metric = m.slug)::int, m.names
FROM metrics m ORDER BY m.reviewed, m.name, m.slug`)
	if err != nil {
		return nil, fmt.Errorf("list metrics: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[timeline.Metric])
	if err != nil {
		return nil, fmt.Errorf("read metrics: %w", err)
	}
	return out, nil
}

// SaveMetric adds a metric to the list or renames the one with its slug,
// marking it reviewed, with a revision naming by. A slug never changes:
// figures name it. m.Names replaces the translated names whole (an empty
// one is no name).
func (s *Store) SaveMetric(ctx context.Context, by auth.User, m timeline.Metric) error {
	m.Slug, m.Name, m.Unit = strings.TrimSpace(m.Slug), strings.TrimSpace(m.Name), strings.TrimSpace(m.Unit)
	names := map[string]string{}
	for lang, name := range m.Names {
		if name = strings.TrimSpace(name); name != "" {
			names[lang] = name
		}
	}
	m.Names = names
	if err := m.Validate(); err != nil {
		return stripItem(err)
	}
	return s.withTx(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `
INSERT INTO metrics (slug, name, unit, reviewed, names) VALUES ($1, $2, $3, true, $4)
ON CONFLICT (slug) DO UPDATE SET name = excluded.name, unit = excluded.unit, names = excluded.names, reviewed = true, updated_at = now()
RETURNING id`, m.Slug, m.Name, m.Unit, names).Scan(&id)
		if err != nil {
			return fmt.Errorf("save metric %q: %w", m.Slug, err)
		}
		return catalogRevision(ctx, tx, "metric", id, by, "")
	})
}

// PublicMetricNames are the metrics' names in lang that editors gave, by
// slug: what charts on pages in lang are titled with. Only the names are
// public; the list itself (units, review marks) stays with staff.
func (s *Store) PublicMetricNames(ctx context.Context, lang string) (map[string]string, error) {
	rows, err := s.read.Query(ctx, `SELECT slug, names->>$1 FROM metrics WHERE names ? $1`, lang)
	if err != nil {
		return nil, fmt.Errorf("metric names in %s: %w", lang, err)
	}
	out := map[string]string{}
	var slug, name string
	if _, err := pgx.ForEachRow(rows, []any{&slug, &name}, func() error { out[slug] = name; return nil }); err != nil {
		return nil, fmt.Errorf("read metric names in %s: %w", lang, err)
	}
	return out, nil
}

// newMetrics lists the metrics of doc's figures that the metrics list
// lacks, in order.
func newMetrics(ctx context.Context, tx pgx.Tx, doc timeline.Document) ([]string, error) {
	seen := map[string]bool{}
	var all []string
	for _, e := range doc.Events {
		for _, f := range e.Figures {
			if !seen[f.Metric] {
				seen[f.Metric] = true
				all = append(all, f.Metric)
			}
		}
	}
	if len(all) == 0 {
		return nil, nil
	}
	rows, err := tx.Query(ctx, `SELECT m FROM unnest($1::text[]) m WHERE NOT EXISTS (SELECT 1 FROM metrics WHERE slug = m) ORDER BY m`, all)
	if err != nil {
		return nil, fmt.Errorf("find new metrics: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("read new metrics: %w", err)
	}
	return out, nil
}
