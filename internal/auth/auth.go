// Package auth holds what staff accounts are: roles, password hashing with
// argon2id, and the checks on emails and passwords. It does no I/O.
package auth

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
)

// Role is what a staff member may do. Each role can do everything the roles
// before it can: contributor < reviewer < editor < admin.
type Role string

const (
	RoleContributor Role = "contributor" // writes drafts and submits them for review
	RoleReviewer    Role = "reviewer"    // also publishes, sends back and retracts
	RoleEditor      Role = "editor"      // also restores, deletes, manages sources, categories, actors, timelines
	RoleAdmin       Role = "admin"       // also manages accounts and settings
)

// Roles lists every role, lowest first.
var Roles = []Role{RoleContributor, RoleReviewer, RoleEditor, RoleAdmin}

func (r Role) rank() int {
	for i, x := range Roles {
		if r == x {
			return i + 1
		}
	}
	return 0
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r includes min. An unknown role includes nothing.
func (r Role) AtLeast(min Role) bool { return r.Valid() && r.rank() >= min.rank() }

// ParseRole reads a role name.
func ParseRole(s string) (Role, error) {
	r := Role(strings.TrimSpace(strings.ToLower(s)))
	if !r.Valid() {
		return "", fmt.Errorf("%q is not a role: use contributor, reviewer, editor or admin", s)
	}
	return r, nil
}

// User is a staff account.
type User struct {
	ID             int64
	Email          string
	Name           string
	Role           Role
	Disabled       bool
	SessionVersion int
	CreatedAt      time.Time
	LastSignInAt   *time.Time
	// Language is the interface language the account chose for staff
	// pages, "" to follow the browser.
	Language string
}

// DisplayName is the name, or the email when there is none.
func (u User) DisplayName() string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// Can reports whether the account is active and has at least role min.
func (u User) Can(min Role) bool { return u.ID != 0 && !u.Disabled && u.Role.AtLeast(min) }

// NormalizeEmail lower-cases and trims an email address and checks its shape.
func NormalizeEmail(s string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(s))
	at := strings.IndexByte(e, '@')
	switch {
	case e == "":
		return "", fmt.Errorf("is required")
	case len(e) > 254:
		return "", fmt.Errorf("is longer than 254 characters")
	case at < 1 || at != strings.LastIndexByte(e, '@') || at == len(e)-1 || strings.ContainsAny(e, " \t\r\n<>\"'"):
		return "", fmt.Errorf("%q is not an email address", s)
	}
	return e, nil
}

// MinPasswordLength and MaxPasswordLength bound passwords. Long passphrases
// are welcome; a megabyte is an attack on the hashing.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

// ValidatePassword checks a new password's length.
func ValidatePassword(p string) error {
	n := utf8.RuneCountInString(p)
	switch {
	case !utf8.ValidString(p):
		return fmt.Errorf("is not valid text")
	case n < MinPasswordLength:
		return fmt.Errorf("must be at least %d characters (a few words make a good one)", MinPasswordLength)
	case len(p) > MaxPasswordLength:
		return fmt.Errorf("is longer than %d bytes", MaxPasswordLength)
	}
	return nil
}

// Params are the argon2id parameters: OWASP's recommended minimum for
// argon2id (19 MiB, 2 passes, 1 lane), which takes ~30 ms here.
var Params = &argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}

// HashPassword returns the argon2id hash of p in PHC string form.
func HashPassword(p string) (string, error) {
	if len(p) > MaxPasswordLength {
		return "", fmt.Errorf("password is too long")
	}
	h, err := argon2id.CreateHash(p, Params)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return h, nil
}

var (
	dummyOnce sync.Once
	dummyHash string
)

// CheckPassword reports whether p matches hash. With an empty hash (no such
// account) it still does the full argon2id work against a dummy hash and
// answers false, so an unknown email takes as long as a wrong password.
func CheckPassword(p, hash string) bool {
	if len(p) > MaxPasswordLength {
		p = p[:MaxPasswordLength]
	}
	if hash == "" {
		dummyOnce.Do(func() { dummyHash, _ = argon2id.CreateHash("annals-dummy-password", Params) })
		_, _ = argon2id.ComparePasswordAndHash(p, dummyHash)
		return false
	}
	ok, err := argon2id.ComparePasswordAndHash(p, hash)
	return err == nil && ok
}

// GeneratePassword returns a random password of 20 characters from an
// alphabet without look-alikes, for accounts created or reset by others.
func GeneratePassword() (string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 20)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			return "", fmt.Errorf("generate password: %w", err)
		}
		b[i] = alphabet[n.Int64()]
	}
	return string(b), nil
}
