package timeline

import (
	"errors"
	"strings"
	"testing"
)

func TestParseTimeOfDay(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in         string
		want       string
		hour, mins int
	}{
		{"14:30", "14:30", 14, 30},
		{"14:30:00", "14:30", 14, 30},
		{"2:30 PM", "14:30", 14, 30},
		{"2:30pm", "14:30", 14, 30},
		{"2:30 am", "02:30", 2, 30},
		{"12:00 AM", "00:00", 0, 0},
		{"12:05 PM", "12:05", 12, 5},
		{"00:00", "00:00", 0, 0},
		{"23:59", "23:59", 23, 59},
		{" 3:00 ", "03:00", 3, 0},
		{"03:00", "03:00", 3, 0},
	} {
		got, err := ParseTimeOfDay(c.in)
		if err != nil {
			t.Errorf("ParseTimeOfDay(%q): %v", c.in, err)
			continue
		}
		if got.String() != c.want || got.Hour() != c.hour || got.Minute() != c.mins || got.IsZero() {
			t.Errorf("ParseTimeOfDay(%q) = %q (%d:%d), want %q", c.in, got, got.Hour(), got.Minute(), c.want)
		}
	}
}

func TestParseTimeOfDayRejects(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"", "24:00", "12:60", "14", "14:3", "1430", "13:00 PM", "0:30 AM", "14:30:15",
		"-1:00", "+1:00", "ab:cd", "14:30:00:00", "noon", ":30"} {
		if got, err := ParseTimeOfDay(in); err == nil {
			t.Errorf("ParseTimeOfDay(%q) = %q, want an error", in, got)
		}
	}
}

func TestTimeOfDayZeroIsNoTime(t *testing.T) {
	t.Parallel()
	var none TimeOfDay
	midnight, err := NewTimeOfDay(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !none.IsZero() || none.String() != "" {
		t.Errorf("zero TimeOfDay = %q, IsZero %v; want no time", none, none.IsZero())
	}
	if midnight.IsZero() || midnight == none || midnight.String() != "00:00" {
		t.Errorf("midnight = %q, must differ from no time", midnight)
	}
}

func TestEventTimeValidation(t *testing.T) {
	t.Parallel()
	tm := func(s string) TimeOfDay {
		v, err := ParseTimeOfDay(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct {
		name    string
		when    DateRange
		problem string // "field: message part", "" for valid
	}{
		{"time with a day", DateRange{Start: mustDate(t, "2021-02-01"), StartTime: tm("03:00")}, ""},
		{"end time with end day", DateRange{Start: mustDate(t, "2021-02-01"), End: mustDate(t, "2021-02-02"),
			StartTime: tm("22:00"), EndTime: tm("03:00")}, ""},
		{"same day, end after start", DateRange{Start: mustDate(t, "2021-02-01"), End: mustDate(t, "2021-02-01"),
			StartTime: tm("03:00"), EndTime: tm("05:00")}, ""},
		{"time on a month", DateRange{Start: mustDate(t, "2021-02"), StartTime: tm("03:00")},
			"start_time: a time needs a date with its day"},
		{"time on a year", DateRange{Start: mustDate(t, "2021"), StartTime: tm("03:00")},
			"start_time: a time needs a date with its day"},
		{"end time without end", DateRange{Start: mustDate(t, "2021-02-01"), EndTime: tm("03:00")},
			"end_time: a time needs an end date with its day"},
		{"end time on an end month", DateRange{Start: mustDate(t, "2021-02-01"), End: mustDate(t, "2021-03"), EndTime: tm("03:00")},
			"end_time: a time needs an end date with its day"},
		{"same day, end before start", DateRange{Start: mustDate(t, "2021-02-01"), End: mustDate(t, "2021-02-01"),
			StartTime: tm("05:00"), EndTime: tm("03:00")}, "end_time: the end (03:00) is before the start (05:00)"},
	} {
		e := validEvent(t)
		e.When = c.when
		err := e.Validate()
		if c.problem == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: err = %v, want a *ValidationError", c.name, err)
			continue
		}
		found := false
		for _, p := range ve.Problems {
			if strings.HasPrefix(p.Field+": "+p.Message, c.problem) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: problems %+v lack %q", c.name, ve.Problems, c.problem)
		}
	}
}

func TestDateRangeFormatWithTimes(t *testing.T) {
	t.Parallel()
	three, _ := NewTimeOfDay(3, 0)
	five, _ := NewTimeOfDay(5, 30)
	day := mustDate(t, "2021-02-01")
	for _, c := range []struct {
		r        DateRange
		text, dt string
	}{
		{DateRange{Start: day, StartTime: three}, "1 February 2021, 03:00", "2021-02-01T03:00"},
		{DateRange{Start: day}, "1 February 2021", "2021-02-01"},
		{DateRange{Start: day, End: day, StartTime: three, EndTime: five}, "1 February 2021, 03:00 – 05:30", "2021-02-01T03:00"},
		{DateRange{Start: day, End: mustDate(t, "2021-02-02"), StartTime: three, EndTime: five},
			"1 February 2021, 03:00 – 2 February 2021, 05:30", "2021-02-01T03:00"},
	} {
		if got := c.r.Format(); got != c.text {
			t.Errorf("Format = %q, want %q", got, c.text)
		}
		if got := c.r.StartDateTime(); got != c.dt {
			t.Errorf("StartDateTime = %q, want %q", got, c.dt)
		}
	}
}
