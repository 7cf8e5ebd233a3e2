package auth

import (
	"crypto/sha256"
	"math"
	"time"
)

// Sign-in limits: each attempt is counted against a few keys (the address
// it came from, and the account or, from a device that signed in to that
// account before, the device), each a leaky bucket that drains at one
// attempt per Every and refuses attempts past Burst.

// LimitScope is what a sign-in limit counts.
type LimitScope string

const (
	LimitAccount LimitScope = "account" // an email, from devices it has not seen
	LimitAddress LimitScope = "address" // one client address
	LimitDevice  LimitScope = "device"  // a device that signed in to the account before
)

// Limit is a bucket's size and how fast it drains.
type Limit struct {
	Every time.Duration
	Burst int
}

// LimitKey is one bucket: its scope, the SHA-256 of what it counts, and
// its limit.
type LimitKey struct {
	Scope LimitScope
	Hash  [32]byte
	Limit Limit
}

// NewLimitKey keys scope's bucket for value (an email, an address, a
// device token); only the hash is ever stored.
func NewLimitKey(scope LimitScope, value string, l Limit) LimitKey {
	return LimitKey{Scope: scope, Hash: sha256.Sum256([]byte(string(scope) + "\x00" + value)), Limit: l}
}

// Drain is what is left in a bucket at level after elapsed: one attempt
// leaks away per Every.
func (l Limit) Drain(level float64, elapsed time.Duration) float64 {
	if elapsed <= 0 || l.Every <= 0 {
		return level
	}
	return math.Max(0, level-float64(elapsed)/float64(l.Every))
}

// Admit says whether one more attempt fits in a bucket at level, and if
// not, how long until it does.
func (l Limit) Admit(level float64) (ok bool, wait time.Duration) {
	if level+1 <= float64(l.Burst) {
		return true, 0
	}
	return false, time.Duration((level + 1 - float64(l.Burst)) * float64(l.Every))
}

// SecurityEvent is one line of the security log: a sign-in, a failed one,
// a limit reached, an account or token changed, a backup downloaded.
type SecurityEvent struct {
	ID      int64
	At      time.Time
	Kind    string // one of the Event* kinds
	UserID  int64  // the account concerned; 0 when none is known
	Email   string // the account concerned, as typed for sign-ins
	By      string // who made the change, for changes made by someone
	Address string
	Detail  string
}

// Kinds of security events.
const (
	EventSignIn           = "sign_in"
	EventSignInFailed     = "sign_in_failed"
	EventSignInLimited    = "sign_in_limited"
	EventBackupDownloaded = "backup_downloaded"
	EventAccountChanged   = "account_changed" // from the account's revisions
	EventTokenCreated     = "token_created"   // from api_tokens
	EventTokenRevoked     = "token_revoked"   // from api_tokens
)
