package postgres_test

import (
	"context"
	"testing"
	"time"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// A token finds its account by its hash alone; revoked, expired, disabled,
// altered and unknown tokens are all refused the same way; only the owner
// and admins can revoke a token.
func TestAPITokens(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	mk := func(email string, role auth.Role) auth.User {
		u, err := store.CreateUser(ctx, email, "", role, "correct horse battery staple")
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	owner, stranger, admin := mk("owner@example.org", auth.RoleContributor), mk("stranger@example.org", auth.RoleEditor),
		mk("admin@example.org", auth.RoleAdmin)

	if _, _, err := store.CreateAPIToken(ctx, owner, "  ", nil); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Errorf("a token without a name: %v", err)
	}
	past := time.Now().Add(-time.Hour)
	if _, _, err := store.CreateAPIToken(ctx, owner, "old", &past); timeline.ErrorCode(err) != timeline.EINVALID {
		t.Errorf("a token that expired before it was made: %v", err)
	}

	tok, secret, err := store.CreateAPIToken(ctx, owner, "sync", nil)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Prefix != secret[:len(tok.Prefix)] || tok.LastUsedAt != nil || tok.UserID != owner.ID {
		t.Errorf("token record %+v for %q", tok, secret)
	}
	u, err := store.UserForAPIToken(ctx, secret)
	if err != nil || u.ID != owner.ID || u.Role != auth.RoleContributor {
		t.Fatalf("the token's account: %+v %v", u, err)
	}
	list, err := store.APITokens(ctx, owner, true) // all is ignored for a non-admin
	if err != nil || len(list) != 1 || list[0].LastUsedAt == nil {
		t.Errorf("the owner's list after use: %+v %v", list, err)
	}
	altered := secret[:len(secret)-1] + map[bool]string{true: "B", false: "A"}[secret[len(secret)-1] == 'A']
	for _, bad := range []string{"", "annals_", altered, "Bearer " + secret, secret + "x"} {
		if _, err := store.UserForAPIToken(ctx, bad); timeline.ErrorCode(err) != timeline.EUNAUTHORIZED {
			t.Errorf("token %q: %v, want EUNAUTHORIZED", bad, err)
		}
	}

	soon := time.Now().Add(time.Hour)
	expiring, expSecret, err := store.CreateAPIToken(ctx, owner, "expiring", &soon)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Pool().Exec(ctx, `UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, expiring.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := store.UserForAPIToken(ctx, expSecret); timeline.ErrorCode(err) != timeline.EUNAUTHORIZED {
		t.Errorf("expired token: %v", err)
	}

	if _, err := store.RevokeAPIToken(ctx, stranger, tok.ID); timeline.ErrorCode(err) != timeline.ENOTFOUND {
		t.Errorf("a stranger revoking: %v, want ENOTFOUND", err)
	}
	if _, err := store.UserForAPIToken(ctx, secret); err != nil {
		t.Errorf("the token stopped working after a refused revoke: %v", err)
	}
	if all, _ := store.APITokens(ctx, admin, true); len(all) != 2 {
		t.Errorf("the admin sees %d tokens, want 2", len(all))
	}
	if mine, _ := store.APITokens(ctx, stranger, true); len(mine) != 0 {
		t.Errorf("a stranger sees %d tokens", len(mine))
	}
	if r, err := store.RevokeAPIToken(ctx, admin, tok.ID); err != nil || r.RevokedAt == nil {
		t.Fatalf("admin revoke: %+v %v", r, err)
	}
	if _, err := store.UserForAPIToken(ctx, secret); timeline.ErrorCode(err) != timeline.EUNAUTHORIZED {
		t.Errorf("revoked token: %v", err)
	}
	if _, err := store.RevokeAPIToken(ctx, owner, tok.ID); err != nil {
		t.Errorf("revoking twice: %v", err)
	}

	// A disabled account's live token is refused, and stays revoked when
	// the account is enabled again.
	live, liveSecret, err := store.CreateAPIToken(ctx, owner, "live", nil)
	if err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	if _, err := store.UpdateUser(ctx, admin, owner.ID, timeline.UserChange{Disabled: &yes}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.UserForAPIToken(ctx, liveSecret); timeline.ErrorCode(err) != timeline.EUNAUTHORIZED {
		t.Errorf("token %d of a disabled account: %v", live.ID, err)
	}
	if _, err := store.UpdateUser(ctx, admin, owner.ID, timeline.UserChange{Disabled: &no}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.UserForAPIToken(ctx, liveSecret); timeline.ErrorCode(err) != timeline.EUNAUTHORIZED {
		t.Errorf("token of a re-enabled account: %v; want it revoked with the disabling", err)
	}
	var revokedBy *int64
	if err := store.Pool().QueryRow(ctx, `SELECT revoked_by FROM api_tokens WHERE id = $1`, live.ID).Scan(&revokedBy); err != nil {
		t.Fatal(err)
	}
	if revokedBy == nil || *revokedBy != admin.ID {
		t.Errorf("the token was revoked by %v, want the admin who disabled the account (%d)", revokedBy, admin.ID)
	}
}
