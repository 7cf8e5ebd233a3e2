package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
)

// Two instances of Annals (two pools on one database) share one limit:
// concurrent attempts alternating between them are counted exactly once.
func TestSignInLimitHoldsAcrossInstances(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	pool := pgtest.NewPool(t)
	other, err := pgxpool.New(ctx, pool.Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(other.Close)
	instances := []*postgres.Store{postgres.NewStore(pool), postgres.NewStore(other)}

	account := auth.NewLimitKey(auth.LimitAccount, "editor@example.org", auth.Limit{Every: time.Hour, Burst: 5})
	var mu sync.Mutex
	admitted := 0
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			ok, by, wait, err := instances[i%2].TakeSignInAttempt(ctx, []auth.LimitKey{account})
			if err != nil {
				t.Error(err)
				return
			}
			if !ok && (by != auth.LimitAccount || wait <= 0) {
				t.Errorf("refused by %q, wait %v", by, wait)
			}
			if ok {
				mu.Lock()
				admitted++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if admitted != 5 {
		t.Fatalf("20 concurrent attempts on two instances admitted %d, want the burst of 5", admitted)
	}

	// Clearing the bucket (the right password) admits again at once.
	if err := instances[1].ClearSignInLimit(ctx, account); err != nil {
		t.Fatal(err)
	}
	if ok, _, _, err := instances[0].TakeSignInAttempt(ctx, []auth.LimitKey{account}); err != nil || !ok {
		t.Fatalf("after clearing: ok=%v err=%v", ok, err)
	}
}

// A refused attempt counts against none of its keys: an attacker who
// fills one account's bucket does not use up their address's for others,
// and a full address bucket does not drain an account's.
func TestSignInLimitCountsAllOrNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	hour := auth.Limit{Every: time.Hour, Burst: 2}
	addr := auth.NewLimitKey(auth.LimitAddress, "192.0.2.7", auth.Limit{Every: time.Hour, Burst: 3})
	a := auth.NewLimitKey(auth.LimitAccount, "a@example.org", hour)
	b := auth.NewLimitKey(auth.LimitAccount, "b@example.org", hour)
	take := func(keys ...auth.LimitKey) bool {
		t.Helper()
		ok, _, _, err := store.TakeSignInAttempt(ctx, keys)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !take(addr, a) || !take(addr, a) {
		t.Fatal("the first two attempts on a were refused")
	}
	if take(addr, a) {
		t.Fatal("a third attempt on a was admitted past its burst of 2")
	}
	if !take(addr, b) {
		t.Fatal("the refused attempt on a used up the address's third attempt")
	}
	if take(addr, b) {
		t.Fatal("a fourth attempt from the address was admitted past its burst of 3")
	}
	// b's bucket was not counted by the attempt the address refused.
	if !take(b) {
		t.Fatal("the attempt the address refused was counted against b")
	}
}

// Buckets drain with time: a short interval admits again after it.
func TestSignInLimitDrains(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	k := auth.NewLimitKey(auth.LimitDevice, "token", auth.Limit{Every: 200 * time.Millisecond, Burst: 1})
	if ok, _, _, _ := store.TakeSignInAttempt(ctx, []auth.LimitKey{k}); !ok {
		t.Fatal("first attempt refused")
	}
	if ok, _, _, _ := store.TakeSignInAttempt(ctx, []auth.LimitKey{k}); ok {
		t.Fatal("second attempt at once admitted past a burst of 1")
	}
	time.Sleep(300 * time.Millisecond)
	if ok, _, _, err := store.TakeSignInAttempt(ctx, []auth.LimitKey{k}); !ok || err != nil {
		t.Fatalf("after the interval: ok=%v err=%v", ok, err)
	}
}

func TestSignInDevicesAndSecurityEvents(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := postgres.NewStore(pgtest.NewPool(t))
	u, err := store.CreateUser(ctx, "dev@example.org", "Dev", auth.RoleEditor, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	var token [32]byte
	token[0] = 7
	if id, err := store.SignInDevice(ctx, token); err != nil || id != 0 {
		t.Fatalf("unknown device: %d, %v", id, err)
	}
	if err := store.RememberSignInDevice(ctx, token, u.ID); err != nil {
		t.Fatal(err)
	}
	if id, err := store.SignInDevice(ctx, token); err != nil || id != u.ID {
		t.Fatalf("known device: %d, %v; want %d", id, err, u.ID)
	}
	if err := store.RecordSecurityEvent(ctx, auth.SecurityEvent{Kind: auth.EventSignInLimited, Email: u.Email, Address: "192.0.2.1", Detail: "account"}); err != nil {
		t.Fatal(err)
	}
	admin, err := store.CreateUser(ctx, "admin@example.org", "Admin", auth.RoleAdmin, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	role := auth.RoleReviewer
	if _, err := store.UpdateUser(ctx, admin, u.ID, timeline.UserChange{Role: &role}); err != nil {
		t.Fatal(err)
	}
	evs, err := store.SecurityLog(ctx, time.Time{}, 10)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, ev := range evs {
		kinds = append(kinds, ev.Kind+" "+ev.Email+" by "+ev.By)
	}
	// Newest first: the role change, the admin's creation, the limit, the
	// account's creation.
	if len(evs) != 4 || evs[0].Kind != auth.EventAccountChanged || evs[0].Email != u.Email || evs[0].By != "Admin" ||
		!strings.Contains(evs[0].Detail, "role=reviewer") ||
		evs[2].Kind != auth.EventSignInLimited || evs[2].Address != "192.0.2.1" || evs[3].Email != u.Email {
		t.Fatalf("security log = %q\n%+v", kinds, evs)
	}
	if older, err := store.SecurityLog(ctx, evs[0].At, 10); err != nil || len(older) != 3 {
		t.Fatalf("the page before the newest event: %+v, %v", older, err)
	}
}
