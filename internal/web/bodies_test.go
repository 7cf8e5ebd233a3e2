package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// multipartBody is a form with a file of size bytes and the given fields.
func multipartBody(t *testing.T, size int, fields map[string]string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	f, err := w.CreateFormFile("upload", "big.bin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(bytes.Repeat([]byte("x"), size)); err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	return w.FormDataContentType(), buf.Bytes()
}

func post(t *testing.T, client *http.Client, url, contentType string, body []byte, chunked bool) int {
	t.Helper()
	var r io.Reader = bytes.NewReader(body)
	if chunked {
		r = io.MultiReader(r) // hides the length: sent chunked
	}
	req, err := http.NewRequest(http.MethodPost, url, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	res, err := client.Do(req)
	if err != nil {
		// The server may close the connection on a body it refused.
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// Refused uploads leave nothing on disk: anonymous bodies are limited and
// never parsed as uploads, and an editor's upload refused by the CSRF check
// has its temporary files removed. Not parallel: it watches TMPDIR.
func TestRefusedUploadsLeaveNoFiles(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	anon := app.NewSession(t)
	anon.Get(t, "/staff/login")
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))

	ct, big := multipartBody(t, 40<<20, map[string]string{"email": "a@example.org", "_csrf": anon.CSRF})
	for _, tc := range []struct {
		name    string
		client  *http.Client
		path    string
		chunked bool
		want    []int
	}{
		{"sign-in, 40 MB upload", anon.Client, "/staff/login", false, []int{413}},
		{"sign-in, 40 MB upload sent chunked", anon.Client, "/staff/login", true, []int{415, 413, 0}},
		{"anonymous upload to a form", anon.Client, "/staff/events", true, []int{415, 413, 0}},
		{"anonymous upload to the import", anon.Client, "/staff/import", false, []int{303}},
		{"editor's 12 MB upload with a wrong CSRF token", editor.Client, "/staff/import", false, []int{403}},
	} {
		body := big
		if tc.client == editor.Client {
			ct, body = multipartBody(t, 12<<20, map[string]string{"_csrf": "wrong"})
		}
		code := post(t, tc.client, app.URL+tc.path, ct, body, tc.chunked)
		if !containsInt(tc.want, code) {
			t.Errorf("%s: status %d, want one of %v", tc.name, code, tc.want)
		}
		if left := filesIn(t, tmp); len(left) > 0 {
			t.Errorf("%s: left %v in the temporary folder", tc.name, left)
		}
	}
}

// Staff forms are small; bodies over their limit are refused whole, and a
// multipart body is refused where no file is taken.
func TestStaffBodiesAreLimited(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	s := app.NewSession(t)
	s.Get(t, "/staff/login")
	form := "email=a%40example.org&password=" + strings.Repeat("x", 40<<10) + "&_csrf=" + s.CSRF
	if code := post(t, s.Client, app.URL+"/staff/login", "application/x-www-form-urlencoded", []byte(form), false); code != http.StatusRequestEntityTooLarge {
		t.Errorf("40 KB sign-in form: %d, want 413", code)
	}
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	huge := "_csrf=" + editor.CSRF + "&title=" + strings.Repeat("x", 3<<20)
	if code := post(t, editor.Client, app.URL+"/staff/events", "application/x-www-form-urlencoded", []byte(huge), false); code != http.StatusRequestEntityTooLarge {
		t.Errorf("3 MB event form: %d, want 413", code)
	}
	ct, body := multipartBody(t, 1000, map[string]string{"_csrf": editor.CSRF, "title": "x"})
	if code := post(t, editor.Client, app.URL+"/staff/events", ct, body, false); code != http.StatusUnsupportedMediaType {
		t.Errorf("multipart event form: %d, want 415", code)
	}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func filesIn(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, fmt.Sprint(e.Name()))
	}
	return out
}
