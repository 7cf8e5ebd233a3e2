package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/auth"
	"annals/internal/timeline"
)

// Second factors (tables user_totp, user_recovery_codes, user_passkeys) and
// the sessions an account can see and end (user_sessions). Every change to
// an account's factors is a revision of the account that says what changed
// and what it now has, never a secret.

// SecondFactors returns what account userID has beyond its password.
func (s *Store) SecondFactors(ctx context.Context, userID int64) (auth.SecondFactors, error) {
	return secondFactors(ctx, s.pool, userID)
}

func secondFactors(ctx context.Context, q querier, userID int64) (auth.SecondFactors, error) {
	var f auth.SecondFactors
	if err := q.QueryRow(ctx, `
SELECT EXISTS (SELECT 1 FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL),
       (SELECT count(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL)`, userID).
		Scan(&f.TOTP, &f.RecoveryLeft); err != nil {
		return f, fmt.Errorf("read second factors of account %d: %w", userID, err)
	}
	rows, err := q.Query(ctx, `
SELECT id, name, credential_id, credential::text, created_at, last_used_at FROM user_passkeys
WHERE user_id = $1 ORDER BY id`, userID)
	if err != nil {
		return f, fmt.Errorf("read passkeys of account %d: %w", userID, err)
	}
	f.Passkeys, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (auth.Passkey, error) {
		var p auth.Passkey
		var cred string
		err := row.Scan(&p.ID, &p.Name, &p.CredentialID, &cred, &p.CreatedAt, &p.LastUsedAt)
		p.Credential = []byte(cred)
		return p, err
	})
	if err != nil {
		return f, fmt.Errorf("read passkeys of account %d: %w", userID, err)
	}
	return f, nil
}

// factorRevision writes the revision of a change to userID's second
// factors, made by by: what changed (reason) and what the account now
// has, without any secret.
func factorRevision(ctx context.Context, tx pgx.Tx, by auth.User, userID int64, reason string) error {
	u, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, userID))
	if err != nil {
		return notFound(fmt.Errorf("load account %d: %w", userID, err), "There is no account %d.", userID)
	}
	f, err := secondFactors(ctx, tx, userID)
	if err != nil {
		return err
	}
	names := []string{}
	for _, p := range f.Passkeys {
		names = append(names, p.Name)
	}
	record := userRecord(u)
	record["second_factors"] = map[string]any{"totp": f.TOTP, "recovery_codes_left": f.RecoveryLeft, "passkeys": names}
	author, authorID := authorOf(by)
	return writeRevisions(ctx, tx, revision{Entity: "user", EntityID: u.ID, Version: u.SessionVersion, Action: "second_factor",
		Author: author, AuthorID: authorID, Reason: reason, Record: record})
}

