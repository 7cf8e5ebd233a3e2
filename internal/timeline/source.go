package timeline

import "time"

// SourceKinds lists the kinds of source Annals records.
var SourceKinds = []string{
	"news", "ngo_report", "un_document", "official_statement", "court_record", "social_media", "testimony", "other",
}

// Source is a document, article, statement or testimony that supports events.
// URL may be empty (an interview, a printed report). A confidential source is
// never shown to the public: public pages say "confidential source on file".
type Source struct {
	ID           int64
	URL          string
	Title        string
	Publisher    string
	Published    FuzzyDate // may be zero
	AccessedAt   *time.Time
	ArchiveURL   string
	SHA256       string // hex SHA-256 of a captured copy, when there is one
	Kind         string
	Language     string // may be empty
	Confidential bool
}

// Validate checks the source; field names are prefixed with prefix (for
// example "sources[2]") so a problem points at the right place.
func (s Source) Validate(p *Problems, prefix string) {
	if s.URL != "" {
		p.AddErr(prefix+"url", ValidateHTTPURL(s.URL))
	}
	if s.ArchiveURL != "" {
		p.AddErr(prefix+"archive_url", ValidateHTTPURL(s.ArchiveURL))
	}
	p.AddErr(prefix+"title", ValidateText(s.Title, true, MaxTitleLength))
	p.AddErr(prefix+"publisher", ValidateText(s.Publisher, false, MaxNameLength))
	if !contains(SourceKinds, s.Kind) {
		p.AddMsg(prefix+"kind", "problem.oneof", "%q is not one of %s", s.Kind, oneOf(SourceKinds))
	}
	if s.Language != "" {
		p.AddErr(prefix+"language", ValidateLanguage(s.Language))
	}
	if s.SHA256 != "" && !isHex(s.SHA256, 64) {
		p.AddMsg(prefix+"sha256", "problem.sha256", "must be %d hexadecimal characters", 64)
	}
}

// Citation ties a source to an event: where in the source (Locator: page,
// paragraph, timestamp) and what it supports (Note).
type Citation struct {
	Source  Source
	Locator string
	Note    string
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}
