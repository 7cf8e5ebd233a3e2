package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/chromedp"

	"annals/internal/a11y"
	"annals/internal/auth"
	"annals/internal/browsertest"
	"annals/internal/importer"
	"annals/internal/timeline"
	"annals/internal/webtest"
)

// A TimelineJS sheet (as Google Sheets saves it) with a title row, two
// events in known categories and one in Zawgyi-encoded Burmese.
const goodSheet = "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Alt Text,Type,Group,Background\n" +
	",,,,,,,,,Sagaing 2022,<p>Raids and fires in Sagaing</p>,,,,,,title,,\n" +
	"2022,3,14,,,,,,,Village burned near Monywa,<p>Houses set on fire.</p>,https://example.org/monywa,Example News,Report on the fire,,,,casualties,\n" +
	"2022,4,,,,,,,,Teachers detained in Sagaing,<p>At least 12 teachers held.</p>,,,,,,,political,\n" +
	"2022,,,,,,,,,\"အျပည္ျပည္ဆိုင္ရာ လူ႔အခြင့္အေရး ေၾကညာစာတမ္း\",,,,,,,,political,\n"

// The same sheet with a bad row: month 13 in row 3.
const badSheet = "Year,Month,Day,Headline,Group\n" +
	"2022,3,14,Village burned near Monywa,casualties\n" +
	"2022,13,1,Month thirteen,political\n"

// upload sends a file through the upload form as a browser does
// (multipart/form-data with the session's CSRF token).
func upload(t *testing.T, s *webtest.Session, name string, data []byte, fields map[string]string) (*http.Response, string) {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("_csrf", s.CSRF)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	fw, err := w.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	req, err := http.NewRequest(http.MethodPost, s.App.URL+"/staff/import", &body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := s.Client.Do(req)
	if err != nil {
		t.Fatalf("upload %s: %v", name, err)
	}
	defer res.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(res.Body)
	return res, out.String()
}

// preview uploads a file and returns the preview page it leads to.
func preview(t *testing.T, s *webtest.Session, name, data string, fields map[string]string) (string, int, *goquery.Document) {
	t.Helper()
	res, body := upload(t, s, name, []byte(data), fields)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload %s: status %d, want a redirect to the preview\n%s", name, res.StatusCode, errorsOf(body))
	}
	loc := res.Header.Get("Location")
	res, body = s.Get(t, loc)
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return loc, res.StatusCode, doc
}

func stagedID(t *testing.T, loc string) string {
	t.Helper()
	m := regexp.MustCompile(`^/staff/import\?staged=(\d+)$`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("preview at %q", loc)
	}
	return m[1]
}

