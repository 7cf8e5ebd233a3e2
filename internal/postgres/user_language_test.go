package postgres_test

import (
	"context"
	"testing"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// TestUserLanguage: an account keeps the interface language it chose, on
// every way an account is read (by id, by email, in the list, for a
// session's token); "" goes back to following the browser; a language
// without a message file is refused and nothing changes; choosing one
// does not end the account's sessions, and needs no admin on the site.
func TestUserLanguage(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	u, err := store.CreateUser(ctx, "reader@example.org", "Reader", auth.RoleContributor, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if u.Language != "" {
		t.Errorf("new account's language = %q, want none", u.Language)
	}
	set := func(lang string) (auth.User, error) {
		return store.UpdateUser(ctx, u, u.ID, timeline.UserChange{Language: &lang})
	}
	got, err := set("my")
	if err != nil {
		t.Fatalf("choose Burmese (no admin on the site): %v", err)
	}
	if got.Language != "my" || got.SessionVersion != u.SessionVersion {
		t.Errorf("after choosing Burmese: language %q, session version %d (was %d)", got.Language, got.SessionVersion, u.SessionVersion)
	}
	byID, _ := store.User(ctx, u.ID)
	byEmail, _, _ := store.UserForSignIn(ctx, u.Email)
	list, _ := store.Users(ctx)
	if byID.Language != "my" || byEmail.Language != "my" || len(list) != 1 || list[0].Language != "my" {
		t.Errorf("language read back: by id %q, by email %q, list %v", byID.Language, byEmail.Language, list)
	}
	_, secret, err := store.CreateAPIToken(ctx, u, "sync", nil)
	if err != nil {
		t.Fatal(err)
	}
	if tu, err := store.UserForAPIToken(ctx, secret); err != nil || tu.Language != "my" {
		t.Errorf("account of a token: %q, %v", tu.Language, err)
	}
	for _, bad := range []string{"xx", "MY", "english", "my-MM"} {
		if _, err := set(bad); timeline.ErrorCode(err) != timeline.EINVALID {
			t.Errorf("language %q: %v, want invalid", bad, err)
		}
	}
	if again, _ := store.User(ctx, u.ID); again.Language != "my" {
		t.Errorf("a refused language changed it to %q", again.Language)
	}
	if got, err := set(""); err != nil || got.Language != "" {
		t.Errorf("back to the browser's language: %q, %v", got.Language, err)
	}
}
