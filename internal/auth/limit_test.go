package auth

import (
	"testing"
	"time"
)

func TestLimitDrainsAndAdmits(t *testing.T) {
	l := Limit{Every: time.Minute, Burst: 5}
	tests := []struct {
		level   float64
		elapsed time.Duration
		ok      bool
		wait    time.Duration
	}{
		{0, 0, true, 0},
		{4, 0, true, 0},
		{5, 0, false, time.Minute},
		{5, time.Minute, true, 0}, // one attempt drained
		{5, 30 * time.Second, false, 30 * time.Second},
		{50, time.Hour, true, 0}, // never below zero, never stuck
		{3, -time.Hour, true, 0}, // a clock that went back drains nothing
	}
	for _, tt := range tests {
		level := l.Drain(tt.level, tt.elapsed)
		ok, wait := l.Admit(level)
		if ok != tt.ok || wait != tt.wait {
			t.Errorf("level %v after %v: admit = %v, wait %v; want %v, %v", tt.level, tt.elapsed, ok, wait, tt.ok, tt.wait)
		}
	}
}

func TestLimitKeysDifferByScope(t *testing.T) {
	l := Limit{Every: time.Minute, Burst: 5}
	if NewLimitKey(LimitAccount, "a@example.org", l).Hash == NewLimitKey(LimitDevice, "a@example.org", l).Hash {
		t.Fatal("the same value in two scopes must be two buckets")
	}
}
