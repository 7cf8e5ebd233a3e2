package views

// View models of the translation pages (/staff/events/:id/translations and
// /staff/timelines/:slug/translations).

// TranslationsPage lists the translations of an event or timeline and holds
// the form of one: a new one (Lang empty) or an existing one.
type TranslationsPage struct {
	Meta         StaffMeta
	Heading      string
	BackURL      string
	BackLabel    string
	OriginalLang string // "English (en)"
	Rows         []TranslationRow
	// The form.
	Action    string // POST target
	NewURL    string // the form for a new translation
	New       bool   // a new translation: the language is chosen in the form
	Lang      string // the language of the translation being edited
	LangLabel string
	Languages []Choice // interface languages other than the original, for a new one
	OtherLang string   // the free tag typed for a new one
	Version   int
	Title     string
	Summary   string
	Reason    string
	Errors    map[string]string
	ErrorList []string
	// Published is what the public reads now, shown beside a waiting text.
	Published        bool
	PublishedTitle   string
	PublishedSummary string
	Waiting          bool // a text waits for review
	PreviewHTML      string
	Workflow         []WorkflowAction
}

// TranslationRow is one translation in the list.
type TranslationRow struct {
	Lang      string
	Label     string // "Burmese (my)"
	Status    string // "Published", "Waiting for review", "Published; a new text waits for review"
	Title     string
	URL       string
	Updated   string
	UpdatedBy string
	Current   bool
}

// TranslationSummary is the Translations section of the event editor.
type TranslationSummary struct {
	URL  string
	Rows []TranslationRow
}
