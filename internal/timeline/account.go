package timeline

import (
	"annals/internal/auth"
	"time"
)

// APIToken is a token as listed for its owner (or an admin); it never holds
// the token itself.
type APIToken struct {
	ID         int64
	UserID     int64
	Owner      string // the owner's display name
	OwnerEmail string
	Name       string
	Prefix     string // the first characters of the token, for telling tokens apart
	CreatedAt  time.Time
	LastUsedAt *time.Time
	ExpiresAt  *time.Time
	RevokedAt  *time.Time
}

// Active reports whether the token still works at now (as far as the
// token goes: a disabled account's tokens do not work either).
func (t APIToken) Active(now time.Time) bool {
	return t.RevokedAt == nil && (t.ExpiresAt == nil || t.ExpiresAt.After(now))
}

// UserChange is what an admin changes about an account; nil fields stay.
type UserChange struct {
	Role     *auth.Role
	Disabled *bool
	Password *string
	Name     *string
	// Language is the account's interface language; "" follows the browser.
	Language *string
}
