package export_test

import (
	"encoding/json"
	"strings"
	"testing"

	"annals/internal/demo"
	"annals/internal/export"
	"annals/internal/timeline"
)

type slideMedia struct {
	Events []struct {
		Text  struct{ Text string }
		Media *struct{ URL, Alt string }
	}
}

// The slide's media is only ever an image or a video: the demo's sources
// are articles, which TimelineJS would show as broken images. They are
// listed in the text instead.
func TestTimelineJSMediaAreOnlyMedia(t *testing.T) {
	t.Parallel()
	doc, err := demo.Document()
	if err != nil {
		t.Fatal(err)
	}
	doc.Events[0].Media = []timeline.Media{{Kind: timeline.MediaImage, Upload: strings.Repeat("ab", 32) + ".jpg", Alt: "A crowd"}}
	doc.Events[1].Media = []timeline.Media{{Kind: timeline.MediaVideo, URL: "https://vimeo.com/12345", Caption: "March"}}
	out, err := export.TimelineJS(doc, "https://annals.example.org", nil)
	if err != nil {
		t.Fatal(err)
	}
	var f slideMedia
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatal(err)
	}
	withMedia := 0
	for i, s := range f.Events {
		if s.Media == nil {
			continue
		}
		withMedia++
		_, isMedia := timeline.MediaOfURL(s.Media.URL)
		if !isMedia && !strings.HasPrefix(s.Media.URL, "https://annals.example.org/media/") {
			t.Errorf("slide %d: media.url %q is not an image or a video", i, s.Media.URL)
		}
	}
	if withMedia != 2 {
		t.Errorf("%d slides carry media, want the two events with media", withMedia)
	}
	if f.Events[0].Media.URL != "https://annals.example.org/media/"+strings.Repeat("ab", 32)+".jpg" || f.Events[0].Media.Alt != "A crowd" {
		t.Errorf("uploaded image: %+v", f.Events[0].Media)
	}
	if !strings.Contains(f.Events[2].Text.Text, "Sources:") {
		t.Error("the sources are not in the slide's text")
	}
}
