package timeline

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"
)

// MediaKind is what a medium of an event is.
type MediaKind string

const (
	MediaImage MediaKind = "image"
	MediaVideo MediaKind = "video"
)

// Media is an image or a video shown with an event. An image is either
// uploaded (Upload names the stored image, its largest cleaned variant)
// or linked (URL); a video is always a link to a post on a known provider
// (VideoProvider), shown as a card that loads nothing from the provider
// until the reader asks.
type Media struct {
	Kind    MediaKind
	URL     string // a linked image or the video's page; empty for an upload
	Upload  string // the stored image's name, e.g. "3f9c...e1.jpg"; empty for a link
	Caption string
	Credit  string
	Alt     string // required for images: what the image shows, for people who cannot see it
	// Sensitive images are blurred behind a notice until the reader
	// chooses to see them.
	Sensitive bool
	// Variants are the stored widths of an upload, smallest first, for
	// srcset (loaded with the event; not part of its record).
	Variants []MediaVariant `db:"-"`
}

// MediaVariant is one stored width of an uploaded image.
type MediaVariant struct {
	Name          string // content-hashed file name
	Width, Height int
}

// MediaBlob is one stored width of an uploaded image, as served.
type MediaBlob struct {
	Name        string
	ContentType string
	Bytes       []byte
}

// MaxMedia is the most media one event carries.
const MaxMedia = 20

// Provider names the video's provider ("YouTube"), or "" for an image.
func (m Media) Provider() string { return VideoProvider(m.URL) }

// Validate checks one medium; prefix names it ("media[0].").
func (m Media) Validate(p *Problems, prefix string) {
	switch m.Kind {
	case MediaImage:
		switch {
		case m.Upload != "" && m.URL != "":
			p.AddMsg(prefix+"url", "problem.media.both", "give either an uploaded image or a link, not both")
		case m.Upload != "":
			if !uploadName.MatchString(m.Upload) {
				p.AddMsg(prefix+"upload", "problem.media.upload", "%q is not the name of an uploaded image", m.Upload)
			}
		case m.URL == "":
			p.AddMsg(prefix+"url", "problem.media.none", "upload an image or give an http(s) link to one")
		default:
			p.AddErr(prefix+"url", ValidateHTTPURL(m.URL))
		}
		if strings.TrimSpace(m.Alt) == "" {
			p.AddMsg(prefix+"alt", "problem.media.alt", "is required: describe what the image shows for people who cannot see it")
		}
	case MediaVideo:
		if m.Upload != "" {
			p.AddMsg(prefix+"upload", "problem.media.videoupload", "a video is a link, not an upload")
		}
		if err := ValidateHTTPURL(m.URL); err != nil || m.URL == "" {
			p.AddMsg(prefix+"url", "problem.media.videourl", "give the http(s) link of the video")
		} else if VideoProvider(m.URL) == "" {
			p.AddMsg(prefix+"url", "problem.media.videohost", "%q is not a video on YouTube, Vimeo, Facebook, TikTok, X or Telegram", m.URL)
		}
		if m.Sensitive {
			p.AddMsg(prefix+"sensitive", "problem.media.sensitive", "only images can be marked sensitive; say so in the caption")
		}
	default:
		p.AddMsg(prefix+"kind", "problem.media.kind", "%q is not image or video", m.Kind)
	}
	p.AddErr(prefix+"caption", ValidateText(m.Caption, false, MaxNoteLength))
	p.AddErr(prefix+"credit", ValidateText(m.Credit, false, MaxNameLength))
	p.AddErr(prefix+"alt", ValidateText(m.Alt, false, MaxNoteLength))
}

// uploadName is the name of a stored image: its content hash and type.
var uploadName = regexp.MustCompile(`^[0-9a-f]{64}\.(jpg|png)$`)

// IsUploadName reports whether s can name a stored image.
func IsUploadName(s string) bool { return uploadName.MatchString(s) }

// videoHosts maps a host (without "www." and "m.") to its provider's name.
var videoHosts = map[string]string{
	"youtube.com": "YouTube", "youtu.be": "YouTube", "youtube-nocookie.com": "YouTube",
	"vimeo.com": "Vimeo", "player.vimeo.com": "Vimeo",
	"facebook.com": "Facebook", "fb.watch": "Facebook",
	"tiktok.com": "TikTok", "vm.tiktok.com": "TikTok",
	"x.com": "X", "twitter.com": "X", "mobile.twitter.com": "X",
	"t.me": "Telegram", "telegram.me": "Telegram",
}

// VideoProvider names the provider of a video link, or "" when u is not a
// post on a provider Annals shows as a video card.
func VideoProvider(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") {
		return ""
	}
	host := strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(p.Hostname()), "www."), "m.")
	name := videoHosts[host]
	if name == "" || strings.Trim(p.Path, "/") == "" {
		return ""
	}
	switch name {
	case "Facebook":
		// Only video posts: a Facebook page or article is a source.
		if host == "facebook.com" && !strings.Contains(p.Path, "/videos/") && !strings.HasPrefix(p.Path, "/watch") &&
			!strings.HasPrefix(p.Path, "/reel") {
			return ""
		}
	case "X":
		if !strings.Contains(p.Path, "/status/") {
			return ""
		}
	}
	return name
}

// imageHosts serve images under paths with no file extension.
var imageHosts = map[string]bool{
	"i.imgur.com": true, "pbs.twimg.com": true, "upload.wikimedia.org": true, "images.unsplash.com": true,
	"lh3.googleusercontent.com": true, "i.redd.it": true, "live.staticflickr.com": true,
}

var imageExtensions = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".avif": true}

// IsImageURL reports whether u is an http(s) link to an image: by its
// file extension or a host that serves only images.
func IsImageURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") {
		return false
	}
	if imageHosts[strings.ToLower(p.Hostname())] {
		return true
	}
	return imageExtensions[strings.ToLower(path.Ext(p.Path))]
}

// MediaOfURL is the medium a link is (an image or a video), and whether
// it is one at all: an article's link is a source, not a medium.
func MediaOfURL(u string) (Media, bool) {
	switch {
	case VideoProvider(u) != "":
		return Media{Kind: MediaVideo, URL: u}, true
	case IsImageURL(u):
		return Media{Kind: MediaImage, URL: u}, true
	}
	return Media{}, false
}

// MediaWords says what a medium is, for history and merge conflicts.
func MediaWords(m Media) string {
	what := "image " + m.URL
	switch {
	case m.Kind == MediaVideo:
		what = fmt.Sprintf("%s video %s", m.Provider(), m.URL)
	case m.Upload != "":
		what = "uploaded image " + m.Upload
	}
	return what
}
