package postgres

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"annals/internal/timeline"
)

// eventCursor is a position in a timeline's order (start date, precision,
// time of day in seconds or -1 without one, id): a page of the API starts
// after it. Cursors are opaque to clients.
type eventCursor struct {
	date time.Time
	rank int
	secs int
	id   int64
}

// args sets the cursor's named arguments with prefix ("after", "before"),
// all NULL for no cursor.
func (c *eventCursor) args(a pgx.NamedArgs, prefix string) {
	a[prefix+"_date"], a[prefix+"_rank"], a[prefix+"_secs"], a[prefix+"_id"] = nil, nil, nil, nil
	if c != nil {
		a[prefix+"_date"], a[prefix+"_rank"], a[prefix+"_secs"], a[prefix+"_id"] = c.date, c.rank, c.secs, c.id
	}
}

func cursorOf(e timeline.Event) string {
	rank := map[timeline.Precision]int{timeline.PrecisionYear: 1, timeline.PrecisionMonth: 2, timeline.PrecisionDay: 3}[e.When.Start.Precision]
	secs := -1
	if t := e.When.StartTime; !t.IsZero() {
		secs = (t.Hour()*60 + t.Minute()) * 60
	}
	return cursorOfPosition(&eventCursor{date: e.When.Start.First(), rank: rank, secs: secs, id: e.ID})
}

// cursorOfPosition writes a position as the opaque cursor parseCursor reads.
func cursorOfPosition(c *eventCursor) string {
	raw := fmt.Sprintf("v2.%s.%d.%d.%d", c.date.Format(time.DateOnly), c.rank, c.secs, c.id)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func parseCursor(s string) (*eventCursor, error) {
	bad := timeline.Errorf(timeline.EINVALID, "cursor %q is not one Annals gave out; start again without it", s)
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	parts := strings.Split(string(raw), ".")
	if len(parts) != 5 || parts[0] != "v2" {
		return nil, bad
	}
	d, err1 := time.Parse(time.DateOnly, parts[1])
	rank, err2 := strconv.Atoi(parts[2])
	secs, err3 := strconv.Atoi(parts[3])
	id, err4 := strconv.ParseInt(parts[4], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || err4 != nil || secs < -1 || secs >= 24*60*60 {
		return nil, bad
	}
	return &eventCursor{date: d, rank: rank, secs: secs, id: id}, nil
}

// PublicEventPage returns up to limit published, public events of a public
// timeline that match f, oldest first, starting after cursor ("" for the
// first page). Confidential sources are blanked.
func (s *Store) PublicEventPage(ctx context.Context, slug string, f timeline.Filter, cursor string, limit int) (timeline.EventPage, error) {
	var page timeline.EventPage
	if limit <= 0 || limit > timeline.MaxPageSize {
		return page, timeline.Errorf(timeline.EINVALID, "limit must be between 1 and %d", timeline.MaxPageSize)
	}
	var after *eventCursor
	if cursor != "" {
		c, err := parseCursor(cursor)
		if err != nil {
			return page, err
		}
		after = c
	}
	t, err := s.publicTimeline(ctx, slug)
	if err != nil {
		return page, err
	}
	page.Timeline = t
	events, err := loadEvents(ctx, s.read, eventQuery{timelineID: t.ID, publicOnly: true, filter: f, after: after, limit: limit + 1})
	if err != nil {
		return page, fmt.Errorf("load events of %q: %w", slug, err)
	}
	if len(events) > limit {
		events = events[:limit]
		page.Next = cursorOf(events[limit-1])
	}
	page.Events = events
	return page, nil
}
