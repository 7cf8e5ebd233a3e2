package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"annals/internal/capture"
	"annals/internal/timeline"
)

// The capture queue and the sources at risk, searched, filtered, sorted and
// paged like the other staff lists (staffCursor, decodeStaffCursor).

// jobSorts and riskSorts are the orders of the two lists: by id, which follows the
// order jobs were queued, or by when the watch last checked the source.
var (
	jobSorts = map[string]staffEventSort{
		"newest": {"j.id", "bigint", true, ""},
		"oldest": {"j.id", "bigint", false, ""},
	}
	riskSorts = map[string]staffEventSort{
		"newest": {"k.checked_at", "timestamptz", true, ""},
		"oldest": {"k.checked_at", "timestamptz", false, ""},
	}
)

// jobFailure is the reason stored on the capture a finished job made;
// jobState is the job's state as the queue shows it (capture.JobStates).
const (
	jobFailure = `coalesce(x.failure, '')`
	jobState   = `CASE WHEN j.state = 'completed' AND ` + jobFailure + ` <> '' THEN 'failed' ELSE j.state::text END`
	jobError   = `coalesce(j.errors[array_length(j.errors, 1)]->>'error', '')`
)

// listDates adds the bounds of [from, to] (ISO dates, UTC) on col to where,
// or a problem naming the parameter.
func listDates(p *timeline.Problems, col, from, to string, where *[]string, args pgx.NamedArgs) {
	if from != "" {
		if d, err := timeline.ParseDate(from); err != nil {
			p.Add("from", "%s", err.Error())
		} else {
			*where = append(*where, col+" >= @from")
			args["from"] = d.First()
		}
	}
	if to != "" {
		if d, err := timeline.ParseDate(to); err != nil {
			p.Add("to", "%s", err.Error())
		} else {
			*where = append(*where, col+" < @to")
			args["to"] = d.Last().AddDate(0, 0, 1)
		}
	}
}

// keysetPage adds the order's cursor condition and returns the ORDER BY
// and direction; key and type come from a sort table, never from input.
func keysetPage(order staffEventSort, idCol string, cur staffCursor, where *[]string, args pgx.NamedArgs) string {
	dir, cmp := "ASC", ">"
	if order.desc {
		dir, cmp = "DESC", "<"
	}
	if cur.ID != 0 {
		*where = append(*where, fmt.Sprintf("(%s, %s) %s (@after_key::%s, @after_id)", order.key, idCol, cmp, order.typ))
		args["after_key"], args["after_id"] = cur.Key, cur.ID
	}
	return order.key + " " + dir + ", " + idCol + " " + dir
}

// CaptureJobs returns a page of the capture queue from River's table:
// queued, running, waiting to retry (with the last error), done or failed
// (with the reason stored on their capture), narrowed by q.
func (s *Store) CaptureJobs(ctx context.Context, q capture.JobQuery) (capture.JobPage, error) {
	var page capture.JobPage
	p := timeline.NewProblems("")
	if q.Sort == "" {
		q.Sort = "newest"
	}
	order, ok := jobSorts[q.Sort]
	if !ok {
		p.Add("sort", "%q is not an order of this list", q.Sort)
	}
	if q.State != "" && !slices.Contains(capture.JobStates, q.State) {
		p.Add("state", "%q is not a state of a capture job", q.State)
	}
	args := pgx.NamedArgs{}
	where := []string{"j.kind = 'capture'"}
	listDates(p, "j.created_at", q.From, q.To, &where, args)
	cur, err := decodeStaffCursor(q.After, q.Sort)
	p.Merge(err)
	if err := p.Err(); err != nil {
		return page, err
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 50
	}
	if text := strings.TrimSpace(q.Text); text != "" {
		where = append(where, `(coalesce(s.title, '') || ' ' || coalesce(j.args->>'url', '') || ' ' || `+jobError+` || ' ' || `+jobFailure+`) ILIKE @pattern`)
		args["pattern"] = likePattern(text)
	}
	if q.State != "" {
		where = append(where, jobState+" = @state")
		args["state"] = q.State
	}
	orderBy := keysetPage(order, "j.id", cur, &where, args)
	args["limit"] = q.Limit + 1
	rows, err := s.pool.Query(ctx, `
SELECT j.id, `+jobState+`, j.attempt, j.max_attempts, coalesce((j.args->>'source_id')::bigint, 0), coalesce(j.args->>'url', ''),
  j.created_at, `+jobError+`, `+jobFailure+`, coalesce(s.title, ''), (`+order.key+`)::text
FROM river_job j
LEFT JOIN sources s ON s.id = (j.args->>'source_id')::bigint
LEFT JOIN LATERAL (SELECT c.failure FROM captures c WHERE c.source_id = (j.args->>'source_id')::bigint
    AND c.requested_url = j.args->>'url' AND c.captured_at >= j.created_at ORDER BY c.id LIMIT 1) x ON TRUE
WHERE `+strings.Join(where, "\n  AND ")+`
ORDER BY `+orderBy+` LIMIT @limit`, args)
	if err != nil {
		return page, fmt.Errorf("read capture jobs: %w", err)
	}
	var j capture.Job
	var key string
	var keys []string
	if _, err := pgx.ForEachRow(rows, []any{&j.ID, &j.State, &j.Attempt, &j.MaxAttempts, &j.SourceID, &j.URL, &j.CreatedAt,
		&j.LastError, &j.Failure, &j.Title, &key}, func() error {
		page.Jobs = append(page.Jobs, j)
		keys = append(keys, key)
		return nil
	}); err != nil {
		return page, fmt.Errorf("read capture jobs: %w", err)
	}
	if len(page.Jobs) > q.Limit {
		page.Jobs = page.Jobs[:q.Limit]
		page.Next = staffCursor{Sort: q.Sort, Key: keys[q.Limit-1], ID: page.Jobs[q.Limit-1].ID}.encode()
	}
	return page, nil
}

