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
	State       string // available, scheduled, running, retryable, completed, discarded, cancelled
	Attempt     int
	MaxAttempts int
	SourceID    int64
	URL         string
	CreatedAt   time.Time
	LastError   string
	Failure     string // the stored capture's failure, for a finished job
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
