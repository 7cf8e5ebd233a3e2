package web

import (
	"context"
	"errors"
	"runtime"
	"time"

	"github.com/labstack/echo/v4"
)

// Answers that hold every event of a timeline (the printout, the JSON and
// CSV exports) cost seconds of CPU at 100,000 events. A report that goes
// viral with a "print" or "download the data" link must not take the whole
// site down with it: at most a few are made at once (stream slots), and the
// rest wait a little, then get a 503 with Retry-After. Pages, embeds and
// kept copies never wait for a slot.

// streamSlotWait is how long a streamed answer waits for a slot.
const streamSlotWait = 10 * time.Second

// errStreamsBusy is the answer when every slot stayed taken.
var errStreamsBusy = errors.New("every stream slot is taken: too many printouts and exports at once")

// newStreamSlots makes the slots: Config.StreamSlots, or as many as the
// machine has cores (at least two).
func newStreamSlots(n int) chan struct{} {
	if n <= 0 {
		n = max(2, runtime.GOMAXPROCS(0))
	}
	return make(chan struct{}, n)
}

// streamSlot takes a slot for a streamed answer, waiting at most
// streamSlotWait; release gives it back.
func (s *Server) streamSlot(c echo.Context) (release func(), err error) {
	ctx, cancel := context.WithTimeout(c.Request().Context(), streamSlotWait)
	defer cancel()
	select {
	case s.streams <- struct{}{}:
		return func() { <-s.streams }, nil
	case <-ctx.Done():
		if c.Request().Context().Err() != nil {
			return nil, c.Request().Context().Err()
		}
		c.Response().Header().Set("Retry-After", "30")
		return nil, errStreamsBusy
	}
}
