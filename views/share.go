package views

// DefaultCard is the share card of pages with no image of their own
// (static/img/card.png, drawn by scripts/cardimage).
const (
	DefaultCard       = "img/card.png"
	DefaultCardWidth  = 1200
	DefaultCardHeight = 630
)

// OGLocale is og:locale for an interface language: language_TERRITORY.
func OGLocale(lang string) string {
	switch lang {
	case "my":
		return "my_MM"
	case "ar":
		return "ar_AR"
	}
	return "en_US"
}
