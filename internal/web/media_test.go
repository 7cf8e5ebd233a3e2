package web_test

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"annals/internal/auth"
	"annals/internal/media/mediatest"
	"annals/internal/webtest"
)

// uploadImage posts an image file to the media upload as the editor's
// upload form does and returns the answer.
func uploadImage(t *testing.T, s *webtest.Session, filename string, data []byte, accept string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("_csrf", s.CSRF)
	f, _ := w.CreateFormFile("image", filename)
	_, _ = f.Write(data)
	_ = w.Close()
	req, _ := http.NewRequest(http.MethodPost, s.App.URL+"/staff/media", &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	res, err := s.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func getBytes(t *testing.T, client *http.Client, u string) (*http.Response, []byte) {
	t.Helper()
	res, err := client.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func noMetadata(t *testing.T, what string, b []byte) {
	t.Helper()
	for block, leak := range mediatest.Leaks {
		if bytes.Contains(b, leak) {
			t.Errorf("%s holds the %s block", what, block)
		}
	}
}

var uploadNameRE = regexp.MustCompile(`value="([0-9a-f]{64}\.jpg)"`)

// mediaEvent uploads a photograph with GPS EXIF, saves an event showing it
// (sensitive) and a YouTube video, and publishes it; it returns the
// image's name and the event's public path.
func mediaEvent(t *testing.T, app *webtest.App) (string, string) {
	t.Helper()
	contributor := app.SignIn(t, app.User(t, auth.RoleContributor))
	reviewer := app.SignIn(t, app.User(t, auth.RoleReviewer))
	res, body := uploadImage(t, contributor, "IMG_0001.JPG", mediatest.JPEGWithMetadata(1400, 2000), "")
	m := uploadNameRE.FindStringSubmatch(body)
	if res.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("upload: %d\n%s", res.StatusCode, errorsOf(body))
	}
	name := m[1]
	form := eventForm("Soldiers burn houses in Kinma", "https://example.org/kinma")
	form.Set("media_rows", "2")
	form.Set("media_kind_0", "image")
	form.Set("media_upload_0", name)
	form.Set("media_caption_0", "Kinma village after the fire")
	form.Set("media_credit_0", "Local reporter")
	form.Set("media_sensitive_0", "on")
	form.Set("media_kind_1", "video")
	form.Set("media_url_1", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
	form.Set("media_caption_1", "Smoke over Kinma, filmed from the road")

	// Alt text is required: the editor answers 422 and names the field.
	res, body = contributor.Post(t, "/staff/events", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(errorsOf(body), "Image or video 1, Alt text") {
		t.Fatalf("an image without alt text: %d\n%s", res.StatusCode, errorsOf(body))
	}
	form.Set("media_alt_0", "Burned-out houses and a charred motorbike on a dirt road")
	id := createEvent(t, contributor, form)
	if res, _ := getBytes(t, contributor.Client, app.URL+"/media/"+name); res.StatusCode != http.StatusNotFound {
		t.Errorf("the image of a draft is public: %d", res.StatusCode)
	}
	act(t, app, contributor, id, "submit", nil)
	act(t, app, reviewer, id, "publish", nil)
	ev, err := app.Store.StaffEvent(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return name, "/t/myanmar-2021/e/" + ev.Live.Slug
}

// Uploaded images lose every metadata block, are stored and served at
// several widths with srcset and long caching; alt text is required.
func TestUploadedImageHasNoMetadata(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	name, page := mediaEvent(t, app)

	res, body := app.Get(t, page)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("event page: %d", res.StatusCode)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	img := doc.Find("[data-testid=media-image]")
	srcset, _ := img.Attr("srcset")
	alt, _ := img.Attr("alt")
	if img.Length() != 1 || alt == "" || !strings.Contains(srcset, "/media/"+name+" 1600w") {
		t.Fatalf("event page image: %d, alt %q, srcset %q", img.Length(), alt, srcset)
	}
	wants := map[string]int{}
	for _, part := range strings.Split(srcset, ",") {
		var u string
		var w int
		if _, err := fmt.Sscanf(strings.TrimSpace(part), "%s %dw", &u, &w); err != nil {
			t.Fatalf("srcset part %q: %v", part, err)
		}
		wants[u] = w
	}
	if len(wants) != 3 {
		t.Fatalf("srcset has %d widths, want 480, 960 and 1600: %q", len(wants), srcset)
	}
	for u, w := range wants {
		res, b := getBytes(t, http.DefaultClient, app.URL+u)
		if res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Fatalf("GET %s: %d, Cache-Control %q", u, res.StatusCode, res.Header.Get("Cache-Control"))
		}
		noMetadata(t, "served "+u, b)
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil || cfg.Width != w {
			t.Errorf("served %s: width %d (%v), want %d", u, cfg.Width, err, w)
		}
	}
	// The stored bytes, read from the database itself.
	rows, err := app.Store.Pool().Query(t.Context(), `SELECT name, bytes FROM media_blobs`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var blobName string
		var b []byte
		if err := rows.Scan(&blobName, &b); err != nil {
			t.Fatal(err)
		}
		noMetadata(t, "stored "+blobName, b)
		n++
	}
	if rows.Err() != nil || n != 3 {
		t.Fatalf("%d blobs stored (%v), want 3", n, rows.Err())
	}

	// The video is a card linking out; print writes the link out.
	card := doc.Find("[data-testid=media-card] a")
	if href, _ := card.Attr("href"); href != "https://www.youtube.com/watch?v=dQw4w9WgXcQ" || !strings.Contains(card.Text(), "YouTube") {
		t.Errorf("video card: %q %q", href, card.Text())
	}
	if doc.Find("iframe").Length() > 0 {
		t.Error("the event page frames a third party")
	}
	_, printed := app.Get(t, "/t/myanmar-2021/print")
	if !strings.Contains(printed, ">https://www.youtube.com/watch?v=dQw4w9WgXcQ</a>") || !strings.Contains(printed, "/media/"+name) {
		t.Error("the print version lacks the image or the written-out video link")
	}
	_, embed := app.Get(t, "/embed"+page)
	if !strings.Contains(embed, "/media/"+name) {
		t.Error("the embed lacks the image")
	}
}

// The upload refuses what is not an image, naming the field; other staff
// routes still refuse multipart bodies.
func TestUploadRefusesNonImages(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{NoDemo: true})
	s := app.SignIn(t, app.User(t, auth.RoleContributor))
	res, body := uploadImage(t, s, "report.pdf", []byte("%PDF-1.4 not an image at all"), "")
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "image") || !strings.Contains(body, "report.pdf") ||
		!strings.Contains(body, "is not a JPEG, PNG or GIF image") {
		t.Errorf("a PDF upload: %d\n%s", res.StatusCode, errorsOf(body))
	}
	res, body = uploadImage(t, s, "x.jpg", mediatest.JPEGWithMetadata(40, 30), "application/json")
	if res.StatusCode != http.StatusCreated || !strings.Contains(body, `"upload":"`) {
		t.Errorf("JSON upload: %d %s", res.StatusCode, body)
	}
	anon := app.NewSession(t)
	anon.Get(t, "/staff/login")
	if res, _ := uploadImage(t, anon, "x.jpg", mediatest.JPEGWithMetadata(40, 30), ""); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous upload: %d, want a redirect to sign in", res.StatusCode)
	}
	ct, mp := multipartBody(t, 1000, map[string]string{"_csrf": s.CSRF, "title": "x"})
	if code := post(t, s.Client, app.URL+"/staff/events", ct, mp, false); code != http.StatusUnsupportedMediaType {
		t.Errorf("multipart event form: %d, want 415", code)
	}
}

// The API has no media fields: a PATCH or PUT through it keeps the
// event's images and videos.
func TestAPIWritesKeepMedia(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	contributor := app.User(t, auth.RoleContributor)
	s := app.SignIn(t, contributor)
	tok := newToken(t, s, "media")
	path, version, id := createViaAPI(t, app, tok, apiEventBody("Event with a video", "https://example.org/video-event"))
	form := editForm(t, s, id)
	form.Set("media_rows", "1")
	form.Set("media_kind_0", "video")
	form.Set("media_url_0", "https://vimeo.com/123456")
	form.Set("version", fmt.Sprint(version))
	form.Set("do", "save")
	if res, body := s.Post(t, fmt.Sprintf("/staff/events/%d", id), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the video: %d\n%s", res.StatusCode, errorsOf(body))
	}
	a := apiCall(t, app, http.MethodPatch, path, tok, map[string]any{"version": version + 1, "summary": "Changed by the API."})
	if a.Status != http.StatusOK {
		t.Fatalf("PATCH: %d %s", a.Status, a.Body)
	}
	ev, err := app.Store.StaffEvent(t.Context(), id)
	if err != nil || len(ev.Work.Media) != 1 || ev.Work.Summary != "Changed by the API." {
		t.Fatalf("after the PATCH: media %+v, summary %q (%v)", ev.Work.Media, ev.Work.Summary, err)
	}
}
