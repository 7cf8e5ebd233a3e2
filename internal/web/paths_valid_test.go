package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// A path with a NUL byte or bytes that are not UTF-8 names no page: every
// GET route answers it with 404 (or 400), never a 5xx, whether the reader
// is signed in or not. The bad bytes go in each parameter in turn, and in
// wildcards.
func TestBadBytesInPaths(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	admin := app.SignIn(t, app.User(t, auth.RoleAdmin))
	anon := app.NewSession(t)
	param := regexp.MustCompile(`:[a-z_]+|\*`)
	bad := []string{"%00", "%FF", "%C3%28", "a%00b", "x%FFy.json", "%ED%A0%80"}
	seen := map[string]bool{}
	n := 0
	for _, r := range app.Server.Echo().Routes() {
		if r.Method != http.MethodGet || !param.MatchString(r.Path) || seen[r.Path] {
			continue
		}
		seen[r.Path] = true
		n++
		for _, b := range bad {
			// Each parameter bad in turn, the others a plausible value.
			params := param.FindAllStringIndex(r.Path, -1)
			for i := range params {
				var sb strings.Builder
				last := 0
				for j, m := range params {
					sb.WriteString(r.Path[last:m[0]])
					if i == j {
						sb.WriteString(b)
					} else {
						sb.WriteString("1")
					}
					last = m[1]
				}
				sb.WriteString(r.Path[last:])
				path := sb.String()
				for who, s := range map[string]*webtest.Session{"anonymous": anon, "admin": admin} {
					res, body := s.Get(t, path)
					if res.StatusCode >= 500 {
						t.Errorf("%s GET %s (route %s): %d\n%.300s", who, path, r.Path, res.StatusCode, body)
					}
					if res.StatusCode == http.StatusOK {
						t.Errorf("%s GET %s (route %s): 200 for a path with bad bytes", who, path, r.Path)
					}
				}
			}
		}
	}
	if n < 20 {
		t.Errorf("probed only %d routes with parameters", n)
	}
	// The JSON API answers with its own error shape.
	for _, path := range []string{"/api/v1/timelines/%00", "/api/v1/timelines/myanmar-2021/events/%C3%28"} {
		res, body := app.Get(t, path)
		if res.StatusCode != http.StatusNotFound || !strings.Contains(body, `"error"`) {
			t.Errorf("GET %s: %d %s", path, res.StatusCode, body)
		}
	}
}
