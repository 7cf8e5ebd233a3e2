package timeline

import (
	"fmt"
	"strconv"
	"strings"
)

// TimeOfDay is the local time of day an event started or ended, in hours and
// minutes, as the sources give it where the event happened. There are no time
// zones: "03:00" in Naypyitaw stays "03:00". The zero value means "no time".
type TimeOfDay struct {
	// m is minutes since midnight plus one, so that the zero value is
	// distinct from midnight.
	m int16
}

// NewTimeOfDay returns the time hour:minute, 00:00 to 23:59.
func NewTimeOfDay(hour, minute int) (TimeOfDay, error) {
	if hour < 0 || hour > 23 {
		return TimeOfDay{}, Msgf("problem.time.hour", "hour %d does not exist (%d-%d)", hour, 0, 23)
	}
	if minute < 0 || minute > 59 {
		return TimeOfDay{}, Msgf("problem.time.minute", "minute %d does not exist (%d-%d)", minute, 0, 59)
	}
	return TimeOfDay{m: int16(hour*60 + minute + 1)}, nil
}

// ParseTimeOfDay reads "14:30", "14:30:00", "2:30 PM" or "2:30pm". Seconds,
// when written, must be zero: Annals keeps hours and minutes only.
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	orig := s
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return TimeOfDay{}, Msgf("problem.time.empty", "time is empty")
	}
	bad := func() (TimeOfDay, error) {
		return TimeOfDay{}, Msgf("problem.time.format", "time %q: write HH:MM (24-hour) or H:MM AM/PM", strings.TrimSpace(orig))
	}
	ampm := ""
	for _, suffix := range []string{"am", "pm", "a.m.", "p.m."} {
		if strings.HasSuffix(s, suffix) {
			ampm = suffix[:1]
			s = strings.TrimSpace(strings.TrimSuffix(s, suffix))
			break
		}
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return bad()
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if len(p) < 1 || len(p) > 2 || (i > 0 && len(p) != 2) {
			return bad()
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strings.ContainsAny(p, "+-") {
			return bad()
		}
		nums[i] = n
	}
	if len(nums) == 3 && nums[2] != 0 {
		return TimeOfDay{}, Msgf("problem.time.seconds", "time %q: seconds are not kept; write HH:MM", strings.TrimSpace(orig))
	}
	h := nums[0]
	if ampm != "" {
		if h < 1 || h > 12 {
			return TimeOfDay{}, Msgf("problem.time.ampm", "time %q: with AM/PM the hour is %d-%d", strings.TrimSpace(orig), 1, 12)
		}
		h %= 12
		if ampm == "p" {
			h += 12
		}
	}
	t, err := NewTimeOfDay(h, nums[1])
	if err != nil {
		return TimeOfDay{}, Msgf("problem.time.in", "time %q: %s", strings.TrimSpace(orig), err)
	}
	return t, nil
}

// IsZero reports whether t is "no time".
func (t TimeOfDay) IsZero() bool { return t.m == 0 }

// Hour is 0-23 (0 for no time).
func (t TimeOfDay) Hour() int {
	if t.m == 0 {
		return 0
	}
	return int(t.m-1) / 60
}

// Minute is 0-59 (0 for no time).
func (t TimeOfDay) Minute() int {
	if t.m == 0 {
		return 0
	}
	return int(t.m-1) % 60
}

// String is "14:30", or "" for no time. It is what files and forms carry.
func (t TimeOfDay) String() string {
	if t.m == 0 {
		return ""
	}
	return fmt.Sprintf("%02d:%02d", t.Hour(), t.Minute())
}

// Compare orders times; no time sorts first.
func (t TimeOfDay) Compare(o TimeOfDay) int { return int(t.m) - int(o.m) }
