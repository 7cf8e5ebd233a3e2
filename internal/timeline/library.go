package timeline

// SourcePage is one page of the source library and the cursor of the next
// ("" on the last page).
type SourcePage struct {
	Sources []LibrarySource
	Next    string
}

// LibrarySource is a source in the staff library with how often it is used.
type LibrarySource struct {
	Source   Source
	Version  int
	Uses     int    // citations and figures that rely on it
	NormURL  string // the URL with its incidental parts removed, for finding duplicates
	Reviewed bool
}

// SourceQuery narrows and orders the source library. The zero value lists
// it all in title order.
type SourceQuery struct {
	Text         string // part of the title, publisher or web address
	Kind         string // one of SourceKinds
	Confidential string // "yes", "no" or "" for both
	Unused       bool   // cited by no event or figure
	Sort         string // "title" (""), "newest" or "date"
	After        string // a page's Next
	Limit        int
}
