package importer_test

import (
	"testing"

	"annals/internal/importer"
	"annals/internal/timeline"
)

// A TimelineJS slide's media becomes the event's image or video when it is
// one, with its caption, credit and alt text; an article's link is a
// source, as before.
func TestTimelineJSMediaBecomeMedia(t *testing.T) {
	t.Parallel()
	file := `{"events": [
 {"start_date": {"year": "2021", "month": "3", "day": "3"}, "text": {"headline": "Protesters shot in Monywa"}, "group": "Protest",
  "media": {"url": "https://example.org/photos/monywa.JPG?w=1200", "caption": "Monywa, 3 March", "credit": "Frontier", "alt": "A street with a barricade of tyres"}},
 {"start_date": {"year": "2021", "month": "3", "day": "4"}, "text": {"headline": "Video of the Mandalay crackdown"}, "group": "Protest",
  "media": {"url": "https://youtu.be/abc123", "caption": "Police fire at protesters"}},
 {"start_date": {"year": "2021", "month": "3", "day": "5"}, "text": {"headline": "UN envoy speaks"}, "group": "Protest",
  "media": {"url": "https://news.example.org/2021/03/05/envoy-speaks", "caption": "UN envoy warns of bloodbath", "credit": "Example News"}},
 {"start_date": {"year": "2021", "month": "3", "day": "6"}, "text": {"headline": "A photo without alt text"}, "group": "Protest",
  "media": {"url": "https://upload.wikimedia.org/wikipedia/commons/x/y", "caption": "Yangon"}}
]}`
	doc, rep, err := importer.Parse("t.json", []byte(file), importer.Options{NewCategories: true, Publish: true})
	if err != nil || len(rep.Problems) > 0 {
		t.Fatalf("parse: %v %v", err, rep.Problems)
	}
	if len(doc.Events) != 4 {
		t.Fatalf("%d events", len(doc.Events))
	}
	img := doc.Events[0]
	if len(img.Media) != 1 || img.Media[0].Kind != timeline.MediaImage || img.Media[0].URL != "https://example.org/photos/monywa.JPG?w=1200" ||
		img.Media[0].Caption != "Monywa, 3 March" || img.Media[0].Credit != "Frontier" || img.Media[0].Alt != "A street with a barricade of tyres" {
		t.Errorf("image slide: media %+v", img.Media)
	}
	video := doc.Events[1]
	if len(video.Media) != 1 || video.Media[0].Kind != timeline.MediaVideo || video.Media[0].Provider() != "YouTube" {
		t.Errorf("video slide: media %+v", video.Media)
	}
	article := doc.Events[2]
	if len(article.Media) != 0 || len(article.Citations) != 1 || article.Citations[0].Source.URL != "https://news.example.org/2021/03/05/envoy-speaks" ||
		article.Citations[0].Source.Title != "UN envoy warns of bloodbath" {
		t.Errorf("article slide: media %+v, sources %+v", article.Media, article.Citations)
	}
	if noAlt := doc.Events[3]; len(noAlt.Media) != 1 || noAlt.Media[0].Alt != "Yangon" {
		t.Errorf("image without alt: %+v", noAlt.Media)
	}
	for _, e := range doc.Events {
		if err := e.Validate(); err != nil {
			t.Errorf("%s: %v", e.Slug, err)
		}
	}
}
