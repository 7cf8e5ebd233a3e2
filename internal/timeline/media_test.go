package timeline

import "testing"

// Media merge element by element: a caption changed on one side and a
// video added on the other both apply; the same image changed differently
// on both sides is one conflict.
func TestMergeMedia(t *testing.T) {
	img := Media{Kind: MediaImage, URL: "https://example.org/a.jpg", Alt: "A house", Caption: "Before"}
	base := Event{Title: "E", Media: []Media{img}}
	theirs := base
	theirs.Media = []Media{img}
	theirs.Media[0].Caption = "After the fire"
	mine := base
	mine.Media = []Media{img, {Kind: MediaVideo, URL: "https://vimeo.com/1"}}
	merged, conflicts := MergeEvents(&base, theirs, mine)
	if len(conflicts) != 0 || len(merged.Media) != 2 || merged.Media[0].Caption != "After the fire" {
		t.Fatalf("merged %+v, conflicts %+v", merged.Media, conflicts)
	}
	mine.Media[0].Caption = "Mine"
	_, conflicts = MergeEvents(&base, theirs, mine)
	if len(conflicts) != 1 || conflicts[0].Field != "media:image|https://example.org/a.jpg|" {
		t.Fatalf("conflicts %+v", conflicts)
	}
	kept := KeepTheirs(mine, theirs, conflicts[0].Field)
	if kept.Media[0].Caption != "After the fire" || len(kept.Media) != 2 {
		t.Errorf("keep theirs: %+v", kept.Media)
	}
}

func TestMediaOfURL(t *testing.T) {
	for u, want := range map[string]MediaKind{
		"https://www.youtube.com/watch?v=x": MediaVideo, "https://youtu.be/x": MediaVideo, "https://vimeo.com/1": MediaVideo,
		"https://www.facebook.com/page/videos/123": MediaVideo, "https://www.tiktok.com/@a/video/1": MediaVideo,
		"https://x.com/a/status/1": MediaVideo, "https://t.me/chan/12": MediaVideo,
		"https://example.org/a.JPEG": MediaImage, "https://pbs.twimg.com/media/abc?format=jpg": MediaImage,
		"https://www.facebook.com/somepage/posts/1": "", "https://x.com/someone": "", "https://example.org/report": "",
		"javascript:alert(1)//.jpg": "",
	} {
		m, ok := MediaOfURL(u)
		if ok != (want != "") || m.Kind != want {
			t.Errorf("MediaOfURL(%q) = %q, %v; want %q", u, m.Kind, ok, want)
		}
	}
}