// StartTOTP keeps a new, unconfirmed TOTP secret for by, replacing one that
// was never confirmed. An account with a confirmed one is ECONFLICT.
func (s *Store) StartTOTP(ctx context.Context, by auth.User, secret string) error {
	tag, err := s.pool.Exec(ctx, `
INSERT INTO user_totp (user_id, secret) VALUES ($1, $2)
ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = now()
WHERE user_totp.confirmed_at IS NULL`, by.ID, secret)
	if err != nil {
		return fmt.Errorf("start TOTP enrolment: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return timeline.Errorf(timeline.ECONFLICT, "This account already has an authenticator app. Remove it first to set up another.")
	}
	return nil
}

// TOTPSecret returns userID's TOTP secret, whether it is confirmed, and the
// last time step a code was accepted for. No secret is ENOTFOUND.
func (s *Store) TOTPSecret(ctx context.Context, userID int64) (secret string, confirmed bool, lastStep int64, err error) {
	err = s.pool.QueryRow(ctx, `SELECT secret, confirmed_at IS NOT NULL, last_step FROM user_totp WHERE user_id = $1`, userID).
		Scan(&secret, &confirmed, &lastStep)
	if err != nil {
		return "", false, 0, notFound(fmt.Errorf("read TOTP secret: %w", err), "This account has no authenticator app.")
	}
	return secret, confirmed, lastStep, nil
}

// ConfirmTOTP confirms by's pending TOTP secret with the code of step, and
// gives the account new recovery codes (their hashes), with a revision.
func (s *Store) ConfirmTOTP(ctx context.Context, by auth.User, step int64, codeHashes []string) error {
	return s.withTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
UPDATE user_totp SET confirmed_at = now(), last_step = $2 WHERE user_id = $1 AND confirmed_at IS NULL`, by.ID, step)
		if err != nil {
			return fmt.Errorf("confirm TOTP: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return timeline.Errorf(timeline.ECONFLICT, "There is no authenticator app being set up: start again.")
		}
		if err := replaceRecoveryCodes(ctx, tx, by.ID, codeHashes); err != nil {
			return err
		}
		return factorRevision(ctx, tx, by, by.ID, "second factor: authenticator app added, new recovery codes")
	})
}

// UseTOTPStep accepts a code of step for userID when step is later than
// the last one accepted; false means the code was used already. It is one
// conditional update, so two instances cannot both accept one code.
func (s *Store) UseTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	tag, err := s.pool.Exec(ctx, `
UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND confirmed_at IS NOT NULL AND last_step < $2`, userID, step)
	if err != nil {
		return false, fmt.Errorf("use TOTP code: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// RemoveTOTP removes userID's authenticator app and its recovery codes;
// by is the account itself or an admin.
func (s *Store) RemoveTOTP(ctx context.Context, by auth.User, userID int64) error {
	return s.withTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM user_totp WHERE user_id = $1`, userID)
		if err != nil {
			return fmt.Errorf("remove TOTP: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return timeline.Errorf(timeline.ENOTFOUND, "This account has no authenticator app.")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM user_recovery_codes WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("remove recovery codes: %w", err)
		}
		return factorRevision(ctx, tx, by, userID, "second factor: authenticator app and recovery codes removed")
	})
}

// ResetSecondFactors removes every second factor of userID (an admin's
// help for someone who lost their phone and their recovery codes).
func (s *Store) ResetSecondFactors(ctx context.Context, by auth.User, userID int64) error {
	return s.withTx(ctx, func(tx pgx.Tx) error {
		for _, table := range []string{"user_totp", "user_recovery_codes", "user_passkeys"} {
			if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE user_id = $1`, userID); err != nil {
				return fmt.Errorf("reset second factors (%s): %w", table, err)
			}
		}
		return factorRevision(ctx, tx, by, userID, "second factor: all removed by "+by.Email)
	})
}

func replaceRecoveryCodes(ctx context.Context, tx pgx.Tx, userID int64, hashes []string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM user_recovery_codes WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("remove old recovery codes: %w", err)
	}
	if _, err := tx.Exec(ctx, `
INSERT INTO user_recovery_codes (user_id, code_hash) SELECT $1, h FROM unnest($2::text[]) h`, userID, hashes); err != nil {
		return fmt.Errorf("keep recovery codes: %w", err)
	}
	return nil
}

// ReplaceRecoveryCodes gives by new recovery codes (their hashes); the old
// ones stop working.
func (s *Store) ReplaceRecoveryCodes(ctx context.Context, by auth.User, hashes []string) error {
	return s.withTx(ctx, func(tx pgx.Tx) error {
		var has bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM user_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL)
  OR EXISTS (SELECT 1 FROM user_passkeys WHERE user_id = $1)`, by.ID).Scan(&has); err != nil {
			return fmt.Errorf("check second factors: %w", err)
		}
		if !has {
			return timeline.Errorf(timeline.ECONFLICT, "Recovery codes go with a second factor: add an authenticator app or a passkey first.")
		}
		if err := replaceRecoveryCodes(ctx, tx, by.ID, hashes); err != nil {
			return err
		}
		return factorRevision(ctx, tx, by, by.ID, "second factor: new recovery codes, the old ones stop working")
	})
}

