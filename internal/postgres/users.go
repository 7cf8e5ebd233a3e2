package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"annals/internal/auth"
	"annals/internal/i18n"
	"annals/internal/timeline"
)

const userColumns = `id, email, name, role, disabled, session_version, created_at, last_sign_in_at, language`

func scanUser(row pgx.Row, extra ...any) (auth.User, error) {
	var u auth.User
	var lang *string
	err := row.Scan(append([]any{&u.ID, &u.Email, &u.Name, &u.Role, &u.Disabled, &u.SessionVersion, &u.CreatedAt,
		&u.LastSignInAt, &lang}, extra...)...)
	if lang != nil {
		u.Language = *lang
	}
	return u, err
}

// CreateUser adds an account from the command line; see CreateUserBy.
func (s *Store) CreateUser(ctx context.Context, email, name string, role auth.Role, password string) (auth.User, error) {
	return s.CreateUserBy(ctx, auth.User{}, email, name, role, password)
}

// userRecord is an account as its revisions keep it (never its password).
func userRecord(u auth.User) map[string]any {
	return map[string]any{"email": u.Email, "name": u.Name, "role": string(u.Role), "disabled": u.Disabled}
}

// CreateUserBy adds an account with password (hashed with argon2id here),
// with a revision naming who made it (by; the zero User is the command
// line). A taken email is ECONFLICT.
func (s *Store) CreateUserBy(ctx context.Context, by auth.User, email, name string, role auth.Role, password string) (auth.User, error) {
	p := timeline.NewProblems("")
	email, err := auth.NormalizeEmail(email)
	p.AddErr("email", err)
	p.AddErr("name", timeline.ValidateText(name, false, timeline.MaxNameLength))
	if !role.Valid() {
		p.Add("role", "%q is not one of contributor, reviewer, editor, admin", role)
	}
	p.AddErr("password", auth.ValidatePassword(password))
	if err := p.Err(); err != nil {
		return auth.User{}, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return auth.User{}, err
	}
	var u auth.User
	err = s.withTx(ctx, func(tx pgx.Tx) error {
		var err error
		if u, err = scanUser(tx.QueryRow(ctx, `
INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
RETURNING `+userColumns, email, name, role, hash)); err != nil {
			return err
		}
		author, authorID := authorOf(by)
		return writeRevisions(ctx, tx, revision{Entity: "user", EntityID: u.ID, Version: u.SessionVersion, Action: "create",
			Author: author, AuthorID: authorID, Reason: "account made with role " + string(role), Record: userRecord(u)})
	})
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return auth.User{}, timeline.Errorf(timeline.ECONFLICT, "An account with the email %s already exists.", email)
	}
	if err != nil {
		return auth.User{}, fmt.Errorf("create account %s: %w", email, err)
	}
	return u, nil
}