// SourcesAtRisk returns a page of the sources whose original the watch
// found gone, changed or unreachable at its last look, narrowed by q.
func (s *Store) SourcesAtRisk(ctx context.Context, q capture.RiskQuery) (capture.RiskPage, error) {
	var page capture.RiskPage
	p := timeline.NewProblems("")
	if q.Sort == "" {
		q.Sort = "newest"
	}
	order, ok := riskSorts[q.Sort]
	if !ok {
		p.Add("sort", "%q is not an order of this list", q.Sort)
	}
	if q.Risk != "" && !slices.Contains(capture.Risks, q.Risk) {
		p.Add("risk", "%q is not a finding of the watch", q.Risk)
	}
	args := pgx.NamedArgs{}
	where := []string{"k.risk <> ''"}
	listDates(p, "k.checked_at", q.From, q.To, &where, args)
	cur, err := decodeStaffCursor(q.After, q.Sort)
	p.Merge(err)
	if err := p.Err(); err != nil {
		return page, err
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 50
	}
	if text := strings.TrimSpace(q.Text); text != "" {
		where = append(where, `(s.title || ' ' || s.url) ILIKE @pattern`)
		args["pattern"] = likePattern(text)
	}
	if q.Risk != "" {
		where = append(where, "k.risk = @risk")
		args["risk"] = q.Risk
	}
	orderBy := keysetPage(order, "s.id", cur, &where, args)
	args["limit"] = q.Limit + 1
	rows, err := s.pool.Query(ctx, `
SELECT s.id, s.title, s.url, k.risk, k.detail, k.checked_at, coalesce(k.http_status, 0), (`+order.key+`)::text
FROM source_checks k JOIN sources s ON s.id = k.source_id
WHERE `+strings.Join(where, "\n  AND ")+`
ORDER BY `+orderBy+` LIMIT @limit`, args)
	if err != nil {
		return page, fmt.Errorf("list sources at risk: %w", err)
	}
	var r capture.Risk
	var key string
	var keys []string
	if _, err := pgx.ForEachRow(rows, []any{&r.SourceID, &r.Title, &r.URL, &r.Risk, &r.Detail, &r.CheckedAt, &r.HTTPStatus, &key}, func() error {
		page.Risks = append(page.Risks, r)
		keys = append(keys, key)
		return nil
	}); err != nil {
		return page, fmt.Errorf("list sources at risk: %w", err)
	}
	if len(page.Risks) > q.Limit {
		page.Risks = page.Risks[:q.Limit]
		page.Next = staffCursor{Sort: q.Sort, Key: keys[q.Limit-1], ID: page.Risks[q.Limit-1].SourceID}.encode()
	}
	return page, nil
}
