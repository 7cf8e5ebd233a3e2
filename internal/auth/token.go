package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
)

// API tokens: "annals_" followed by 32 random bytes in base64url (43
// characters). Only the SHA-256 of the 32 bytes is stored; the token itself
// is shown to its owner once.

// TokenPrefix starts every API token, so a leaked one is easy to recognise
// (and to search for in code).
const TokenPrefix = "annals_"

// tokenBytes is the size of a token's secret.
const tokenBytes = 32

// displayPrefix is how many characters of a token are kept for display.
const displayPrefix = len(TokenPrefix) + 6

// NewToken returns a fresh token, the hash to store and the prefix to show.
func NewToken() (token string, hash []byte, prefix string, err error) {
	secret := make([]byte, tokenBytes)
	if _, err := rand.Read(secret); err != nil {
		return "", nil, "", fmt.Errorf("generate token: %w", err)
	}
	token = TokenPrefix + base64.RawURLEncoding.EncodeToString(secret)
	sum := sha256.Sum256(secret)
	return token, sum[:], token[:displayPrefix], nil
}

// HashToken returns the stored hash of token, or false when token does not
// have the shape of an Annals token (it can then match nothing).
func HashToken(token string) ([]byte, bool) {
	rest, ok := strings.CutPrefix(token, TokenPrefix)
	if !ok || len(rest) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return nil, false
	}
	// Strict: the last character carries two unused bits, and a lenient
	// decoder would take four spellings of every token as the same token.
	secret, err := base64.RawURLEncoding.Strict().DecodeString(rest)
	if err != nil || len(secret) != tokenBytes {
		return nil, false
	}
	sum := sha256.Sum256(secret)
	return sum[:], true
}
