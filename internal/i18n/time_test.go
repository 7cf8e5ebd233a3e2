package i18n

import (
	"testing"

	"annals/internal/timeline"
)

func TestFormatRangeWithTime(t *testing.T) {
	t.Parallel()
	day, err := timeline.NewDay(2021, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	three, _ := timeline.NewTimeOfDay(3, 0)
	r := timeline.DateRange{Start: day, StartTime: three}
	for _, c := range []struct{ lang, want string }{
		{"en", "1 February 2021, 03:00"},
		{"my", "၂၀၂၁ ခုနှစ်၊ ဖေဖော်ဝါရီလ ၁ ရက်၊ ၀၃:၀၀"},
	} {
		if got := FormatRange(c.lang, r); got != c.want {
			t.Errorf("FormatRange(%s) = %q, want %q", c.lang, got, c.want)
		}
	}
	if got := FormatRange("en", timeline.DateRange{Start: day}); got != "1 February 2021" {
		t.Errorf("without a time: %q", got)
	}
}
