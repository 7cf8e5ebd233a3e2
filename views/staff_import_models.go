package views

// View models of the staff import pages (/staff/import): the upload form,
// the preview of a dry run, and the outcome of the import.

// ImportForm holds the upload form's choices as typed, so the form comes
// back with nothing lost.
type ImportForm struct {
	Format        string // "" detects the format
	Timeline      string // slug of the timeline to import into
	Title         string // title of a new timeline
	Category      string // category of rows with no group
	NewCategories bool
	Publish       bool
}

// ImportOptions is what the options part of the form needs to show.
type ImportOptions struct {
	Form       ImportForm
	Formats    []Choice
	Timelines  []Choice // existing timelines, offered as suggestions
	Categories []Choice
	CanPublish bool // the account may publish; otherwise no "publish" box
}

// ImportFormPage is the upload form.
type ImportFormPage struct {
	Meta      StaffMeta
	Options   ImportOptions
	MaxMB     int
	Errors    []string
	Notice    string // e.g. the upload was imported already
	EventsURL string
}

// ImportTotal is one count of the preview or outcome ("3 to create").
type ImportTotal struct {
	Key   string // create, update, unchanged, rejected, skipped
	Label string
	Count int
}

// ImportProblem is one problem or warning: where (row, column) and what.
type ImportProblem struct {
	Row     int // 0: the file as a whole
	Where   string
	Column  string
	Message string
}

// ImportRow is one row of the file and what becomes of it.
type ImportRow struct {
	Row          int
	Outcome      string // create, update, unchanged, rejected, skipped, valid
	OutcomeLabel string
	Title        string
	Slug         string
	URL          string // the event in the staff editor, once it exists
	Status       string // its status after the import, on the outcome page
	Note         string
	Problems     []string
}

// ImportPreviewPage is the dry run of a staged upload.
type ImportPreviewPage struct {
	Meta     StaffMeta
	StagedID int64
	Filename string
	Size     string
	SHA256   string
	Format   string
	Timeline string // "slug" (title)
	// TimelineChanges are the changes the import makes to an existing
	// timeline, because the file or the form asked: `timeline title: "A" -> "B"`.
	TimelineChanges []string
	Totals          []ImportTotal
	Sources         string // "2 new sources, 1 changed"
	Problems        []ImportProblem
	Warnings        []ImportProblem
	Rows            []ImportRow
	MoreRows        int // rows not listed (large files)
	ToImport        int // events that will be created or updated
	CanImport       bool
	Publish         bool // the events will be published
	// PublishedUpdates counts published events the import changes: their
	// public pages change at once.
	PublishedUpdates int
	Options          ImportOptions
}

// ImportDonePage is the outcome of an import.
type ImportDonePage struct {
	Meta            StaffMeta
	Filename        string
	Timeline        string
	TimelineURL     string // the public timeline, when the import published events
	TimelineChanges []string
	Totals          []ImportTotal
	Sources         string
	Rows            []ImportRow
	MoreRows        int
	Publish         bool
	EventsURL       string // the staff list where the imported events are
}
