package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
)

// TakeSignInAttempt counts one sign-in attempt against every key, or
// against none: when any key's bucket is full, nothing is counted and the
// answer is that key's scope and how long until it drains. Buckets are
// locked in one order in one transaction and timed by the database's clock,
// so concurrent attempts on several instances count exactly once each.
func (s *Store) TakeSignInAttempt(ctx context.Context, keys []auth.LimitKey) (ok bool, refusedBy auth.LimitScope, wait time.Duration, err error) {
	keys = append([]auth.LimitKey(nil), keys...)
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].Scope != keys[j].Scope {
			return keys[i].Scope < keys[j].Scope
		}
		return string(keys[i].Hash[:]) < string(keys[j].Hash[:])
	})
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		levels := make([]float64, len(keys))
		var now time.Time
		for i, k := range keys {
			if _, err := tx.Exec(ctx, `
INSERT INTO signin_limits (scope, key_hash, level, updated_at) VALUES ($1, $2, 0, now())
ON CONFLICT (scope, key_hash) DO NOTHING`, k.Scope, k.Hash[:]); err != nil {
				return fmt.Errorf("add %s limit: %w", k.Scope, err)
			}
			var level float64
			var updated time.Time
			if err := tx.QueryRow(ctx, `
SELECT level, updated_at, now() FROM signin_limits WHERE scope = $1 AND key_hash = $2 FOR UPDATE`,
				k.Scope, k.Hash[:]).Scan(&level, &updated, &now); err != nil {
				return fmt.Errorf("read %s limit: %w", k.Scope, err)
			}
			levels[i] = k.Limit.Drain(level, now.Sub(updated))
			if admit, w := k.Limit.Admit(levels[i]); !admit {
				ok, refusedBy, wait = false, k.Scope, w
				return errLimited
			}
		}
		for i, k := range keys {
			if _, err := tx.Exec(ctx, `
UPDATE signin_limits SET level = $3, updated_at = $4 WHERE scope = $1 AND key_hash = $2`,
				k.Scope, k.Hash[:], levels[i]+1, now); err != nil {
				return fmt.Errorf("count %s attempt: %w", k.Scope, err)
			}
		}
		ok = true
		return nil
	})
	if errors.Is(err, errLimited) {
		return false, refusedBy, wait, nil
	}
	if err != nil {
		return false, "", 0, fmt.Errorf("sign-in limit: %w", err)
	}
	return ok, "", 0, nil
}

// errLimited rolls back a TakeSignInAttempt that counted nothing.
var errLimited = errors.New("sign-in limit reached")

// ClearSignInLimit empties a bucket (an account's or a device's, after its
// right password), and forgets buckets that have long drained.
func (s *Store) ClearSignInLimit(ctx context.Context, key auth.LimitKey) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM signin_limits WHERE scope = $1 AND key_hash = $2`, key.Scope, key.Hash[:]); err != nil {
		return fmt.Errorf("clear %s limit: %w", key.Scope, err)
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM signin_limits WHERE updated_at < now() - interval '1 day'`); err != nil {
		return fmt.Errorf("forget old sign-in limits: %w", err)
	}
	return nil
}

// SignInDevice returns the account a device token signed in to before,
// or 0 when the token is unknown.
func (s *Store) SignInDevice(ctx context.Context, tokenHash [32]byte) (int64, error) {
	var userID int64
	err := s.pool.QueryRow(ctx, `SELECT user_id FROM signin_devices WHERE token_hash = $1`, tokenHash[:]).Scan(&userID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("look up sign-in device: %w", err)
	}
	return userID, nil
}

// RememberSignInDevice records that a device token signed in to userID.
func (s *Store) RememberSignInDevice(ctx context.Context, tokenHash [32]byte, userID int64) error {
	_, err := s.pool.Exec(ctx, `
INSERT INTO signin_devices (token_hash, user_id) VALUES ($1, $2)
ON CONFLICT (token_hash) DO UPDATE SET last_used_at = now() WHERE signin_devices.user_id = EXCLUDED.user_id`,
		tokenHash[:], userID)
	if err != nil {
		return fmt.Errorf("remember sign-in device: %w", err)
	}
	return nil
}

// RecordSecurityEvent adds a line to the security log.
func (s *Store) RecordSecurityEvent(ctx context.Context, ev auth.SecurityEvent) error {
	var userID *int64
	if ev.UserID != 0 {
		userID = &ev.UserID
	}
	_, err := s.pool.Exec(ctx, `
INSERT INTO security_events (kind, user_id, email, address, detail) VALUES ($1, $2, $3, $4, $5)`,
		ev.Kind, userID, truncate(ev.Email, 320), truncate(ev.Address, 64), truncate(ev.Detail, 500))
	if err != nil {
		return fmt.Errorf("record security event %s: %w", ev.Kind, err)
	}
	return nil
}

// SecurityLog lists what happened to accounts, newest first, before the
// given time (the zero time for the newest), at most limit: the security
// events kept by sign-in and backups, and, read where they are already
// kept, account changes (their revisions) and API tokens made and revoked.
// Second-factor changes are security events of their own, so their
// revisions are left out here.
func (s *Store) SecurityLog(ctx context.Context, before time.Time, limit int) ([]auth.SecurityEvent, error) {
	if before.IsZero() {
		before = time.Now().Add(time.Hour)
	}
	rows, err := s.pool.Query(ctx, `
SELECT at, kind, user_id, email, by, address, detail FROM (
  SELECT at, kind, coalesce(user_id, 0) AS user_id, email, '' AS by, address, detail
  FROM security_events WHERE at < $1
  UNION ALL
  SELECT r.created_at, 'account_changed', r.entity_id, coalesce(r.record->>'email', ''), r.author, '', r.reason
  FROM revisions r WHERE r.entity = 'user' AND r.action <> 'second_factor' AND r.created_at < $1
  UNION ALL
  SELECT t.created_at, 'token_created', t.user_id, u.email, u.email, '', t.name || ' (' || t.prefix || '…)'
  FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.created_at < $1
  UNION ALL
  SELECT t.revoked_at, 'token_revoked', t.user_id, u.email, coalesce(b.email, ''), '', t.name || ' (' || t.prefix || '…)'
  FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN users b ON b.id = t.revoked_by
  WHERE t.revoked_at < $1
) log
ORDER BY at DESC LIMIT $2`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("read the security log: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (auth.SecurityEvent, error) {
		var ev auth.SecurityEvent
		err := row.Scan(&ev.At, &ev.Kind, &ev.UserID, &ev.Email, &ev.By, &ev.Address, &ev.Detail)
		return ev, err
	})
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
