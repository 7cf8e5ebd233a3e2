package web

import (
	"fmt"
	"net/url"
	"strings"

	"annals/internal/timeline"
	"annals/views"
)

// mediaPrefix is where the public reads uploaded images (media.go); staff
// previews read them under /staff/media, which also serves images no
// public event shows yet.
const (
	mediaPrefix      = "/media/"
	staffMediaPrefix = "/staff/media/"
)

// shownMedia is the one rule of which of an event's media a reader is
// shown, on pages and in the API alike: every link, and every upload that
// still has its stored widths (an upload whose blobs are gone shows
// nothing). Which events' media the public reads at all (the published
// record of a shown event, never a draft or a pending edit) is the store's
// rule: public reads load event_media of shown events only, and
// /media/{name} serves only their images (PublicMediaBlob).
func shownMedia(ms []timeline.Media) []timeline.Media {
	var out []timeline.Media
	for _, m := range ms {
		if m.Upload != "" && len(m.Variants) == 0 {
			continue
		}
		out = append(out, m)
	}
	return out
}

// mediaDefaultWidth is the width a browser without srcset loads: the
// middle one, a fair default.
func mediaDefaultWidth(vs []timeline.MediaVariant) timeline.MediaVariant {
	return vs[len(vs)/2]
}

// mediaViews prepares an event's media for its pages; idPrefix makes the
// sensitive images' toggles unique on a page.
func mediaViews(ms []timeline.Media, idPrefix, prefix string) []views.MediaView {
	var out []views.MediaView
	for i, m := range shownMedia(ms) {
		v := views.MediaView{ID: fmt.Sprintf("%s-media-%d", idPrefix, i), URL: m.URL, Provider: m.Provider(),
			Alt: m.Alt, Caption: m.Caption, Credit: m.Credit, Sensitive: m.Sensitive}
		if m.Upload != "" {
			var set []string
			for _, w := range m.Variants {
				set = append(set, fmt.Sprintf("%s%s %dw", prefix, w.Name, w.Width))
			}
			mid := mediaDefaultWidth(m.Variants)
			v.Src, v.SrcSet, v.Width, v.Height = prefix+mid.Name, strings.Join(set, ", "), mid.Width, mid.Height
		}
		if u, err := url.Parse(m.URL); err == nil {
			v.Host = strings.TrimPrefix(u.Hostname(), "www.")
		}
		out = append(out, v)
	}
	return out
}