// counts is what an import writes: events, library sources.
func counts(t *testing.T, app *webtest.App) string {
	t.Helper()
	ctx := context.Background()
	ev, err := app.Store.StaffEvents(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	src, err := app.Store.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d events, %d sources", len(ev), len(src))
}

func outcomes(doc *goquery.Document) map[string]string {
	out := map[string]string{}
	doc.Find("[data-testid=import-row]").Each(func(_ int, s *goquery.Selection) {
		row, _ := s.Attr("data-row")
		o, _ := s.Attr("data-outcome")
		out[row] = o
	})
	return out
}

func TestImportPreviewShowsRowProblemsAndWritesNothing(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	before := counts(t, app)

	_, status, doc := preview(t, editor, "sagaing.csv", badSheet, map[string]string{"timeline": "sagaing-2022"})
	if status != http.StatusUnprocessableEntity {
		t.Errorf("preview of a file with problems: %d, want 422", status)
	}
	problems := doc.Find("[data-testid=problem]")
	if problems.Length() != 1 {
		t.Fatalf("%d problems listed, want 1: %q", problems.Length(), problems.Text())
	}
	row, _ := problems.Attr("data-row")
	col, _ := problems.Attr("data-column")
	if row != "3" || col != "Month" || !strings.Contains(problems.Text(), "13") {
		t.Errorf("problem at row %s, column %s: %q; want row 3, column Month, naming 13", row, col, problems.Text())
	}
	if got := outcomes(doc); got["3"] != "rejected" || got["2"] == "rejected" {
		t.Errorf("row outcomes %v, want row 3 rejected and row 2 not", got)
	}
	if doc.Find("[data-testid=confirm], form[action='/staff/import/confirm']").Length() != 0 {
		t.Error("the preview of a file with problems offers to import it")
	}
	if after := counts(t, app); after != before {
		t.Errorf("a preview wrote to the database: %s before, %s after", before, after)
	}
}

func TestImportPreviewThenConfirmImportsDrafts(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	editorUser := app.User(t, auth.RoleEditor)
	editor := app.SignIn(t, editorUser)
	ctx := context.Background()
	before := counts(t, app)

	loc, status, doc := preview(t, editor, "sagaing.csv", goodSheet, map[string]string{"timeline": "sagaing-2022"})
	if status != http.StatusOK {
		t.Fatalf("preview: %d\n%s", status, doc.Text()[:min(2000, len(doc.Text()))])
	}
	want := map[string]string{"2": "skipped", "3": "create", "4": "create", "5": "create"}
	if got := outcomes(doc); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("row outcomes %v, want %v", got, want)
	}
	if n := doc.Find("[data-testid=import-totals] [data-key=create] strong").Text(); n != "3" {
		t.Errorf("total to create %q, want 3", n)
	}
	warning := doc.Find("[data-testid=warning]")
	if warning.Length() != 1 || !strings.Contains(warning.Text(), "Zawgyi") || warning.AttrOr("data-row", "") != "5" {
		t.Errorf("warnings %q, want one about Zawgyi in row 5", warning.Text())
	}
	button := strings.TrimSpace(doc.Find("[data-testid=confirm]").Text())
	if button != "Import 3 events" {
		t.Errorf("confirm button %q, want \"Import 3 events\"", button)
	}
	if after := counts(t, app); after != before {
		t.Fatalf("the preview wrote to the database: %s before, %s after", before, after)
	}

	// Confirm: exactly those rows, as drafts, with revisions by the editor.
	id := stagedID(t, loc)
	res, body := editor.Post(t, "/staff/import/confirm", map[string][]string{"staged": {id}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d\n%s", res.StatusCode, errorsOf(body))
	}
	done, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	if done.Find("[data-testid=import-done]").Length() != 1 {
		t.Fatalf("no outcome shown:\n%s", errorsOf(body))
	}
	titles := []string{"Village burned near Monywa", "Teachers detained in Sagaing"}
	drafts, err := app.Store.StaffEvents(ctx, string(timeline.StatusDraft))
	if err != nil {
		t.Fatal(err)
	}
	draftTitles := map[string]bool{}
	for _, e := range drafts {
		draftTitles[e.Title] = true
	}
	_, list := editor.Get(t, "/staff/events?status=draft")
	for _, title := range titles {
		if !draftTitles[title] {
			t.Errorf("%q is not a draft after the import", title)
		}
		if !strings.Contains(list, title) {
			t.Errorf("%q is missing from /staff/events?status=draft", title)
		}
	}
	all, _ := app.Store.StaffEvents(ctx, "")
	if beforeN, _ := strconv.Atoi(strings.Fields(before)[0]); len(all) != beforeN+3 {
		t.Errorf("%d events after the import, want %d + 3", len(all), beforeN)
	}
	// Links to the imported events, each with a revision by the editor.
	links := done.Find("[data-testid=import-row] a")
	if links.Length() != 3 {
		t.Errorf("%d links to imported events, want 3", links.Length())
	}
	href, _ := links.First().Attr("href")
	eid, err := strconv.ParseInt(strings.TrimPrefix(href, "/staff/events/"), 10, 64)
	if err != nil {
		t.Fatalf("link %q", href)
	}
	revs, err := app.Store.History(ctx, "event", eid)
	if err != nil || len(revs) != 1 || !strings.HasPrefix(revs[0].Author, "Editor") || !strings.Contains(revs[0].Reason, "sagaing.csv") {
		t.Errorf("revisions of imported event %d: %+v, %v", eid, revs, err)
	}
	var authorID *int64
	if err := app.Store.Pool().QueryRow(ctx, `SELECT author_id FROM revisions WHERE entity = 'event' AND entity_id = $1`, eid).Scan(&authorID); err != nil {
		t.Fatal(err)
	}
	if authorID == nil || *authorID != editorUser.ID {
		t.Errorf("the import's revision names account %v, want the editor's %d", authorID, editorUser.ID)
	}
	// Nothing public: drafts stay off every public page.
	for _, p := range []string{"/t/sagaing-2022", "/t/myanmar-2021", "/"} {
		_, page := app.Get(t, p)
		for _, title := range titles {
			if strings.Contains(page, title) {
				t.Errorf("draft %q appears on public page %s", title, p)
			}
		}
	}

	// A second confirmation (double submit) imports nothing twice.
	afterImport := counts(t, app)
	res, body = editor.Post(t, "/staff/import/confirm", map[string][]string{"staged": {id}})
	if res.StatusCode != http.StatusGone || !strings.Contains(body, "imported already") {
		t.Errorf("second confirmation: %d, want 410 saying it was imported already\n%s", res.StatusCode, errorsOf(body))
	}
	if again := counts(t, app); again != afterImport {
		t.Errorf("a second confirmation changed the database: %s, then %s", afterImport, again)
	}

	// The same file again: every event is unchanged, nothing to import.
	_, status, doc = preview(t, editor, "sagaing.csv", goodSheet, map[string]string{"timeline": "sagaing-2022"})
	if status != http.StatusOK || doc.Find("[data-testid=nothing-to-import]").Length() != 1 ||
		doc.Find("[data-testid=confirm]").Length() != 0 {
		t.Errorf("re-upload: %d, want every row unchanged and no import button; outcomes %v", status, outcomes(doc))
	}
}

// Publishing on import is the editor's choice; the events then show publicly.
func TestImportPublishOnImport(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	loc, status, doc := preview(t, editor, "sagaing.csv", "Year,Month,Day,Headline,Media,Media Credit,Group\n2022,3,14,Village burned near Monywa,https://example.org/monywa,Example News,casualties\n",
		map[string]string{"timeline": "sagaing-2022", "publish": "on"})
	if status != http.StatusOK || !strings.Contains(doc.Find("[data-testid=confirm-form]").Text(), "published") {
		t.Fatalf("preview: %d, want an offer to import and publish: %s", status, doc.Find("[data-testid=problem]").Text())
	}
	res, body := editor.Post(t, "/staff/import/confirm", map[string][]string{"staged": {stagedID(t, loc)}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d\n%s", res.StatusCode, errorsOf(body))
	}
	if _, page := app.Get(t, "/t/sagaing-2022"); !strings.Contains(page, "Village burned near Monywa") {
		t.Error("an event imported with \"publish\" is not on the public timeline")
	}
}

func TestImportNeedsEditor(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	before := counts(t, app)
	for _, role := range []auth.Role{auth.RoleContributor, auth.RoleReviewer} {
		s := app.SignIn(t, app.User(t, role))
		if res, _ := s.Get(t, "/staff/import"); res.StatusCode != http.StatusForbidden {
			t.Errorf("GET /staff/import as %s: %d, want 403", role, res.StatusCode)
		}
		if res, _ := upload(t, s, "sagaing.csv", []byte(goodSheet), nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("upload as %s: %d, want 403", role, res.StatusCode)
		}
		_, body := s.Get(t, "/staff")
		if strings.Contains(body, `href="/staff/import"`) {
			t.Errorf("the %s's navigation links to the import", role)
		}
	}
	if after := counts(t, app); after != before {
		t.Errorf("refused uploads changed the database: %s, then %s", before, after)
	}
}

func TestImportOnlyUploaderMayConfirm(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	a := app.SignIn(t, app.User(t, auth.RoleEditor))
	before := counts(t, app)
	loc, _, _ := preview(t, a, "sagaing.csv", goodSheet, map[string]string{"timeline": "sagaing-2022"})
	id := stagedID(t, loc)
	// Neither another editor nor an admin may see, change or import it.
	for _, role := range []auth.Role{auth.RoleEditor, auth.RoleAdmin} {
		b := app.SignIn(t, app.User(t, role))
		if res, _ := b.Get(t, loc); res.StatusCode != http.StatusForbidden {
			t.Errorf("another %s opening the preview: %d, want 403", role, res.StatusCode)
		}
		if res, _ := b.Post(t, "/staff/import/confirm", map[string][]string{"staged": {id}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("another %s confirming: %d, want 403", role, res.StatusCode)
		}
		if res, _ := b.Post(t, "/staff/import", map[string][]string{"staged": {id}, "publish": {"on"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("another %s changing the options: %d, want 403", role, res.StatusCode)
		}
	}
	if after := counts(t, app); after != before {
		t.Fatalf("another account imported the upload: %s, then %s", before, after)
	}
	if res, body := a.Post(t, "/staff/import/confirm", map[string][]string{"staged": {id}}); res.StatusCode != http.StatusOK {
		t.Errorf("the uploader's confirmation: %d\n%s", res.StatusCode, errorsOf(body))
	}
}

// Changing the options of a staged upload re-checks it without uploading
// again: a group that is not a category becomes one when allowed.
func TestImportRecheckWithOtherOptions(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	sheet := "Year,Headline,Group\n2022,Flood relief blocked,Humanitarian access\n"
	loc, status, doc := preview(t, editor, "relief.csv", sheet, nil)
	if status != http.StatusUnprocessableEntity || !strings.Contains(doc.Find("[data-testid=problem]").Text(), "Humanitarian access") {
		t.Fatalf("unknown group: %d %q, want a problem naming it", status, doc.Find("[data-testid=problem]").Text())
	}
	res, body := editor.Post(t, "/staff/import", map[string][]string{"staged": {stagedID(t, loc)}, "new_categories": {"on"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != loc {
		t.Fatalf("re-check: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), errorsOf(body))
	}
	res, body = editor.Get(t, loc)
	doc, _ = goquery.NewDocumentFromReader(strings.NewReader(body))
	if res.StatusCode != http.StatusOK || outcomes(doc)["2"] != "create" {
		t.Errorf("re-check with new categories: %d, outcomes %v\n%s", res.StatusCode, outcomes(doc), errorsOf(body))
	}
}

func TestImportRefusesFilesOverTheLimit(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	before := counts(t, app)
	row := "2022,3,14,Village burned near Monywa,casualties\n"
	for _, size := range []int{importer.MaxBytes + 10, importer.MaxBytes + 3<<20} {
		data := []byte("Year,Month,Day,Headline,Group\n" + strings.Repeat(row, size/len(row)+1))
		res, body := upload(t, editor, "huge.csv", data, nil)
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
		msg := doc.Find("[data-testid=errors]").Text()
		if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(msg, "20 MB") || !strings.Contains(msg, "Split it") {
			t.Errorf("a %d-byte file: %d %q, want 413 saying the limit is 20 MB", len(data), res.StatusCode, msg)
		}
	}
	if after := counts(t, app); after != before {
		t.Errorf("a refused upload changed the database: %s, then %s", before, after)
	}
	// The form still works after a refusal.
	if _, status, _ := preview(t, editor, "small.csv", badSheet, nil); status != http.StatusUnprocessableEntity {
		t.Errorf("a small file after a refused one: %d", status)
	}
}

// An editor uploads a file through the real form in Chromium, sees the
// preview and confirms.
func TestBrowserImportUpload(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	editor := app.User(t, auth.RoleEditor)
	dir, err := os.MkdirTemp("", "annals-import-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	file := filepath.Join(dir, "sagaing-2022.csv")
	if err := os.WriteFile(file, []byte(goodSheet), 0o644); err != nil {
		t.Fatal(err)
	}
	before := counts(t, app)
	ctx := browsertest.New(t, 1280, 1600)
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	// Each page of the import passes axe-core (no serious or critical
	// violation) as it is after the clicks.
	axe := func(page string) {
		t.Helper()
		vs, err := a11y.RunHere(ctx)
		if err != nil {
			t.Fatalf("axe on the %s: %v", page, err)
		}
		for _, v := range vs {
			if v.Blocking() {
				t.Errorf("the %s: %s", page, v)
			}
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return strings.TrimSpace(s)
	}
	do("sign in",
		chromedp.Navigate(app.URL+"/staff/login"),
		chromedp.SendKeys(chromedp.CSS("#email"), editor.Email),
		chromedp.SendKeys(chromedp.CSS("#password"), webtest.TestPassword),
		chromedp.Click(chromedp.CSS(".login button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=whoami]")),
	)
	do("open the import from the navigation",
		chromedp.Click(chromedp.CSS(`.staff-bar a[href="/staff/import"]`)),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=import-form]")),
	)
	axe("upload form")
	do("choose the file and check it",
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}),
		chromedp.SetValue(chromedp.CSS("#format"), "timelinejs-csv"),
		chromedp.Click(chromedp.CSS("[data-testid=import-form] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=confirm]")),
	)
	axe("preview")
	if got := text("[data-testid=confirm]"); got != "Import 3 events" {
		t.Errorf("confirm button %q", got)
	}
	if got := text("[data-testid=import-file]"); !strings.Contains(got, "sagaing-2022.csv") || !strings.Contains(got, "TimelineJS sheet") {
		t.Errorf("file line %q", got)
	}
	if after := counts(t, app); after != before {
		t.Fatalf("the preview wrote: %s, then %s", before, after)
	}
	do("confirm",
		chromedp.Click(chromedp.CSS("[data-testid=confirm]")),
		chromedp.WaitVisible(chromedp.CSS("[data-testid=import-done]")),
	)
	axe("outcome page")
	if got := text("[data-testid=import-done]"); !strings.Contains(got, `"sagaing-2022"`) {
		t.Errorf("outcome %q, want it to name the timeline", got)
	}
	drafts, err := app.Store.StaffEvents(context.Background(), string(timeline.StatusDraft))
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, e := range drafts {
		if e.Title == "Village burned near Monywa" || e.Title == "Teachers detained in Sagaing" {
			found++
		}
	}
	if found != 2 {
		t.Errorf("%d of the 2 named events are drafts after the browser import", found)
	}
}

// Two confirmations sent at the same moment (a double click) import once:
// one gets the outcome, the other is told the upload is being (or was)
// imported.
func TestImportConfirmTwiceAtOnce(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	loc, _, _ := preview(t, editor, "sagaing.csv", goodSheet, map[string]string{"timeline": "sagaing-2022"})
	form := url.Values{"staged": {stagedID(t, loc)}, "_csrf": {editor.CSRF}}.Encode()
	statuses := make(chan int, 2)
	for range 2 {
		go func() {
			req, _ := http.NewRequest(http.MethodPost, app.URL+"/staff/import/confirm", strings.NewReader(form))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := editor.Client.Do(req)
			if err != nil {
				statuses <- 0
				return
			}
			res.Body.Close()
			statuses <- res.StatusCode
		}()
	}
	got := []int{<-statuses, <-statuses}
	slices.Sort(got)
	// The second is told the upload is being imported (409) or was (410).
	if got[0] != http.StatusOK || (got[1] != http.StatusConflict && got[1] != http.StatusGone) {
		t.Errorf("two confirmations at once: %v, want one 200 and one 409 or 410", got)
	}
	drafts, err := app.Store.StaffEvents(context.Background(), string(timeline.StatusDraft))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range drafts {
		if e.Title == "Village burned near Monywa" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d events named \"Village burned near Monywa\", want 1", n)
	}
}

// A spreadsheet row that changes a published event is refused in the
// preview, on its row: importing drafts never changes a public page.
func TestImportPreviewHoldsChangesToPublishedEvents(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	before := counts(t, app)
	csv := "slug,title,start,category\n" +
		"a-new-event,A new event,2021-03-01,political\n" +
		"coup,Military seizes power (edited in a spreadsheet),2021-02-01,political\n"
	_, status, doc := preview(t, editor, "edits.csv", csv, map[string]string{"timeline": "myanmar-2021"})
	problems := doc.Find("[data-testid=problem]")
	if status != http.StatusUnprocessableEntity || problems.Length() != 1 {
		t.Fatalf("preview: %d with %d problems %q; want 422 and one problem", status, problems.Length(), problems.Text())
	}
	if row, _ := problems.Attr("data-row"); row != "3" || !strings.Contains(problems.Text(), "published") {
		t.Errorf("problem on row %s: %q; want row 3 saying the event is published", row, problems.Text())
	}
	if doc.Find("[data-testid=confirm]").Length() != 0 {
		t.Error("the preview offers to import a change to a published event")
	}
	if after := counts(t, app); after != before {
		t.Errorf("the preview wrote: %s, then %s", before, after)
	}
	if _, page := app.Get(t, "/t/myanmar-2021/e/coup"); strings.Contains(page, "edited in a spreadsheet") {
		t.Error("the public event page shows the spreadsheet's change")
	}
}

// An upload into an existing timeline with the title left empty keeps the
// timeline's title and summary; a title typed with it renames the timeline,
// shown in the preview. A row whose slug belongs to another timeline's
// event becomes a new event, and the preview says so on its row.
func TestImportIntoExistingTimelineKeepsItsTitle(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	app := webtest.Start(t, webtest.Options{})
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	demoTimeline := func() timeline.Timeline {
		t.Helper()
		tls, err := app.Store.AllTimelines(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, tl := range tls {
			if tl.Slug == "myanmar-2021" {
				tl.UpdatedAt = time.Time{}
				return tl
			}
		}
		t.Fatal("no demo timeline")
		return timeline.Timeline{}
	}
	before := demoTimeline()
	loc, status, doc := preview(t, editor, "sagaing.csv", goodSheet, map[string]string{"timeline": "myanmar-2021"})
	if status != http.StatusOK {
		t.Fatalf("preview: %d", status)
	}
	if n := doc.Find("[data-testid=timeline-change]").Length(); n != 0 {
		t.Errorf("the preview announces %d changes to the timeline", n)
	}
	if got := doc.Find("[data-testid=import-file]").Text(); !strings.Contains(got, before.Title) {
		t.Errorf("the preview names the timeline %q, want its title %q", got, before.Title)
	}
	res, body := editor.Post(t, "/staff/import/confirm", map[string][]string{"staged": {stagedID(t, loc)}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d\n%s", res.StatusCode, errorsOf(body))
	}
	if after := demoTimeline(); after != before {
		t.Fatalf("the upload changed the timeline:\n%+v\nwas\n%+v", after, before)
	}

	_, _, doc = preview(t, editor, "sagaing-again.csv", goodSheet, map[string]string{"timeline": "myanmar-2021", "title": "Myanmar since the coup"})
	want := `timeline title: "` + before.Title + `" -> "Myanmar since the coup"`
	if got := doc.Find("[data-testid=timeline-change]").Text(); got != want {
		t.Errorf("preview of a rename shows %q, want %q", got, want)
	}

	clash := "Year,Month,Day,Headline,Text,Media,Group\n2023,5,1,Coup,Another coup elsewhere.,https://example.org/other-coup,political\n"
	_, _, doc = preview(t, editor, "other.csv", clash, map[string]string{"timeline": "elsewhere"})
	row := doc.Find("[data-testid=import-row]").First()
	if o, _ := row.Attr("data-outcome"); o != "create" || !strings.Contains(row.Text(), `the slug "coup" belongs to an event on timeline "myanmar-2021"; imported as "coup-2"`) {
		t.Errorf("clashing row: %s %q", o, strings.Join(strings.Fields(row.Text()), " "))
	}
}
