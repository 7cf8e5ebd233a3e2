package capture

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/riverqueue/river"
)

// Target is a public source the watch rechecks: its URL and the text hash
// of its last successful capture (nil when it has none).
type Target struct {
	SourceID   int64
	URL        string
	TextSHA256 []byte
}

// Check is what one recheck found.
type Check struct {
	SourceID   int64
	At         time.Time
	HTTPStatus int
	Risk       string // "", gone, changed, unreachable
	Detail     string
	TextSHA256 []byte
}

// WatchStore is what the watch reads and writes.
type WatchStore interface {
	WatchTargets(ctx context.Context) ([]Target, error)
	RecordCheck(ctx context.Context, c Check) error
	QueueCapture(ctx context.Context, sourceID, by int64, reason string) error
}

// Watcher rechecks every public source's original, politely: one request
// at a time, Pause between them, honouring Retry-After (up to MaxWait).
type Watcher struct {
	river.WorkerDefaults[RecheckArgs]
	Fetcher *Fetcher
	Store   WatchStore
	Pause   time.Duration
	MaxWait time.Duration
	Now     func() time.Time
	// Sleep waits, or returns early when ctx ends; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Timeout: a recheck of thousands of sources takes as long as it takes.
func (w *Watcher) Timeout(*river.Job[RecheckArgs]) time.Duration { return -1 }

// Work rechecks every target.
func (w *Watcher) Work(ctx context.Context, _ *river.Job[RecheckArgs]) error {
	_, err := w.Recheck(ctx)
	return err
}

// Recheck checks every target once and returns what it found.
func (w *Watcher) Recheck(ctx context.Context) ([]Check, error) {
	targets, err := w.Store.WatchTargets(ctx)
	if err != nil {
		return nil, err
	}
	sleep := w.Sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	var out []Check
	for i, t := range targets {
		if i > 0 && w.Pause > 0 {
			if err := sleep(ctx, w.Pause); err != nil {
				return out, err
			}
		}
		c := w.check(ctx, t, sleep)
		c.At = now().UTC()
		if err := w.Store.RecordCheck(ctx, c); err != nil {
			return out, err
		}
		if c.Risk == "changed" {
			if err := w.Store.QueueCapture(ctx, t.SourceID, 0, "the watch found the page changed since its last capture"); err != nil {
				return out, err
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func (w *Watcher) check(ctx context.Context, t Target, sleep func(context.Context, time.Duration) error) Check {
	c := Check{SourceID: t.SourceID}
	maxWait := w.MaxWait
	if maxWait <= 0 {
		maxWait = 5 * time.Minute
	}
	var page *Page
	var err error
	for try := 0; try < 2; try++ {
		page, err = w.Fetcher.Fetch(ctx, t.URL)
		var rs *RetryableStatus
		if errors.As(err, &rs) && rs.RetryAfter > 0 && rs.RetryAfter <= maxWait && try == 0 {
			// The site asked us to come back later: we do, once.
			if sleep(ctx, rs.RetryAfter) != nil {
				break
			}
			continue
		}
		break
	}
	if page != nil {
		c.HTTPStatus = page.Status
	}
	why, refused := IsRefusal(err)
	switch {
	case err == nil:
		sum := sha256.Sum256([]byte(Text(page.ContentType, page.Body)))
		c.TextSHA256 = sum[:]
		if t.TextSHA256 != nil && !bytes.Equal(sum[:], t.TextSHA256) {
			c.Risk, c.Detail = "changed", "the page's text differs from its last capture"
		}
	case page != nil && (page.Status == http.StatusNotFound || page.Status == http.StatusGone):
		c.Risk, c.Detail = "gone", fmt.Sprintf("the original answers %d %s", page.Status, http.StatusText(page.Status))
	case refused && strings.Contains(why, "does not exist"):
		c.Risk, c.Detail = "gone", why
	default:
		c.Risk, c.Detail = "unreachable", err.Error()
	}
	return c
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
