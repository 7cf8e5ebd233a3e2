package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// Per-user API tokens (table api_tokens). Only the SHA-256 of a token's
// secret is stored; the token itself is returned once, by CreateAPIToken.

// MaxTokenNameLength bounds a token's name.
const MaxTokenNameLength = 100

const tokenColumns = `t.id, t.user_id, coalesce(nullif(u.name, ''), u.email), u.email, t.name, t.prefix, t.created_at,
  t.last_used_at, t.expires_at, t.revoked_at`

func scanToken(row pgx.Row) (timeline.APIToken, error) {
	var t timeline.APIToken
	err := row.Scan(&t.ID, &t.UserID, &t.Owner, &t.OwnerEmail, &t.Name, &t.Prefix, &t.CreatedAt, &t.LastUsedAt,
		&t.ExpiresAt, &t.RevokedAt)
	return t, err
}

// CreateAPIToken makes a token for the account by, named name, that works
// until expires (nil: until revoked). It returns the token's record and the
// token itself, which is not stored and cannot be seen again.
func (s *Store) CreateAPIToken(ctx context.Context, by auth.User, name string, expires *time.Time) (timeline.APIToken, string, error) {
	name = strings.TrimSpace(name)
	p := timeline.NewProblems("")
	if name == "" {
		p.Add("name", "is required: say what the token is for, such as “spreadsheet sync”")
	} else {
		p.AddErr("name", timeline.ValidateText(name, true, MaxTokenNameLength))
	}
	if expires != nil && !expires.After(s.Now()) {
		p.Add("expires", "must be in the future")
	}
	if err := p.Err(); err != nil {
		return timeline.APIToken{}, "", err
	}
	if !by.Can(auth.RoleContributor) {
		return timeline.APIToken{}, "", timeline.Errorf(timeline.EFORBIDDEN, "Only an active staff account can have API tokens.")
	}
	token, hash, prefix, err := auth.NewToken()
	if err != nil {
		return timeline.APIToken{}, "", err
	}
	t, err := scanToken(s.pool.QueryRow(ctx, `
WITH t AS (
  INSERT INTO api_tokens (user_id, name, token_hash, prefix, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING *
)
SELECT `+tokenColumns+` FROM t JOIN users u ON u.id = t.user_id`, by.ID, name, hash, prefix, expires))
	if err != nil {
		return timeline.APIToken{}, "", constraintError(fmt.Errorf("create API token: %w", err))
	}
	return t, token, nil
}

// APITokens lists tokens, newest first: the account's own, or with all (for
// an admin) everyone's.
func (s *Store) APITokens(ctx context.Context, by auth.User, all bool) ([]timeline.APIToken, error) {
	all = all && by.Can(auth.RoleAdmin)
	rows, err := s.pool.Query(ctx, `
SELECT `+tokenColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
WHERE $2 OR t.user_id = $1
ORDER BY t.id DESC
LIMIT 1000`, by.ID, all)
	if err != nil {
		return nil, fmt.Errorf("list API tokens: %w", err)
	}
	defer rows.Close()
	var out []timeline.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("read API token: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken stops token id from working, at once and for good. Its
// owner and admins may revoke it; to anyone else it does not exist
// (ENOTFOUND). Revoking a revoked token changes nothing.
func (s *Store) RevokeAPIToken(ctx context.Context, by auth.User, id int64) (timeline.APIToken, error) {
	t, err := scanToken(s.pool.QueryRow(ctx, `
WITH t AS (
  UPDATE api_tokens SET revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, $2)
  WHERE id = $1 AND (user_id = $2 OR $3)
  RETURNING *
)
SELECT `+tokenColumns+` FROM t JOIN users u ON u.id = t.user_id`, id, by.ID, by.Can(auth.RoleAdmin)))
	if err != nil {
		return timeline.APIToken{}, notFound(fmt.Errorf("revoke API token %d: %w", id, err), "You have no API token %d.", id)
	}
	return t, nil
}

// UserForAPIToken returns the account a token acts for and notes that the
// token was used. A token that is malformed, unknown, revoked or expired, or
// whose account is disabled, is EUNAUTHORIZED, all with the same message.
// The lookup is by the token's hash: the token itself is never compared.
func (s *Store) UserForAPIToken(ctx context.Context, token string) (auth.User, error) {
	refused := timeline.Errorf(timeline.EUNAUTHORIZED,
		"The API token is not valid: it may have been revoked or have expired, or its account may be disabled.")
	hash, ok := auth.HashToken(token)
	if !ok {
		return auth.User{}, refused
	}
	u, err := scanUser(s.pool.QueryRow(ctx, `
UPDATE api_tokens t SET last_used_at = now()
FROM users u
WHERE t.token_hash = $1 AND u.id = t.user_id AND t.revoked_at IS NULL
  AND (t.expires_at IS NULL OR t.expires_at > now()) AND NOT u.disabled
RETURNING u.id, u.email, u.name, u.role, u.disabled, u.session_version, u.created_at, u.last_sign_in_at,
  u.language`, hash))
	if err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return auth.User{}, refused
		}
		return auth.User{}, fmt.Errorf("check API token: %w", err)
	}
	return u, nil
}

// StaffEventID returns the id of the event with slug eventSlug on the
// timeline timelineSlug, whatever its status: for staff writes through the
// API, never for public reads.
func (s *Store) StaffEventID(ctx context.Context, timelineSlug, eventSlug string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `
SELECT e.id FROM events e
JOIN timeline_events te ON te.event_id = e.id
JOIN timelines t ON t.id = te.timeline_id
WHERE t.slug = $1 AND e.slug = $2`, timelineSlug, eventSlug).Scan(&id)
	if err != nil {
		return 0, notFound(fmt.Errorf("find event %q on %q: %w", eventSlug, timelineSlug, err),
			"There is no event %q on the timeline %q.", eventSlug, timelineSlug)
	}
	return id, nil
}

// StaffTimelineExists reports ENOTFOUND when there is no timeline slug,
// public or not (staff write to every timeline).
func (s *Store) StaffTimelineExists(ctx context.Context, slug string) error {
	var id int64
	if err := s.pool.QueryRow(ctx, `SELECT id FROM timelines WHERE slug = $1`, slug).Scan(&id); err != nil {
		return notFound(fmt.Errorf("find timeline %q: %w", slug, err), "There is no timeline %q.", slug)
	}
	return nil
}
