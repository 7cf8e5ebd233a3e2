package auth_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"

	"annals/internal/auth"
)

func TestTokens(t *testing.T) {
	t.Parallel()
	a, hash, prefix, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _, _, _ := auth.NewToken()
	if a == b || !strings.HasPrefix(a, "annals_") || len(a) != len("annals_")+43 || !strings.HasPrefix(a, prefix) || len(prefix) != 13 {
		t.Fatalf("tokens %q %q, prefix %q", a, b, prefix)
	}
	secret, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(a, "annals_"))
	want := sha256.Sum256(secret)
	if err != nil || len(secret) != 32 || !bytes.Equal(hash, want[:]) {
		t.Fatalf("the hash is not the SHA-256 of the 32-byte secret")
	}
	if got, ok := auth.HashToken(a); !ok || !bytes.Equal(got, hash) {
		t.Error("HashToken does not give the stored hash")
	}
	for _, bad := range []string{"", "annals_", "annals_!" + a[8:], a + "A", strings.TrimPrefix(a, "annals_"), "ANNALS_" + a[7:]} {
		if _, ok := auth.HashToken(bad); ok {
			t.Errorf("HashToken(%q) accepted a malformed token", bad)
		}
	}
}

// A token has one spelling: changing any character, the last one included
// (which carries two unused bits), makes it match nothing.
func TestTokenHasOneSpelling(t *testing.T) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for range 20 {
		token, hash, _, err := auth.NewToken()
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := auth.HashToken(token); !ok || string(got) != string(hash) {
			t.Fatalf("HashToken(%q) does not give its own hash", token)
		}
		last := len(token) - 1
		for _, c := range alphabet {
			if byte(c) == token[last] {
				continue
			}
			if got, ok := auth.HashToken(token[:last] + string(c)); ok && string(got) == string(hash) {
				t.Fatalf("%q with its last character changed to %q still matches the token", token, c)
			}
		}
	}
}
