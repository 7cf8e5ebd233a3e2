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

// CaptureQueuePage lists capture jobs, a page at a time.
type CaptureQueuePage struct {
	Meta      StaffMeta
	Action    string // the list's own path, for the filter form
	Query     CaptureListQuery
	Jobs      []CaptureJobView
	ErrorList []string
	// The filter form's choices.
	States, Sorts []Choice
	NextURL       string
	FirstURL      string // the first page, when this is a later one
}

// CaptureListQuery is the GET parameters of the capture queue or of the
// sources at risk as asked: Filter is the queue's state or the finding.
type CaptureListQuery struct {
	Q, Filter, From, To, Sort string
	FilterName                string // "state" or "risk"
}

// Params are the query's parameters by name.
func (q CaptureListQuery) Params() map[string]string {
	return map[string]string{"q": q.Q, q.FilterName: q.Filter, "from": q.From, "to": q.To, "sort": q.Sort}
}

// Filtered says a filter or order other than the search is set, so the
// form shows them open.
func (q CaptureListQuery) Filtered() bool {
	return q.Filter != "" || q.From != "" || q.To != "" || q.Sort != ""
}

// CaptureJobView is one job of the queue.
type CaptureJobView struct {
	ID        string
	State     string
	Attempts  string
	Title     string // the source's title
	URL       string
	SourceURL string
	Created   string
	Reason    string // last error or stored failure
}

// SourcesAtRiskPage lists the sources whose original is gone or changed.
type SourcesAtRiskPage struct {
	Meta      StaffMeta
	Action    string // the list's own path, for the filter form
	Query     CaptureListQuery
	Risks     []RiskView
	ErrorList []string
	// The filter form's choices.
	Findings, Sorts []Choice
	NextURL         string
	FirstURL        string // the first page, when this is a later one
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
