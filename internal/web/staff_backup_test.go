package web_test

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"annals/internal/auth"
	"annals/internal/postgres"
	"annals/internal/postgres/pgtest"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// The full backup is for admins only; what an admin downloads restores
// into an empty database and backs up to the same bytes.
func TestStaffBackupDownload(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	admin := app.SignIn(t, app.User(t, auth.RoleAdmin))
	f := eventForm("Backup test draft", "")
	f.Set("cite_title_0", "Confidential witness statement 93af")
	f.Set("cite_kind_0", "testimony")
	f.Set("cite_confidential_0", "on")
	f.Set("fig_rows", "0")
	createEvent(t, editor, f)

	if res, _ := app.Get(t, "/staff/backup"); res.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(res.Header.Get("Location"), "/staff/login") {
		t.Errorf("anonymous: %d %s, want a redirect to sign in", res.StatusCode, res.Header.Get("Location"))
	}
	for _, role := range []auth.Role{auth.RoleContributor, auth.RoleReviewer, auth.RoleEditor} {
		s := editor
		if role != auth.RoleEditor {
			s = app.SignIn(t, app.User(t, role))
		}
		if res, body := s.Get(t, "/staff/backup"); res.StatusCode != http.StatusForbidden || strings.Contains(body, "annals/backup") {
			t.Errorf("%s: %d, want 403 and no backup", role, res.StatusCode)
		}
	}

	res, body := admin.Get(t, "/staff/backup")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("admin: %d", res.StatusCode)
	}
	wantName := `attachment; filename="annals-backup-` + time.Now().UTC().Format("2006-01-02") + `.json"`
	if got := res.Header.Get("Content-Disposition"); got != wantName {
		t.Errorf("Content-Disposition %q, want %q", got, wantName)
	}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", got)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("Content-Type %q", res.Header.Get("Content-Type"))
	}
	data := []byte(body)
	if !bytes.Contains(data, []byte("Confidential witness statement 93af")) {
		t.Error("the backup lacks the confidential source")
	}
	if bytes.Contains(data, []byte("$argon2")) || bytes.Contains(data, []byte(webtest.TestPassword)) {
		t.Error("the backup holds a password hash or password")
	}

	dst := postgres.NewStore(pgtest.NewPool(t))
	stats, err := dst.RestoreBackup(ctx, bytes.NewReader(data), timeline.RestoreOptions{})
	if err != nil {
		t.Fatalf("restore the download: %v", err)
	}
	if stats.Rows("users") != 4 || stats.Rows("events") == 0 {
		t.Errorf("restored %s", stats)
	}
	var again bytes.Buffer
	if _, err := dst.Backup(ctx, &again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), data) {
		t.Error("the restored download backs up to other bytes")
	}

	// The settings page offers the download.
	_, page := admin.Get(t, "/staff/settings")
	if !regexp.MustCompile(`<a href="/staff/backup" download[^>]*>`).MatchString(page) {
		t.Error("the settings page has no link to the backup")
	}
}
