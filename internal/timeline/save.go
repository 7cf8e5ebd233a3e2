package timeline

// EventAction is a workflow step on an event.
type EventAction struct {
	ID      int64
	Version int    // the version the person saw
	Reason  string // why; required to send back and to retract
	// AllowSelfPublish lets the author of a change publish it (small teams).
	AllowSelfPublish bool
}

// EventSave is one save from the editor.
type EventSave struct {
	Event     Event    // ID 0 for a new event; sources with ID 0 are created in the library
	Version   int      // the version the person edited (ignored for a new event)
	Timelines []string // timelines a new event goes on
	Submit    bool     // also submit for review
	Reason    string
}
