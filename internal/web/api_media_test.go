package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"strings"
	"testing"

	"annals/internal/auth"
	"annals/internal/media/mediatest"
	"annals/internal/webtest"
)

type apiMediaT struct {
	Kind      string `json:"kind"`
	URL       string `json:"url"`
	Provider  string `json:"provider"`
	Uploaded  bool   `json:"uploaded"`
	SrcSet    string `json:"srcset"`
	Src       string `json:"src"`
	Alt       string `json:"alt"`
	Caption   string `json:"caption"`
	Credit    string `json:"credit"`
	Sensitive bool   `json:"sensitive"`
	Widths    []struct {
		URL           string `json:"url"`
		Width, Height int
	} `json:"widths"`
}

// The API gives an event's media as its public page shows them: an
// uploaded image as its stored widths (each served publicly, without
// metadata), its caption, credit, alt text and sensitive flag, a video as
// its link and provider; never a pending edit's media, the original
// upload's name or who uploaded it.
func TestAPIEventMedia(t *testing.T) {
	t.Parallel()
	app := webtest.Start(t, webtest.Options{})
	name, page := mediaEvent(t, app)
	slug := path.Base(page)
	apiPath := "/api/v1/timelines/myanmar-2021/events/" + slug

	read := func(when string) ([]apiMediaT, string) {
		t.Helper()
		res, body := app.Get(t, apiPath)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: %s: %d", when, apiPath, res.StatusCode)
		}
		var ev struct {
			Media []apiMediaT `json:"media"`
		}
		if err := json.Unmarshal([]byte(body), &ev); err != nil {
			t.Fatal(err)
		}
		return ev.Media, body
	}
	ms, body := read("published")
	if len(ms) != 2 {
		t.Fatalf("media = %+v, want the image and the video", ms)
	}
	img, video := ms[0], ms[1]
	if img.Kind != "image" || !img.Uploaded || !img.Sensitive || img.Caption != "Kinma village after the fire" ||
		img.Credit != "Local reporter" || !strings.HasPrefix(img.Alt, "Burned-out houses") {
		t.Errorf("image = %+v", img)
	}
	if len(img.Widths) < 2 || img.URL != app.URL+"/media/"+name || img.Widths[len(img.Widths)-1].URL != img.URL {
		t.Errorf("image widths = %+v, url %s (want the largest, %s)", img.Widths, img.URL, name)
	}
	for i, w := range img.Widths {
		if i > 0 && w.Width <= img.Widths[i-1].Width || w.Height == 0 {
			t.Errorf("widths not smallest first, or without a height: %+v", img.Widths)
		}
		if !strings.Contains(img.SrcSet, fmt.Sprintf("%s %dw", w.URL, w.Width)) {
			t.Errorf("srcset %q lacks %s", img.SrcSet, w.URL)
		}
		res, b := getBytes(t, http.DefaultClient, w.URL)
		if res.StatusCode != http.StatusOK || len(b) == 0 {
			t.Errorf("%s: %d", w.URL, res.StatusCode)
		}
		noMetadata(t, w.URL, b)
	}
	if img.Src == "" || !strings.Contains(img.SrcSet, img.Src+" ") {
		t.Errorf("src %q is not one of the widths", img.Src)
	}
	if video.Kind != "video" || video.Provider != "YouTube" || !strings.Contains(video.URL, "youtube.com/watch") ||
		video.Uploaded || len(video.Widths) != 0 {
		t.Errorf("video = %+v", video)
	}
	for _, leak := range []string{"IMG_0001", "created_by", "uploaded_by", "@example.org", "Contributor"} {
		if strings.Contains(body, leak) {
			t.Errorf("the API's event holds %q", leak)
		}
	}

	// A pending edit's media stay off the API (and the list) until published.
	editor := app.SignIn(t, app.User(t, auth.RoleEditor))
	res, upload := uploadImage(t, editor, "second.jpg", mediatest.JPEGWithMetadata(900, 600), "")
	m := uploadNameRE.FindStringSubmatch(upload)
	if res.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	id, err := app.Store.StaffEventID(t.Context(), "myanmar-2021", slug)
	if err != nil {
		t.Fatal(err)
	}
	form := editForm(t, editor, id)
	form.Set("media_caption_0", "A caption not yet reviewed")
	form.Set("media_rows", "3")
	form.Set("media_kind_2", "image")
	form.Set("media_upload_2", m[1])
	form.Set("media_alt_2", "A second photograph")
	if res, b := editor.Post(t, fmt.Sprintf("/staff/events/%d", id), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", res.StatusCode, errorsOf(b))
	}
	if ev, err := app.Store.StaffEvent(t.Context(), id); err != nil || len(ev.Work.Media) != 3 {
		t.Fatalf("the pending edit holds %d media (%v), want 3", len(ev.Work.Media), err)
	}
	ms, body = read("pending edit")
	if len(ms) != 2 || ms[0].Caption != "Kinma village after the fire" || strings.Contains(body, m[1]) {
		t.Errorf("the API shows a pending edit's media: %+v", ms)
	}
	_, list := app.Get(t, "/api/v1/timelines/myanmar-2021/events?limit=200")
	if strings.Contains(list, m[1]) || strings.Contains(list, "not yet reviewed") || !strings.Contains(list, name) {
		t.Error("the API's list shows a pending edit's media, or not the published image")
	}
}
