package timeline

import (
	"strings"
	"testing"
	"time"
)

func TestParseDateAndFormat(t *testing.T) {
	tests := []struct {
		in        string
		precision Precision
		iso       string
		format    string
	}{
		{"2021", PrecisionYear, "2021", "2021"},
		{"2021-05", PrecisionMonth, "2021-05", "May 2021"},
		{"2021-02-01", PrecisionDay, "2021-02-01", "1 February 2021"},
		{" 2021-12-20 ", PrecisionDay, "2021-12-20", "20 December 2021"},
		{"2020-02-29", PrecisionDay, "2020-02-29", "29 February 2020"},
		{"1948-01", PrecisionMonth, "1948-01", "January 1948"},
		{"0602", PrecisionYear, "0602", "602"},
		{"-0500", PrecisionYear, "-0500", "500 BCE"},
		{"-0044-03-15", PrecisionDay, "-0044-03-15", "15 March 44 BCE"},
		{"-4713", PrecisionYear, "-4713", "4713 BCE"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q): %v", tt.in, err)
			}
			if d.Precision != tt.precision {
				t.Errorf("precision = %s, want %s", d.Precision, tt.precision)
			}
			if got := d.String(); got != tt.iso {
				t.Errorf("String() = %q, want %q", got, tt.iso)
			}
			if got := d.Format(); got != tt.format {
				t.Errorf("Format() = %q, want %q", got, tt.format)
			}
		})
	}
}

func TestParseDateRejects(t *testing.T) {
	tests := []struct{ in, wantErr string }{
		{"", "empty"},
		{"2021-13", "month 13 does not exist"},
		{"2021-00", "month 0 does not exist"},
		{"2021-02-31", "31 February 2021 does not exist"},
		{"2021-02-29", "29 February 2021 does not exist"},
		{"2021-04-31", "31 April 2021 does not exist"},
		{"21", "write YYYY"},
		{"2021-5", "write YYYY"},
		{"2021/05/01", "write YYYY"},
		{"May 2021", "write YYYY"},
		{"abcd", "not a number"},
		{"-4714", "year 4714 BCE is out of range (4713 BCE to 9999)"},
		{"0000", "there is no year 0"},
		{"2021-05-01-02", "write YYYY"},
		{"2021-05-01T10:00", "write YYYY"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseDate(tt.in)
			if err == nil {
				t.Fatalf("ParseDate(%q) succeeded, want an error", tt.in)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseDate(%q) error = %q, want it to mention %q", tt.in, err, tt.wantErr)
			}
		})
	}
}

func TestParseDateWithPrecision(t *testing.T) {
	if _, err := ParseDateWithPrecision("2021-05-17", PrecisionMonth); err == nil {
		t.Error("a day written for a month-precision date was accepted")
	}
	if _, err := ParseDateWithPrecision("2021-05", PrecisionDay); err == nil {
		t.Error("a month written for a day-precision date was accepted")
	}
	if _, err := ParseDateWithPrecision("2021", "decade"); err == nil {
		t.Error("an unknown precision was accepted")
	}
	d, err := ParseDateWithPrecision("2021-05", PrecisionMonth)
	if err != nil || d.Format() != "May 2021" {
		t.Errorf("got %v, %v; want May 2021", d, err)
	}
}

func TestFirstAndLastDays(t *testing.T) {
	day := func(s string) time.Time {
		v, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		in          string
		first, last string
	}{
		{"2021", "2021-01-01", "2021-12-31"},
		{"2021-02", "2021-02-01", "2021-02-28"},
		{"2020-02", "2020-02-01", "2020-02-29"},
		{"2021-03-27", "2021-03-27", "2021-03-27"},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if !d.First().Equal(day(tt.first)) || !d.Last().Equal(day(tt.last)) {
			t.Errorf("%s: first %s last %s, want %s and %s", tt.in, d.First().Format(time.DateOnly), d.Last().Format(time.DateOnly), tt.first, tt.last)
		}
	}
}

