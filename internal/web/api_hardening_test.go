package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/webtest"
)

// apiError checks that a is the API's Error JSON with status.
func apiError(t *testing.T, what string, a apiAnswer, status int) {
	t.Helper()
	e, _ := a.JSON["error"].(map[string]any)
	if a.Status != status || e == nil || e["status"] != float64(status) || e["message"] == "" {
		t.Errorf("%s: %d %s, want %d with the Error JSON", what, a.Status, a.Body, status)
	}
	if p, ok := e["problems"]; ok && p == nil {
		t.Errorf("%s: problems is null: %s", what, a.Body)
	}
	if ct := a.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
}

// The API refuses bodies that are not UTF-8 or hold NUL characters
// (naming the field), bodies that are not JSON by their Content-Type (415),
// wrong methods (405 with Allow) and bodies too large (413), each with its
// Error JSON.
func TestAPIRefusesBadBodies(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	tok := newToken(t, app.SignIn(t, app.User(t, auth.RoleContributor)), "hardening")

	// Invalid UTF-8, raw in a string, at several depths.
	for field, body := range map[string]string{
		"title":          `{"title": "Bad ` + "\xff\xfe" + `", "start": "2021", "category": "casualties"}`,
		"summary":        `{"title": "T", "summary": "` + "\xc3\x28" + `", "start": "2021", "category": "casualties"}`,
		"sources[0].url": `{"title": "T", "start": "2021", "category": "casualties", "sources": [{"url": "https://x.org/` + "\xed\xa0\x80" + `"}]}`,
		"place.name":     `{"title": "T", "start": "2021", "category": "casualties", "place": {"name": "` + "\x80" + `"}}`,
		"start":          `{"title": "T", "start": {"date": "2021` + "\xff" + `"}, "category": "casualties"}`,
	} {
		a := apiCall(t, app, http.MethodPost, eventsPath, tok, body)
		apiError(t, field, a, http.StatusBadRequest)
		if !slices.Contains(a.problems(), field) || !strings.Contains(a.Body, "UTF-8") {
			t.Errorf("invalid UTF-8 in %s: problems %v in %s", field, a.problems(), a.Body)
		}
	}
	// A NUL character, escaped, in a string that no text check reads.
	for field, body := range map[string]any{
		"category":       map[string]any{"title": "T", "start": "2021", "category": "casu\u0000alties"},
		"actors[0].slug": map[string]any{"title": "T", "start": "2021", "category": "casualties", "actors": []any{map[string]any{"slug": "\u0000"}}},
		"timelines[0]":   map[string]any{"title": "T", "start": "2021", "category": "casualties", "timelines": []any{"a\u0000"}},
	} {
		a := apiCall(t, app, http.MethodPost, eventsPath, tok, body)
		if a.Status >= 500 || a.Status < 400 || !slices.Contains(a.problems(), field) {
			t.Errorf("NUL in %s: %d %s", field, a.Status, a.Body)
		}
	}

	// Not JSON by its Content-Type.
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"} {
		req, _ := http.NewRequest(http.MethodPost, app.URL+eventsPath, strings.NewReader(`{"title": "T", "start": "2021", "category": "casualties"}`))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		a := send(t, req)
		apiError(t, "Content-Type "+ct, a, http.StatusUnsupportedMediaType)
	}
	// application/json with a charset, and +json types, are JSON.
	for _, ct := range []string{"application/json; charset=utf-8", "Application/JSON"} {
		req, _ := http.NewRequest(http.MethodPost, app.URL+eventsPath, strings.NewReader(`{"title": "T `+ct+`", "start": "2021", "category": "casualties"}`))
		req.Header.Set("Content-Type", ct)
		req.Header.Set("Authorization", "Bearer "+tok)
		if a := send(t, req); a.Status != http.StatusCreated {
			t.Errorf("Content-Type %s: %d %s", ct, a.Status, a.Body)
		}
	}

	// Wrong methods.
	for _, c := range []struct{ method, path, allow string }{
		{http.MethodDelete, eventsPath + "/coup", "GET, PATCH, PUT"},
		{http.MethodPut, eventsPath, "GET, POST"},
		{http.MethodPost, "/api/v1/timelines", "GET"},
		{http.MethodGet, eventsPath + "/coup/publish", "POST"},
	} {
		a := apiCall(t, app, c.method, c.path, tok, nil)
		apiError(t, c.method+" "+c.path, a, http.StatusMethodNotAllowed)
		allow := strings.Split(strings.ReplaceAll(a.Header.Get("Allow"), " ", ""), ",")
		for _, m := range strings.Split(strings.ReplaceAll(c.allow, " ", ""), ",") {
			if !slices.Contains(allow, m) {
				t.Errorf("%s %s: Allow %q lacks %s", c.method, c.path, a.Header.Get("Allow"), m)
			}
		}
	}

	// Too large.
	big := `{"title": "T", "start": "2021", "category": "casualties", "summary": "` + strings.Repeat("x", 2<<20) + `"}`
	apiError(t, "2 MB body", apiCall(t, app, http.MethodPost, eventsPath, tok, big), http.StatusRequestEntityTooLarge)
}

func send(t *testing.T, req *http.Request) apiAnswer {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	a := apiAnswer{Status: res.StatusCode, Header: res.Header, Body: string(data)}
	_ = json.Unmarshal(bytes.TrimSpace(data), &a.JSON)
	return a
}
