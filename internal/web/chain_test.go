package web_test

import (
	"context"
	"encoding/json"
	"html"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/importer"
	"annals/internal/native"
	"annals/internal/webtest"
)

// TestExportsStateTheChainHead: the JSON export carries the chain head in a
// chain_head field and still imports; every export names it in an
// Annals-Chain-Head header (the CSV, which re-imports unchanged, only
// there); the print view states it in its footer.
func TestExportsStateTheChainHead(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	head, err := app.Store.ChainHead(context.Background())
	if err != nil || head.Revisions == 0 {
		t.Fatalf("head of the demo: %+v %v", head, err)
	}
	res, body := app.Get(t, "/t/myanmar-2021.json")
	var f struct {
		ChainHead struct {
			Revision  int64  `json:"revision"`
			SHA256    string `json:"sha256"`
			Revisions int64  `json:"revisions"`
			At        string `json:"at"`
		} `json:"chain_head"`
	}
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		t.Fatal(err)
	}
	if f.ChainHead.SHA256 != head.SHA256 || f.ChainHead.Revision != head.Revision || f.ChainHead.At == "" {
		t.Errorf("chain_head %+v, want %+v", f.ChainHead, head)
	}
	want := "sha256=" + head.SHA256 + "; revision="
	if h := res.Header.Get("Annals-Chain-Head"); !strings.HasPrefix(h, want) {
		t.Errorf("JSON Annals-Chain-Head %q, want %q…", h, want)
	}
	if _, err := native.Decode(strings.NewReader(body)); err != nil {
		t.Errorf("the JSON export with its chain head does not import: %v", err)
	}

	res, body = app.Get(t, "/t/myanmar-2021.csv")
	if h := res.Header.Get("Annals-Chain-Head"); !strings.HasPrefix(h, want) {
		t.Errorf("CSV Annals-Chain-Head %q", h)
	}
	if strings.Contains(body, head.SHA256) {
		t.Error("the CSV body carries the head; it would not re-import as it was")
	}
	if _, _, err := importer.Parse("myanmar-2021.csv", []byte(body), importer.Options{}); err != nil {
		t.Errorf("the CSV export does not import: %v", err)
	}
	if res, _ := app.Get(t, "/t/myanmar-2021/timelinejs.json"); !strings.HasPrefix(res.Header.Get("Annals-Chain-Head"), want) {
		t.Errorf("TimelineJS Annals-Chain-Head %q", res.Header.Get("Annals-Chain-Head"))
	}

	_, body = app.Get(t, "/t/myanmar-2021/print")
	if !strings.Contains(html.UnescapeString(body), "Record chain head "+head.SHA256) {
		t.Errorf("the print view does not state the chain head %s", head.SHA256)
	}
}

// TestChainPage: an admin sees the head, verifies the chain from the page,
// and sees when and by whom it was last verified.
func TestChainPage(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	admin := app.SignIn(t, app.User(t, auth.RoleAdmin))
	head, err := app.Store.ChainHead(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	res, body := admin.Get(t, "/staff/chain")
	if res.StatusCode != 200 || !strings.Contains(body, head.SHA256) || !strings.Contains(body, "Never verified.") {
		t.Fatalf("chain page: %d\n%s", res.StatusCode, body)
	}
	res, _ = admin.Post(t, "/staff/chain/verify", nil)
	if res.StatusCode != 200 && res.StatusCode != 303 {
		t.Fatalf("verify: %d", res.StatusCode)
	}
	_, body = admin.Get(t, "/staff/chain")
	if !strings.Contains(body, "the chain holds") || !strings.Contains(html.UnescapeString(body), "revisions up to") {
		t.Errorf("chain page after verifying:\n%s", body)
	}
	if _, body := admin.Get(t, "/staff/settings"); !strings.Contains(body, `href="/staff/chain"`) {
		t.Error("the settings page has no link to the chain page")
	}
}
