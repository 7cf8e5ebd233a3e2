package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// Second factors: a TOTP app (RFC 6238 codes, 30-second steps) with
// one-time recovery codes, and passkeys (WebAuthn, in internal/web). A
// code is accepted for the current step or one step either side (clocks
// drift), and only for a step later than the last one accepted, so a
// code seen over someone's shoulder cannot be used again.

// TOTPPeriod is the length of one TOTP time step.
const TOTPPeriod = 30 * time.Second

// NewTOTPKey makes a new TOTP secret for account (an email), named issuer
// in the authenticator app.
func NewTOTPKey(issuer, account string) (*otp.Key, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: uint(TOTPPeriod / time.Second)})
	if err != nil {
		return nil, fmt.Errorf("make a TOTP secret: %w", err)
	}
	return k, nil
}

// TOTPKeyURL is the otpauth:// address of secret, for QR codes and apps.
func TOTPKeyURL(issuer, account, secret string) (*otp.Key, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: uint(TOTPPeriod / time.Second),
		Secret: mustBase32(secret)})
	if err != nil {
		return nil, fmt.Errorf("TOTP address: %w", err)
	}
	return k, nil
}

func mustBase32(s string) []byte {
	b, err := b32.DecodeString(s)
	if err != nil {
		return nil
	}
	return b
}

// TOTPStep is the time step t falls in.
func TOTPStep(t time.Time) int64 { return t.Unix() / int64(TOTPPeriod/time.Second) }

// MatchTOTP finds the time step, within one of now's, whose code for secret
// is code, and which is later than lastStep. It returns 0 when there is
// none: a wrong code, or one already used.
func MatchTOTP(secret, code string, now time.Time, lastStep int64) int64 {
	code = strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if r == ' ' || r == '-' {
			return -1
		}
		return 'x'
	}, code)
	if len(code) != 6 {
		return 0
	}
	now0 := TOTPStep(now)
	for _, step := range []int64{now0 - 1, now0, now0 + 1} {
		want, err := TOTPCode(secret, step)
		if err != nil {
			return 0
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 && step > lastStep {
			return step
		}
	}
	return 0
}

// TOTPCode is secret's code for step (tests type it like an app would).
func TOTPCode(secret string, step int64) (string, error) {
	return totp.GenerateCodeCustom(secret, time.Unix(step*int64(TOTPPeriod/time.Second), 0),
		totp.ValidateOpts{Period: uint(TOTPPeriod / time.Second), Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
}

// RecoveryCodeCount is how many recovery codes an account gets at once.
const RecoveryCodeCount = 10

// GenerateRecoveryCodes returns n codes like "k7dq-3mzp-x2hw": 60 bits
// each, from an alphabet without look-alikes.
func GenerateRecoveryCodes(n int) ([]string, error) {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for j := range 12 {
			if j > 0 && j%4 == 0 {
				b.WriteByte('-')
			}
			x, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
			if err != nil {
				return nil, fmt.Errorf("generate recovery codes: %w", err)
			}
			b.WriteByte(alphabet[x.Int64()])
		}
		out[i] = b.String()
	}
	return out, nil
}

// NormalizeRecoveryCode reads a recovery code as typed: case, spaces and
// dashes do not matter.
func NormalizeRecoveryCode(s string) string {
	s = strings.ToLower(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, s))
	if len(s) != 12 {
		return ""
	}
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12]
}

// LooksLikeRecoveryCode says whether s is shaped like a recovery code
// rather than a six-digit TOTP code.
func LooksLikeRecoveryCode(s string) bool { return NormalizeRecoveryCode(s) != "" }

// SecondFactorRule is the admin's rule on who must have a second factor:
// nobody, everyone, or the accounts of the listed roles. It is kept as a
// setting: "", "all", or role names separated by commas.
type SecondFactorRule string

// SettingSecondFactorRule is the settings key of the rule.
const SettingSecondFactorRule = "second_factor_required"

// Requires says whether an account of role must have a second factor.
func (r SecondFactorRule) Requires(role Role) bool {
	if r == "all" {
		return true
	}
	for _, x := range strings.Split(string(r), ",") {
		if Role(strings.TrimSpace(x)) == role {
			return true
		}
	}
	return false
}

// ParseSecondFactorRule reads the rule from "all" or a list of roles, and
// writes it in one canonical form.
func ParseSecondFactorRule(all bool, roles []string) (SecondFactorRule, error) {
	if all {
		return "all", nil
	}
	var keep []string
	for _, r := range Roles {
		for _, x := range roles {
			if x == string(r) {
				keep = append(keep, x)
				break
			}
		}
	}
	for _, x := range roles {
		if !Role(x).Valid() {
			return "", fmt.Errorf("%q is not a role", x)
		}
	}
	return SecondFactorRule(strings.Join(keep, ",")), nil
}

// Kinds of security events about second factors and sessions.
const (
	EventSecondFactorFailed   = "second_factor_failed"
	EventTOTPEnrolled         = "totp_enrolled"
	EventTOTPRemoved          = "totp_removed"
	EventRecoveryCodeUsed     = "recovery_code_used"
	EventRecoveryCodesRenewed = "recovery_codes_renewed"
	EventPasskeyAdded         = "passkey_added"
	EventPasskeyRemoved       = "passkey_removed"
	EventSessionsEnded        = "sessions_ended"
	EventSecondFactorsReset   = "second_factors_reset"
)

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// SecondFactors is what an account has beyond its password.
type SecondFactors struct {
	TOTP         bool // a confirmed TOTP app
	RecoveryLeft int  // unused recovery codes
	Passkeys     []Passkey
}

// Any says whether the account has a second factor it can sign in with.
func (f SecondFactors) Any() bool { return f.TOTP || len(f.Passkeys) > 0 }

// Passkey is a WebAuthn credential of an account. Credential is
// go-webauthn's record of it as JSON (a public key, never a secret).
type Passkey struct {
	ID           int64
	Name         string
	CredentialID []byte
	Credential   []byte
	CreatedAt    time.Time
	LastUsedAt   *time.Time
}

// RecoveryCode is a stored recovery code: its argon2id hash.
type RecoveryCode struct {
	ID   int64
	Hash string
}

// StaffSession is one signed-in session of an account, as "your sessions"
// lists it. SIDHash is the SHA-256 of the random id the session keeps.
type StaffSession struct {
	ID         int64
	SIDHash    [32]byte
	UserID     int64
	UserAgent  string
	Address    string
	Method     string // how it signed in: "password", "password + TOTP", ...
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// SessionState is what each staff request needs to know beyond the
// account: whether it has a second factor and the admin's rule.
type SessionState struct {
	HasSecondFactor bool
	Rule            SecondFactorRule
}

// MustEnrol says whether the account must add a second factor before it
// may do anything else.
func (st SessionState) MustEnrol(u User) bool { return !st.HasSecondFactor && st.Rule.Requires(u.Role) }
