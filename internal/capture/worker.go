package capture

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Args is a capture job: source SourceID's page at URL, asked for by
// account By (0: the command line or the watch) for Reason.
type Args struct {
	SourceID int64  `json:"source_id"`
	URL      string `json:"url"`
	By       int64  `json:"by,omitempty"`
	Reason   string `json:"reason"`
}

// Kind names the job in River's table.
func (Args) Kind() string { return "capture" }

// InsertOpts: one waiting job per source and URL; a capture that fails
// for a passing reason is tried again with River's backoff, up to 5 times.
func (Args) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: Queue, MaxAttempts: 5, UniqueOpts: river.UniqueOpts{
		ByArgs:  true,
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRunning, rivertype.JobStateRetryable, rivertype.JobStateScheduled},
	}}
}

// Queue is the River queue of captures; its MaxWorkers is the limit of
// concurrent captures.
const Queue = "capture"

// Artefact is one kept file of a capture.
type Artefact struct {
	Kind      string // warc, text, screenshot, pdf
	MediaType string
	SHA256    [32]byte
	Content   []byte
}

// NewArtefact hashes content.
func NewArtefact(kind, mediaType string, content []byte) Artefact {
	return Artefact{Kind: kind, MediaType: mediaType, SHA256: sha256.Sum256(content), Content: content}
}

// Capture is one capture as it is stored: made once, never changed.
type Capture struct {
	SourceID     int64
	RequestedURL string
	FinalURL     string
	HTTPStatus   int
	Failure      string // empty when the capture succeeded
	CapturedAt   time.Time
	Seconds      float64
	By           int64
	Reason       string
	Software     string
	Artefacts    []Artefact
}

// Store keeps captures.
type Store interface {
	// SaveCapture stores c with its revision in the record's chain.
	SaveCapture(ctx context.Context, c Capture) (int64, error)
}

// Worker runs capture jobs.
type Worker struct {
	river.WorkerDefaults[Args]
	Fetcher  *Fetcher
	Renderer *Renderer // nil: no screenshot or PDF
	Store    Store
	Log      *slog.Logger
	Now      func() time.Time
}

// Timeout leaves room for the fetch and the rendering.
func (w *Worker) Timeout(*river.Job[Args]) time.Duration {
	return w.Fetcher.Limits.withDefaults().Timeout*2 + time.Minute
}

// Work captures the page. A refusal is stored as a failed capture and not
// tried again; any other failure returns its error for River to retry,
// and is stored as a failed capture on the last attempt.
func (w *Worker) Work(ctx context.Context, job *river.Job[Args]) error {
	c, err := w.Capture(ctx, job.Args)
	last := job.Attempt >= job.MaxAttempts
	if err != nil {
		var rs *RetryableStatus
		if errors.As(err, &rs) && rs.RetryAfter > 0 && !last {
			return river.JobSnooze(rs.RetryAfter)
		}
		if _, refused := IsRefusal(err); !refused && !last {
			return err
		}
		c.Failure = err.Error()
	}
	if _, serr := w.Store.SaveCapture(ctx, c); serr != nil {
		return serr
	}
	return nil
}

// Capture fetches and keeps a page. On error the Capture still says what
// was asked and what came back.
func (w *Worker) Capture(ctx context.Context, a Args) (Capture, error) {
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	start := time.Now()
	c := Capture{SourceID: a.SourceID, RequestedURL: a.URL, CapturedAt: now().UTC(), By: a.By, Reason: a.Reason, Software: Software()}
	page, err := w.Fetcher.Fetch(ctx, a.URL)
	if page != nil {
		c.FinalURL, c.HTTPStatus = page.FinalURL, page.Status
	}
	if err != nil {
		c.Seconds = time.Since(start).Seconds()
		return c, err
	}
	c.Artefacts = append(c.Artefacts,
		NewArtefact("warc", "application/warc", page.WARC),
		NewArtefact("text", "text/plain; charset=utf-8", []byte(Text(page.ContentType, page.Body))))
	if w.Renderer != nil {
		shot, pdf, rerr := w.Renderer.Render(ctx, page)
		if rerr != nil && w.Log != nil {
			// The WARC and the text are the evidence; a page Chromium
			// cannot draw is still captured.
			w.Log.Warn("capture: no screenshot", "url", a.URL, "err", rerr)
		}
		if len(shot) > 0 {
			c.Artefacts = append(c.Artefacts, NewArtefact("screenshot", "image/png", shot))
		}
		if len(pdf) > 0 {
			c.Artefacts = append(c.Artefacts, NewArtefact("pdf", "application/pdf", pdf))
		}
	}
	c.Seconds = time.Since(start).Seconds()
	return c, nil
}

// Software names this program and its version, for the capture's record.
func Software() string {
	v := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += "+" + s.Value[:12]
			}
		}
	}
	return fmt.Sprintf("annals %s", v)
}
