package auth_test

import (
	"testing"
	"time"

	"annals/internal/auth"
)

func TestMatchTOTP(t *testing.T) {
	k, err := auth.NewTOTPKey("Annals", "a@example.org")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 10, 0, time.UTC)
	step := auth.TOTPStep(now)
	code, err := auth.TOTPCode(k.Secret(), step)
	if err != nil {
		t.Fatal(err)
	}
	if got := auth.MatchTOTP(k.Secret(), code, now, 0); got != step {
		t.Fatalf("the current code matched step %d, want %d", got, step)
	}
	if got := auth.MatchTOTP(k.Secret(), code[:3]+" "+code[3:], now.Add(auth.TOTPPeriod), 0); got != step {
		t.Fatalf("a code of the step before (typed with a space) matched %d, want %d", got, step)
	}
	if got := auth.MatchTOTP(k.Secret(), code, now, step); got != 0 {
		t.Fatalf("a replayed code matched step %d", got)
	}
	if got := auth.MatchTOTP(k.Secret(), code, now.Add(3*auth.TOTPPeriod), 0); got != 0 {
		t.Fatal("a code three steps old matched")
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	if got := auth.MatchTOTP(k.Secret(), wrong, now, 0); got != 0 {
		t.Fatal("a wrong code matched")
	}
	url, err := auth.TOTPKeyURL("Annals", "a@example.org", k.Secret())
	if err != nil || url.Secret() != k.Secret() {
		t.Fatalf("the key rebuilt from its secret: %v, %v", url, err)
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes, err := auth.GenerateRecoveryCodes(auth.RecoveryCodeCount)
	if err != nil || len(codes) != 10 {
		t.Fatal(codes, err)
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if auth.NormalizeRecoveryCode(c) != c || seen[c] {
			t.Fatalf("code %q: not in its own form, or repeated", c)
		}
		seen[c] = true
	}
	if got := auth.NormalizeRecoveryCode(" ABCD efgh-JKMN "); got != "abcd-efgh-jkmn" {
		t.Fatalf("normalised %q", got)
	}
	if auth.LooksLikeRecoveryCode("123456") {
		t.Fatal("a TOTP code taken for a recovery code")
	}
}

func TestSecondFactorRule(t *testing.T) {
	r, err := auth.ParseSecondFactorRule(false, []string{"admin", "editor"})
	if err != nil || r != "editor,admin" {
		t.Fatalf("%q %v", r, err)
	}
	if !r.Requires(auth.RoleAdmin) || r.Requires(auth.RoleContributor) {
		t.Fatal("editor,admin")
	}
	if !auth.SecondFactorRule("all").Requires(auth.RoleContributor) || auth.SecondFactorRule("").Requires(auth.RoleAdmin) {
		t.Fatal("all / nobody")
	}
	if _, err := auth.ParseSecondFactorRule(false, []string{"boss"}); err == nil {
		t.Fatal("an unknown role was accepted")
	}
}
