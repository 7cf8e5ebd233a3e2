package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"annals/internal/auth"
	"annals/internal/web"
	"annals/internal/webtest"
)

// Two Annals instances on one database, each with its own pool and its own
// page cache: a page one of them keeps is never served across languages,
// and a publish on the other reaches it within a second through
// LISTEN/NOTIFY.
func TestPageCacheFollowsPublishesOnAnotherInstance(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := webtest.Start(t, webtest.Options{Config: web.Config{AllowSelfPublish: true}})
	pool, err := pgxpool.New(ctx, a.Store.Pool().Config().ConnString())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	b := webtest.Start(t, webtest.Options{Pool: pool})

	const page = "/t/myanmar-2021"
	get := func(lang string, header ...string) (*http.Response, string) {
		t.Helper()
		res, body := b.Get(t, page, append([]string{"Accept-Language", lang}, header...)...)
		if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNotModified {
			t.Fatalf("GET %s (%s) on the second instance: %d", page, lang, res.StatusCode)
		}
		return res, body
	}
	// Kept pages answer in their own language only.
	enRes, en := get("en")
	myRes, my := get("my")
	for range 3 {
		if _, again := get("en"); again != en {
			t.Fatal("the kept English page differs from the one rendered")
		}
		if _, again := get("my"); again != my {
			t.Fatal("the kept Burmese page differs from the one rendered")
		}
	}
	if !strings.Contains(en, `<html lang="en"`) || !strings.Contains(my, `<html lang="my"`) || enRes.Header.Get("ETag") == myRes.Header.Get("ETag") {
		t.Fatalf("pages were served across languages: English page in %q, Burmese in %q",
			htmlLang(en), htmlLang(my))
	}
	if res, _ := get("my", "If-None-Match", enRes.Header.Get("ETag")); res.StatusCode == http.StatusNotModified {
		t.Fatal("the English page's ETag answered 304 for the Burmese page")
	}

	// Publish on the first instance.
	editor := a.SignIn(t, a.User(t, auth.RoleEditor))
	const title = "Teachers detained at a checkpoint (cache canary)"
	id := createEvent(t, editor, eventForm(title, "https://example.org/cache-canary"))
	act(t, a, editor, id, "submit", nil)
	act(t, a, editor, id, "publish", nil)
	published := time.Now()
	if _, body := a.Get(t, page, "Accept-Language", "en"); !strings.Contains(body, title) {
		t.Fatal("the instance that published does not show the event")
	}

	var seen time.Duration
	for {
		res, body := get("en", "If-None-Match", enRes.Header.Get("ETag"))
		if res.StatusCode == http.StatusOK && strings.Contains(body, title) {
			seen = time.Since(published)
			break
		}
		if time.Since(published) > 2*time.Second {
			t.Fatalf("two seconds after the publish the second instance still answers %d without the event", res.StatusCode)
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Logf("the publish reached the other instance's kept page after %v", seen)
	if seen > time.Second {
		t.Errorf("the publish took %v to reach the other instance, want under a second", seen)
	}
	if _, body := get("my"); !strings.Contains(body, title) || !strings.Contains(body, `<html lang="my"`) {
		t.Error("the kept Burmese page was served after the publish")
	}
}

func htmlLang(body string) string {
	i := strings.Index(body, "<html")
	if i < 0 {
		return ""
	}
	return body[i:min(len(body), i+30)]
}
