package capture

import "time"

// Summary is a stored capture as pages show it.
type Summary struct {
	ID           int64
	SourceID     int64
	RequestedURL string
	FinalURL     string
	HTTPStatus   int
	Failure      string
	CapturedAt   time.Time
	Seconds      float64
	RequestedBy  string // the account's name, or "command line" / "the watch"
	Reason       string
	Software     string
	Artefacts    []ArtefactInfo
}

// OK reports whether the page was captured.
func (s Summary) OK() bool { return s.Failure == "" }

// Artefact returns the artefact of kind, if the capture has one.
func (s Summary) Artefact(kind string) (ArtefactInfo, bool) {
	for _, a := range s.Artefacts {
		if a.Kind == kind {
			return a, true
		}
	}
	return ArtefactInfo{}, false
}

// ArtefactInfo describes an artefact without its bytes.
type ArtefactInfo struct {
	Kind      string
	MediaType string
	SHA256    string // hex
	Size      int64
}

// Job is a capture job as River holds it, for the staff queue page.
type Job struct {
	ID          int64
	State       string // one of JobStates: River's state, "failed" for a completed job whose capture failed
	Attempt     int
	MaxAttempts int
	SourceID    int64
	URL         string
	CreatedAt   time.Time
	LastError   string
	Failure     string // the stored capture's failure, for a finished job
	Title       string // the source's title, "" when it is gone
}

// JobStates are the states of a capture job as the queue shows them:
// River's, with "completed" split into done and "failed" (a capture that
// was stored with its reason of failure).
var JobStates = []string{"available", "pending", "scheduled", "running", "retryable", "completed", "failed", "discarded", "cancelled"}

// JobQuery is a page of the capture queue as staff ask for it.
type JobQuery struct {
	Text     string // part of the source's title, the URL or the reason of failure
	State    string // one of JobStates
	From, To string // ISO dates (year, month or day): queued on [From, To], UTC
	Sort     string // one of ListSorts ("" is "newest")
	After    string // a page's Next
	Limit    int
}

// JobPage is a page of the capture queue; Next is "" on the last.
type JobPage struct {
	Jobs []Job
	Next string
}

// Risks are the findings of the watch, worst first.
var Risks = []string{"gone", "changed", "unreachable"}

// ListSorts are the orders of the capture queue and of the sources at
// risk: by when the job was queued or the source checked.
var ListSorts = []string{"newest", "oldest"}

// RiskQuery is a page of the sources at risk as staff ask for it.
type RiskQuery struct {
	Text     string // part of the source's title or URL
	Risk     string // one of Risks
	From, To string // ISO dates (year, month or day): checked on [From, To], UTC
	Sort     string // one of ListSorts ("" is "newest")
	After    string // a page's Next
	Limit    int
}

// RiskPage is a page of the sources at risk; Next is "" on the last.
type RiskPage struct {
	Risks []Risk
	Next  string
}

// Risk is a source whose original is gone or changed since its capture.
type Risk struct {
	SourceID   int64
	Title      string
	URL        string
	Risk       string // gone, changed, unreachable
	Detail     string
	CheckedAt  time.Time
	HTTPStatus int
}

// RecheckArgs is the periodic job that rechecks every public source.
type RecheckArgs struct{}

// Kind names the job in River's table.
func (RecheckArgs) Kind() string { return "recheck_sources" }
