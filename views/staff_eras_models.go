package views

// View models of a timeline's eras page (/staff/timelines/:slug/eras).

// ErasPage lists a timeline's eras and holds the form of one: a new era
// (ID 0) or the one being edited.
type ErasPage struct {
	Meta      StaffMeta
	Timeline  string // its title
	Slug      string
	Rows      []EraRow
	Form      EraForm
	Action    string // POST target of the form
	Errors    map[string]string
	ErrorList []string
}

// EraRow is one era in the list, with its edit link and delete form.
type EraRow struct {
	ID        int64
	Title     string
	Span      string // "February 2021 – March 2021"
	Summary   string
	Version   int
	EditURL   string
	DeleteURL string
}

// EraForm is the era being added or edited, as typed.
type EraForm struct {
	ID                         int64
	Version                    int
	Title, Summary, Start, End string
	Reason                     string
}
