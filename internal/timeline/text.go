package timeline

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// MaxSlugLength keeps permalinks short enough to cite.
const MaxSlugLength = 100

// ValidateSlug checks a slug: lower-case letters, digits and single hyphens.
func ValidateSlug(s string) error {
	switch {
	case s == "":
		return Msgf("problem.required", "is required")
	case len(s) > MaxSlugLength:
		return Msgf("problem.longer", "is longer than %d characters", MaxSlugLength)
	case !slugPattern.MatchString(s):
		return Msgf("problem.slug", "%q must be lower-case letters, digits and single hyphens (like \"armed-forces-day\")", s)
	}
	return nil
}

// ValidateText checks a free-text field: valid UTF-8, no control characters
// other than newlines and tabs, at most max characters; required fields must
// not be blank.
func ValidateText(s string, required bool, max int) error {
	if !utf8.ValidString(s) {
		return Msgf("problem.utf8", "is not valid UTF-8 text")
	}
	if required && strings.TrimSpace(s) == "" {
		return Msgf("problem.required", "is required")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Msgf("problem.toolong", "is %d characters long; the limit is %d", n, max)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' && r != '\r' || r == 0x7f {
			return Msgf("problem.control", "contains a control character (%s)", fmt.Sprintf("U+%04X", r))
		}
	}
	return nil
}

// ValidateHTTPURL accepts only absolute http and https URLs with a host, so a
// "javascript:" or "data:" URL can never reach a link.
func ValidateHTTPURL(s string) error {
	if len(s) > 2048 {
		return Msgf("problem.longer", "is longer than %d characters", 2048)
	}
	u, err := url.Parse(s)
	if err != nil {
		return Msgf("problem.url.invalid", "%q is not a valid URL", s)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return Msgf("problem.url.scheme", "%q must start with http:// or https://", s)
	}
	if u.Host == "" {
		return Msgf("problem.url.host", "%q has no host", s)
	}
	if strings.ContainsAny(s, " \t\n\r") {
		return Msgf("problem.url.spaces", "%q contains spaces", s)
	}
	return nil
}

var langPattern = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// ValidateLanguage checks a BCP 47 language tag such as "en", "my" or "pt-BR".
func ValidateLanguage(s string) error {
	if !langPattern.MatchString(s) {
		return Msgf("problem.language", "%q is not a language code (like \"en\" or \"my\")", s)
	}
	return nil
}

var countryPattern = regexp.MustCompile(`^[A-Z]{2}$`)

// withdrawnCountries are former ISO 3166-1 codes (now in ISO 3166-3) that
// CLDR, and so x/text, still knows as regions of their own: Netherlands
// Antilles, Serbia and Montenegro, the Neutral Zone, the USSR, Yugoslavia.
var withdrawnCountries = map[string]bool{"AN": true, "CS": true, "NT": true, "SU": true, "YU": true}

// ValidateCountry checks an officially assigned ISO 3166-1 alpha-2 code
// such as "MM". The region data of golang.org/x/text also knows codes that
// ISO 3166-1 does not assign, and those are refused: private-use and
// user-assigned codes (XX, ZZ, QO, XK), groupings (EU, UN), exceptionally
// reserved codes without a number of their own (UK, AC, EA, IC, TA), old
// codes it replaces (BU is MM) and withdrawn ones.
func ValidateCountry(s string) error {
	if !countryPattern.MatchString(s) {
		return Msgf("problem.country", "%q is not a two-letter country code (like \"MM\")", s)
	}
	r, err := language.ParseRegion(s)
	if err != nil || r.String() != s || !r.IsCountry() || r.IsPrivateUse() || r.Canonicalize() != r ||
		r.M49() == 0 || r.ISO3() == "ZZZ" || withdrawnCountries[s] {
		return Msgf("problem.country.unassigned", "%q is not an assigned ISO 3166-1 country code (like \"MM\")", s)
	}
	return nil
}

// Length limits for text fields. A summary is long-form Markdown; a megabyte
// of it is an accident or an attack, not an event description.
const (
	MaxTitleLength   = 300
	MaxSummaryLength = 20000
	MaxNameLength    = 200
	MaxNoteLength    = 2000
)