// UserForSignIn returns the account with email and its password hash. An
// unknown email is ENOTFOUND; the caller must still spend the hashing time.
func (s *Store) UserForSignIn(ctx context.Context, email string) (auth.User, string, error) {
	var hash string
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE email = lower($1)`, email), &hash)
	if err != nil {
		return auth.User{}, "", notFound(fmt.Errorf("find account: %w", err), "No such account.")
	}
	return u, hash, nil
}

// User returns the account with id.
func (s *Store) User(ctx context.Context, id int64) (auth.User, error) {
	u, err := scanUser(s.pool.QueryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return auth.User{}, notFound(fmt.Errorf("load account %d: %w", id, err), "There is no account %d.", id)
	}
	return u, nil
}

// Users lists every account, by email.
func (s *Store) Users(ctx context.Context) ([]auth.User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	var out []auth.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("read account: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// RecordSignIn notes a successful sign-in and clears expired sessions.
func (s *Store) RecordSignIn(ctx context.Context, id int64) error {
	if _, err := s.pool.Exec(ctx, `UPDATE users SET last_sign_in_at = now() WHERE id = $1`, id); err != nil {
		return fmt.Errorf("record sign-in: %w", err)
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM sessions WHERE expiry < now()`); err != nil {
		return fmt.Errorf("clear expired sessions: %w", err)
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM user_sessions WHERE expires_at < now()`); err != nil {
		return fmt.Errorf("clear expired sessions: %w", err)
	}
	return nil
}

// UpdateUser changes an account and ends all its sessions (by bumping its
// session version), in one transaction with an audit revision. It refuses
// to leave the site without an active admin.
func (s *Store) UpdateUser(ctx context.Context, by auth.User, id int64, ch timeline.UserChange) (auth.User, error) {
	p := timeline.NewProblems("")
	if ch.Role != nil && !ch.Role.Valid() {
		p.Add("role", "%q is not one of contributor, reviewer, editor, admin", *ch.Role)
	}
	if ch.Password != nil {
		p.AddErr("password", auth.ValidatePassword(*ch.Password))
	}
	if ch.Name != nil {
		p.AddErr("name", timeline.ValidateText(*ch.Name, false, timeline.MaxNameLength))
	}
	if ch.Language != nil && *ch.Language != "" && !i18n.Messages().Has(*ch.Language) {
		p.Add("language", "%q is not an interface language (%s)", *ch.Language, strings.Join(i18n.Messages().Languages(), ", "))
	}
	if err := p.Err(); err != nil {
		return auth.User{}, err
	}
	var hash *string
	if ch.Password != nil {
		h, err := auth.HashPassword(*ch.Password)
		if err != nil {
			return auth.User{}, err
		}
		hash = &h
	}
	var out auth.User
	err := s.withTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return fmt.Errorf("lock accounts: %w", err)
		}
		var err error
		out, err = scanUser(tx.QueryRow(ctx, `
UPDATE users SET role = coalesce($2, role), disabled = coalesce($3, disabled),
  password_hash = coalesce($4, password_hash), name = coalesce($5, name),
  language = CASE WHEN $6::text IS NULL THEN language ELSE nullif($6, '') END,
  session_version = session_version + CASE WHEN $2::text IS NOT NULL OR $3::boolean IS NOT NULL OR $4::text IS NOT NULL
                                       THEN 1 ELSE 0 END,
  updated_at = now()
WHERE id = $1 RETURNING `+userColumns, id, ch.Role, ch.Disabled, hash, ch.Name, ch.Language))
		if err != nil {
			return notFound(fmt.Errorf("update account %d: %w", id, err), "There is no account %d.", id)
		}
		// Only a change of role or of being disabled can take an admin
		// away; a site without one (made by import, say) may still change
		// a name, a password or a language.
		var admins int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled`).Scan(&admins); err != nil {
			return fmt.Errorf("count admins: %w", err)
		}
		if admins == 0 && (ch.Role != nil || ch.Disabled != nil) {
			return timeline.Errorf(timeline.ECONFLICT, "This would leave no active admin. Make someone else an admin first.")
		}
		if out.Disabled {
			// A disabled account's tokens die with it, so enabling the
			// account again does not quietly bring old tokens back.
			if _, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = now(), revoked_by = $2
WHERE user_id = $1 AND revoked_at IS NULL`, out.ID, nullID(by.ID)); err != nil {
				return fmt.Errorf("revoke tokens of disabled account %d: %w", out.ID, err)
			}
		}
		what := ""
		if ch.Role != nil {
			what += " role=" + string(*ch.Role)
		}
		if ch.Disabled != nil {
			what += " disabled=" + strconv.FormatBool(*ch.Disabled)
		}
		if ch.Password != nil {
			what += " password reset"
		}
		if ch.Name != nil {
			what += " name"
		}
		if ch.Language != nil {
			what += " language=" + *ch.Language
		}
		author, authorID := authorOf(by)
		return writeRevisions(ctx, tx, revision{Entity: "user", EntityID: out.ID, Version: out.SessionVersion, Action: "update",
			Author: author, AuthorID: authorID, Reason: "changed:" + what, Record: userRecord(out)})
	})
	return out, err
}

// Setting returns a site setting, or def when it is unset.
func (s *Store) Setting(ctx context.Context, key, def string) (string, error) {
	var v string
	err := s.pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return def, nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, nil
}

// SetSetting stores a site setting.
// A change is a revision naming by (a setting has no id: its revisions
// have entity_id 0 and name the key in the record).
func (s *Store) SetSetting(ctx context.Context, by auth.User, key, value string) error {
	return s.withTx(ctx, func(tx pgx.Tx) error {
		var old *string
		if err := tx.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1 FOR UPDATE`, key).Scan(&old); err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("read setting %s: %w", key, err)
		}
		if old != nil && *old == value {
			return nil
		}
		if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
			return fmt.Errorf("save setting %s: %w", key, err)
		}
		var count int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM revisions WHERE entity = 'setting' AND record->>'key' = $1`, key).Scan(&count); err != nil {
			return fmt.Errorf("count revisions of setting %s: %w", key, err)
		}
		author, authorID := authorOf(by)
		return writeRevisions(ctx, tx, revision{Entity: "setting", Version: count + 1, Action: "save",
			Author: author, AuthorID: authorID, Reason: "setting " + key + " set to " + value,
			Record: map[string]string{"key": key, "value": value}})
	})
}

// SessionStore keeps staff sessions in the sessions table. Expired rows are
// cleared at each sign-in, so no background goroutine is needed.
func (s *Store) SessionStore() scs.Store {
	return pgxstore.NewWithCleanupInterval(s.pool, 0)
}
