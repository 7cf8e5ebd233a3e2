package i18n

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// regionNamers keeps one namer of regions per language: CLDR's names,
// which cover English, Burmese and Arabic.
var regionNamers sync.Map // lang -> display.Namer

// CountryName is an ISO 3166-1 alpha-2 code's country in lang (English
// for a language CLDR lacks), or the code as written when it names no
// country. A name's other name in brackets ("Myanmar (Burma)") is left
// out: labels on a map and after a place name stay short.
func CountryName(lang, code string) string {
	if code == "" {
		return ""
	}
	r, err := language.ParseRegion(code)
	if err != nil || !r.IsCountry() {
		return code
	}
	n, ok := regionNamers.Load(lang)
	if !ok {
		tag, err := language.Parse(lang)
		if err != nil {
			tag = language.English
		}
		namer := display.Regions(tag)
		if namer == nil {
			namer = display.Regions(language.English)
		}
		n, _ = regionNamers.LoadOrStore(lang, namer)
	}
	if name := n.(display.Namer).Name(r); name != "" {
		if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
			name = name[:i]
		}
		return name
	}
	return code
}

// placeSeparators join a place's name to its country where a language
// writes its comma otherwise.
var placeSeparators = map[string]string{"my": "၊ ", "ar": "، "}

// PlaceName is a place as a reader of lang reads it: "Yangon, Myanmar",
// the country named in lang. A place named as its country, or without
// one, is its name alone.
func PlaceName(lang, name, country string) string {
	c := CountryName(lang, country)
	switch {
	case name == "":
		return c
	case c == "" || strings.EqualFold(name, c) || strings.EqualFold(name, CountryName(Default, country)):
		return name
	}
	return name + PlaceSeparator(lang) + c
}

// PlaceSeparator is what stands between a place's name and its country.
func PlaceSeparator(lang string) string {
	if s, ok := placeSeparators[lang]; ok {
		return s
	}
	return ", "
}
