package i18n

import "testing"

func TestCountryName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ lang, code, want string }{
		{"en", "MM", "Myanmar"},
		{"en", "TH", "Thailand"},
		{"my", "MM", "မြန်မာ"},
		{"my", "TH", "ထိုင်း"},
		{"ar", "MM", "ميانمار"},
		{"ar", "RU", "روسيا"},
		{"xx", "BE", "Belgium"}, // an unknown language falls back to English
		{"en", "", ""},
		{"en", "QQ", "QQ"}, // not a country: the code as written
		{"my", "zz", "zz"},
	} {
		if got := CountryName(tt.lang, tt.code); got != tt.want {
			t.Errorf("CountryName(%q, %q) = %q, want %q", tt.lang, tt.code, got, tt.want)
		}
	}
}

func TestPlaceName(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ lang, name, code, want string }{
		{"en", "Yangon", "MM", "Yangon, Myanmar"},
		{"my", "Yangon", "MM", "Yangon၊ မြန်မာ"},
		{"ar", "Yangon", "MM", "Yangon، ميانمار"},
		{"my", "Myanmar", "MM", "Myanmar"},
		{"en", "Global", "", "Global"},
		{"en", "", "TH", "Thailand"},
	} {
		if got := PlaceName(tt.lang, tt.name, tt.code); got != tt.want {
			t.Errorf("PlaceName(%q, %q, %q) = %q, want %q", tt.lang, tt.name, tt.code, got, tt.want)
		}
	}
}