// RecoveryCodes returns userID's unused recovery codes (their hashes).
func (s *Store) RecoveryCodes(ctx context.Context, userID int64) ([]auth.RecoveryCode, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, code_hash FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL ORDER BY id`, userID)
	if err != nil {
		return nil, fmt.Errorf("read recovery codes: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (auth.RecoveryCode, error) {
		var c auth.RecoveryCode
		err := row.Scan(&c.ID, &c.Hash)
		return c, err
	})
}

// UseRecoveryCode spends recovery code id of userID; false means it was
// spent already (by a request on another instance, say).
func (s *Store) UseRecoveryCode(ctx context.Context, u auth.User, id int64) (bool, error) {
	userID := u.ID
	used := false
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE user_recovery_codes SET used_at = now() WHERE id = $1 AND user_id = $2 AND used_at IS NULL`, id, userID)
		if err != nil {
			return fmt.Errorf("use recovery code: %w", err)
		}
		if used = tag.RowsAffected() == 1; !used {
			return nil
		}
		return factorRevision(ctx, tx, u, userID, "second factor: a recovery code used to sign in")
	})
	return used, err
}

// WebAuthnHandle returns userID's passkey user handle, making it the first
// time.
func (s *Store) WebAuthnHandle(ctx context.Context, userID int64, fresh []byte) ([]byte, error) {
	var h []byte
	err := s.pool.QueryRow(ctx, `
UPDATE users SET webauthn_handle = coalesce(webauthn_handle, $2) WHERE id = $1 RETURNING webauthn_handle`, userID, fresh).Scan(&h)
	if err != nil {
		return nil, notFound(fmt.Errorf("passkey handle: %w", err), "There is no account %d.", userID)
	}
	return h, nil
}

// AddPasskey keeps a passkey by registered, with a revision.
func (s *Store) AddPasskey(ctx context.Context, by auth.User, p auth.Passkey) (int64, error) {
	var id int64
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `
INSERT INTO user_passkeys (user_id, credential_id, name, credential) VALUES ($1, $2, $3, $4::jsonb) RETURNING id`,
			by.ID, p.CredentialID, p.Name, string(p.Credential)).Scan(&id); err != nil {
			return fmt.Errorf("keep passkey: %w", err)
		}
		return factorRevision(ctx, tx, by, by.ID, "second factor: passkey “"+p.Name+"” added")
	})
	return id, err
}

// RemovePasskey removes passkey id of userID, with a revision.
func (s *Store) RemovePasskey(ctx context.Context, by auth.User, userID, id int64) (string, error) {
	var name string
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `DELETE FROM user_passkeys WHERE id = $1 AND user_id = $2 RETURNING name`, id, userID).Scan(&name)
		if err != nil {
			return notFound(fmt.Errorf("remove passkey: %w", err), "You have no passkey %d.", id)
		}
		return factorRevision(ctx, tx, by, userID, "second factor: passkey “"+name+"” removed")
	})
	return name, err
}

// PasskeyUsed keeps a passkey's record after a sign-in (its sign count).
func (s *Store) PasskeyUsed(ctx context.Context, userID int64, credentialID, credential []byte) error {
	if _, err := s.pool.Exec(ctx, `
UPDATE user_passkeys SET credential = $3::jsonb, last_used_at = now() WHERE user_id = $1 AND credential_id = $2`,
		userID, credentialID, string(credential)); err != nil {
		return fmt.Errorf("note passkey use: %w", err)
	}
	return nil
}

