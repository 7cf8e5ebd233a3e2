package timeline

// Renamed is an event of an imported file given another slug: its own
// belongs to an event on another timeline, which an import never changes.
type Renamed struct {
	From, To string
	Note     string // says why, for the import report
}
