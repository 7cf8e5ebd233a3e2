package auth

import (
	"strings"
	"testing"

	"github.com/alexedwards/argon2id"
)

func TestRoleOrder(t *testing.T) {
	t.Parallel()
	want := map[Role]map[Role]bool{
		RoleContributor: {RoleContributor: true},
		RoleReviewer:    {RoleContributor: true, RoleReviewer: true},
		RoleEditor:      {RoleContributor: true, RoleReviewer: true, RoleEditor: true},
		RoleAdmin:       {RoleContributor: true, RoleReviewer: true, RoleEditor: true, RoleAdmin: true},
		"":              {},
		"root":          {},
	}
	for have, mins := range want {
		for _, min := range Roles {
			if got := have.AtLeast(min); got != mins[min] {
				t.Errorf("%q.AtLeast(%q) = %v, want %v", have, min, got, mins[min])
			}
		}
	}
	if (User{ID: 1, Role: RoleAdmin, Disabled: true}).Can(RoleContributor) {
		t.Error("a disabled admin can still act")
	}
}

func TestPasswordHashing(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$") {
		t.Fatalf("hash %q is not argon2id", h)
	}
	if !CheckPassword("correct horse battery", h) {
		t.Error("the right password was refused")
	}
	if CheckPassword("correct horse batterY", h) {
		t.Error("a wrong password was accepted")
	}
	if CheckPassword("correct horse battery", "") {
		t.Error("an unknown account was accepted")
	}
}

// An unknown email must cost the same argon2id work as a wrong password; a
// missing account that answered in microseconds would reveal who has one.
// The work is the same when the dummy hash checked for unknown accounts has
// the same parameters as real hashes (BenchmarkCheckPassword measures it).
func TestUnknownAccountDoesTheSameWork(t *testing.T) {
	t.Parallel()
	CheckPassword("anything at all", "")
	params, _, _, err := argon2id.DecodeHash(dummyHash)
	if err != nil {
		t.Fatalf("no dummy hash was checked for an unknown account: %v", err)
	}
	h, _ := HashPassword("correct horse battery")
	real, _, _, _ := argon2id.DecodeHash(h)
	if *params != *real {
		t.Errorf("dummy hash parameters %+v differ from real ones %+v", *params, *real)
	}
}

func TestValidation(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"", "no-at", "a@", "@b", "a@b@c", "a b@c.d", "<x>@y.z"} {
		if _, err := NormalizeEmail(bad); err == nil {
			t.Errorf("email %q accepted", bad)
		}
	}
	if e, err := NormalizeEmail("  Ko.Ko@Example.ORG "); err != nil || e != "ko.ko@example.org" {
		t.Errorf("NormalizeEmail = %q, %v", e, err)
	}
	if ValidatePassword("short") == nil || ValidatePassword(strings.Repeat("x", 300)) == nil {
		t.Error("bad password lengths accepted")
	}
	if ValidatePassword("မြန်မာ စကားဝှက် ရှည်ရှည်") != nil {
		t.Error("a Burmese passphrase was refused")
	}
	p, err := GeneratePassword()
	if err != nil || ValidatePassword(p) != nil {
		t.Errorf("generated password %q: %v", p, err)
	}
	if _, err := ParseRole("owner"); err == nil {
		t.Error("unknown role accepted")
	}
}

// BenchmarkCheckPassword measures a sign-in's hashing work for a known
// account with a wrong password and for an unknown email: they must match.
func BenchmarkCheckPassword(b *testing.B) {
	h, _ := HashPassword("correct horse battery")
	b.Run("wrong-password", func(b *testing.B) {
		for b.Loop() {
			CheckPassword("wrong password!", h)
		}
	})
	b.Run("unknown-email", func(b *testing.B) {
		for b.Loop() {
			CheckPassword("wrong password!", "")
		}
	})
}
