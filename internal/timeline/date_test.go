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
		{"0999", "out of range"},
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
