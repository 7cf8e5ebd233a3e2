package timeline

import "strings"

// Translation is the title and summary of an event or a timeline in another
// language than the one it was written in. Staff write it; it reaches the
// public only once a reviewer publishes it.
type Translation struct {
	Lang    string // BCP 47 tag, like "my"
	Title   string
	Summary string // Markdown
}

// Validate checks the translation of a text written in original: the
// language must be a valid tag other than original, the title is required.
func (t Translation) Validate(original string) error {
	p := NewProblems("")
	if err := ValidateLanguage(t.Lang); err != nil {
		p.AddErr("lang", err)
	} else if SameLanguage(t.Lang, original) {
		p.Add("lang", "%q is the language the text was written in; choose another language to translate into", t.Lang)
	}
	p.AddErr("title", ValidateText(t.Title, true, MaxTitleLength))
	p.AddErr("summary", ValidateText(t.Summary, false, MaxSummaryLength))
	return p.Err()
}

// SameLanguage reports whether two language tags name the same language
// ("my" and "my-MM" do not: a regional variant is a translation of its own).
func SameLanguage(a, b string) bool { return strings.EqualFold(a, b) }