// StartSession records a new signed-in session.
func (s *Store) StartSession(ctx context.Context, ss auth.StaffSession) error {
	if _, err := s.pool.Exec(ctx, `
INSERT INTO user_sessions (sid_hash, user_id, user_agent, address, method, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		ss.SIDHash[:], ss.UserID, truncate(ss.UserAgent, 300), truncate(ss.Address, 64), truncate(ss.Method, 40), ss.ExpiresAt); err != nil {
		return fmt.Errorf("record session: %w", err)
	}
	return nil
}

// SessionUser returns the account of the session sidHash when it is still
// recorded for userID, with what each request must know about its second
// factors; a session that was ended is ENOTFOUND. It notes the session as
// seen at most once a minute.
func (s *Store) SessionUser(ctx context.Context, sidHash [32]byte, userID int64, address string) (auth.User, auth.SessionState, error) {
	var st auth.SessionState
	var rule string
	u, err := scanUser(s.pool.QueryRow(ctx, `
WITH seen AS (
  UPDATE user_sessions SET last_seen_at = now(), address = $3
  WHERE sid_hash = $1 AND user_id = $2 AND last_seen_at < now() - interval '1 minute'
)
SELECT `+prefixed("u.", userColumns)+`,
  EXISTS (SELECT 1 FROM user_totp WHERE user_id = u.id AND confirmed_at IS NOT NULL)
    OR EXISTS (SELECT 1 FROM user_passkeys WHERE user_id = u.id),
  coalesce((SELECT value FROM settings WHERE key = $4), '')
FROM users u JOIN user_sessions ss ON ss.user_id = u.id
WHERE ss.sid_hash = $1 AND u.id = $2 AND ss.expires_at > now()`,
		sidHash[:], userID, truncate(address, 64), auth.SettingSecondFactorRule), &st.HasSecondFactor, &rule)
	if err != nil {
		return auth.User{}, st, notFound(fmt.Errorf("load session: %w", err), "This session has ended.")
	}
	st.Rule = auth.SecondFactorRule(rule)
	return u, st, nil
}

// Sessions lists userID's sessions seen since idleSince, newest first.
func (s *Store) Sessions(ctx context.Context, userID int64, idleSince time.Time) ([]auth.StaffSession, error) {
	rows, err := s.pool.Query(ctx, `
SELECT id, sid_hash, user_id, user_agent, address, method, created_at, last_seen_at, expires_at FROM user_sessions
WHERE user_id = $1 AND expires_at > now() AND last_seen_at > $2 ORDER BY last_seen_at DESC, id DESC`, userID, idleSince)
	if err != nil {
		return nil, fmt.Errorf("list sessions: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (auth.StaffSession, error) {
		var ss auth.StaffSession
		var h []byte
		err := row.Scan(&ss.ID, &h, &ss.UserID, &ss.UserAgent, &ss.Address, &ss.Method, &ss.CreatedAt, &ss.LastSeenAt, &ss.ExpiresAt)
		copy(ss.SIDHash[:], h)
		return ss, err
	})
}

// EndSession ends session id of userID (it is signed out at its next
// request). An unknown id is ENOTFOUND.
func (s *Store) EndSession(ctx context.Context, userID, id int64) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM user_sessions WHERE id = $1 AND user_id = $2`, id, userID)
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return timeline.Errorf(timeline.ENOTFOUND, "That session has ended already.")
	}
	return nil
}

// EndSessionBySID forgets the session sidHash (on sign-out).
func (s *Store) EndSessionBySID(ctx context.Context, sidHash [32]byte) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM user_sessions WHERE sid_hash = $1`, sidHash[:]); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// EndOtherSessions ends every session of userID but keep, and says how
// many it ended.
func (s *Store) EndOtherSessions(ctx context.Context, userID int64, keep [32]byte) (int, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM user_sessions WHERE user_id = $1 AND sid_hash <> $2`, userID, keep[:])
	if err != nil {
		return 0, fmt.Errorf("end other sessions: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// prefixed puts p before each of a list of columns.
func prefixed(p, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

// AccountsWithSecondFactor returns the accounts that have a confirmed
// authenticator app or a passkey.
func (s *Store) AccountsWithSecondFactor(ctx context.Context) (map[int64]bool, error) {
	rows, err := s.pool.Query(ctx, `
SELECT user_id FROM user_totp WHERE confirmed_at IS NOT NULL UNION SELECT user_id FROM user_passkeys`)
	if err != nil {
		return nil, fmt.Errorf("list accounts with a second factor: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("list accounts with a second factor: %w", err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
