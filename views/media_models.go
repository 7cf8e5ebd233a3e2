package views

// MediaView is one image or video of an event as pages show it.
type MediaView struct {
	ID string // unique on the page, for the sensitive image's toggle
	// An uploaded image: Src (a middle width), SrcSet (every width) and
	// its size, so the page does not jump as it loads.
	Src, SrcSet   string
	Width, Height int
	// A link, to a video or to an image on another site: shown as a card
	// that loads nothing from there until the reader follows it.
	URL      string
	Host     string // "youtube.com", for the card's notice
	Provider string // "YouTube"; empty for an image
	Alt      string
	Caption  string
	Credit   string
	// Sensitive images are blurred behind a notice until the reader
	// chooses to see them (a checkbox and label: no JavaScript needed).
	Sensitive bool
}

// Uploaded reports whether the medium is an image stored by Annals.
func (m MediaView) Uploaded() bool { return m.Src != "" }

// firstOf is the first non-empty string.
func firstOf(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// MediaUploadPage answers a staff upload.
type MediaUploadPage struct {
	Meta      StaffMeta
	Name      string // the image's name, for the editor
	Preview   string // a small width's staff URL
	Widths    []int
	WidthList string // "480, 960 and 1600 pixels"
}