func TestFromTimeKeepsPrecision(t *testing.T) {
	tm := time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC)
	if got := FromTime(tm, PrecisionMonth).Format(); got != "May 2021" {
		t.Errorf("month precision from the stored first day = %q, want May 2021 (no made-up day)", got)
	}
	if got := FromTime(tm, PrecisionYear).Format(); got != "2021" {
		t.Errorf("year precision = %q, want 2021", got)
	}
}

func TestCompareOrdersCoarserFirst(t *testing.T) {
	y, _ := ParseDate("2021")
	m, _ := ParseDate("2021-01")
	d, _ := ParseDate("2021-01-01")
	later, _ := ParseDate("2020-12-31")
	if !(y.Compare(m) < 0 && m.Compare(d) < 0 && later.Compare(y) < 0) {
		t.Errorf("want 2020-12-31 < 2021 < January 2021 < 1 January 2021")
	}
}

func TestDateRange(t *testing.T) {
	parse := func(s string) FuzzyDate {
		if s == "" {
			return FuzzyDate{}
		}
		d, err := ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		start, end string
		ok         bool
		format     string
	}{
		{"2021-02-01", "", true, "1 February 2021"},
		{"2021-02-01", "2021-05", true, "1 February 2021 – May 2021"},
		{"2021-03", "2021-03-31", true, "March 2021 – 31 March 2021"},
		{"2021-03-10", "2021-03-01", false, ""},
		{"2021-03-10", "2021", false, ""}, // the end year starts before the start day
		{"2022", "2021-12-31", false, ""},
		{"", "2021", false, ""},
	}
	for _, tt := range tests {
		r := DateRange{Start: parse(tt.start), End: parse(tt.end)}
		err := r.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s..%s: Validate() = %v, want ok=%v", tt.start, tt.end, err, tt.ok)
			continue
		}
		if tt.ok && r.Format() != tt.format {
			t.Errorf("%s..%s: Format() = %q, want %q", tt.start, tt.end, r.Format(), tt.format)
		}
	}
}

// Years before the common era count as TimelineJS and PostgreSQL count them
// (no year 0), sort before the common era, and survive a trip through
// time.Time, which is how the database holds them.
func TestYearsBeforeTheCommonEra(t *testing.T) {
	bce500, _ := NewYear(-500)
	bce1, _ := NewYear(-1)
	ce1, _ := NewYear(1)
	ce602, _ := NewYear(602)
	ides, _ := NewDay(-44, 3, 15)
	ordered := []FuzzyDate{bce500, ides, bce1, ce1, ce602}
	for i := 1; i < len(ordered); i++ {
		if ordered[i-1].Compare(ordered[i]) >= 0 {
			t.Errorf("%s does not sort before %s", ordered[i-1].Format(), ordered[i].Format())
		}
	}
	// 1 BCE is the year before 1 CE: its last day is the eve of 1 CE's first.
	if got := bce1.Last().AddDate(0, 0, 1); !got.Equal(ce1.First()) {
		t.Errorf("the day after 1 BCE is %v, want %v", got, ce1.First())
	}
	for _, d := range ordered {
		if got := FromTime(d.First(), d.Precision); got != d {
			t.Errorf("FromTime(First()) of %s = %+v", d.Format(), got)
		}
	}
	// Leap years follow the astronomical count PostgreSQL uses: 5 BCE is
	// its year -4, a leap year; 4 BCE (-3) is not.
	if _, err := NewDay(-5, 2, 29); err != nil {
		t.Errorf("29 February 5 BCE: %v", err)
	}
	if _, err := NewDay(-4, 2, 29); err == nil {
		t.Error("29 February 4 BCE was accepted; it is not a leap year")
	}
	if _, err := NewYear(-2500000); err == nil || !strings.Contains(err.Error(), "4713 BCE") {
		t.Errorf("a geological year: %v, want an error naming the range", err)
	}
}
