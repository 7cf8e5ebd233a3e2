package views

// View models of the capture pages: a source's captures and their
// comparison, the capture queue and the sources at risk.

// CaptureView is one capture as staff see it.
type CaptureView struct {
	ID          string
	At          string
	URL         string // final URL after redirects
	Requested   string
	Status      string
	Failure     string
	By          string
	Reason      string
	Software    string
	Seconds     string
	Artefacts   []ArtefactView
	Screenshot  string // URL of the PNG, "" when none
	Text        string // the page's text, "" when none
	WARCURL     string
	CompareWith string // URL of the comparison with the capture before, "" for the first
}

// ArtefactView is a kept file with its hash.
type ArtefactView struct {
	Kind   string
	SHA256 string
	Size   string
	URL    string
}

// SourceCapturesPage lists a source's captures.
type SourceCapturesPage struct {
	Meta      StaffMeta
	ID        int64
	Title     string
	URL       string
	SourceURL string // the source's staff page
	CanQueue  bool
	Captures  []CaptureView
}

// CaptureComparePage compares two captures' text.
type CaptureComparePage struct {
	Meta    StaffMeta
	Title   string
	Back    string
	Older   CaptureView
	Newer   CaptureView
	Changed bool
	Lines   []DiffLineView
}

// DiffLineView is a run of lines that are the same, gone or new.
type DiffLineView struct {
	Op   string // "=", "-", "+"
	Text string
}

// CaptureQueuePage lists capture jobs.
type CaptureQueuePage struct {
	Meta StaffMeta
	Jobs []CaptureJobView
}

// CaptureJobView is one job of the queue.
type CaptureJobView struct {
	ID        string
	State     string
	Attempts  string
	URL       string
	SourceURL string
	Created   string
	Reason    string // last error or stored failure
}

// SourcesAtRiskPage lists the sources whose original is gone or changed.
type SourcesAtRiskPage struct {
	Meta  StaffMeta
	Risks []RiskView
}

// RiskView is one source at risk.
type RiskView struct {
	Title       string
	URL         string
	SourceURL   string
	CapturesURL string
	Risk        string
	Detail      string
	CheckedAt   string
}
