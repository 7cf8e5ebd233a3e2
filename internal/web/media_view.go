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

// mediaViews prepares an event's media for its pages; idPrefix makes the
// sensitive images' toggles unique on a page.
func mediaViews(ms []timeline.Media, idPrefix, prefix string) []views.MediaView {
	var out []views.MediaView
	for i, m := range ms {
		v := views.MediaView{ID: fmt.Sprintf("%s-media-%d", idPrefix, i), URL: m.URL, Provider: m.Provider(),
			Alt: m.Alt, Caption: m.Caption, Credit: m.Credit, Sensitive: m.Sensitive}
		if m.Upload != "" && len(m.Variants) > 0 {
			var set []string
			for _, w := range m.Variants {
				set = append(set, fmt.Sprintf("%s%s %dw", prefix, w.Name, w.Width))
			}
			// The middle width is a fair default for browsers without srcset.
			mid := m.Variants[len(m.Variants)/2]
			if len(m.Variants) == 3 {
				mid = m.Variants[1]
			}
			v.Src, v.SrcSet, v.Width, v.Height = prefix+mid.Name, strings.Join(set, ", "), mid.Width, mid.Height
		} else if m.Upload != "" {
			continue // an upload whose blobs are gone: nothing to show
		}
		if u, err := url.Parse(m.URL); err == nil {
			v.Host = strings.TrimPrefix(u.Hostname(), "www.")
		}
		out = append(out, v)
	}
	return out
}
