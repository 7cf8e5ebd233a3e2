package web

import (
	"testing"

	"annals/internal/timeline"
)

// Year headings write years before the common era as readers do, with an
// id that is one word.
func TestYearHeadingsBeforeTheCommonEra(t *testing.T) {
	bce, _ := timeline.NewMonth(-44, 3)
	ce, _ := timeline.NewYear(602)
	events := []timeline.Event{{Slug: "a", When: timeline.DateRange{Start: bce}}, {Slug: "b", When: timeline.DateRange{Start: ce}}}
	years := groupEvents("t", events, newSourceNumbers("s"))
	if len(years) != 2 || years[0].Year != "44 BCE" || years[0].ID != "y-44" || years[1].Year != "602" {
		t.Fatalf("years = %+v", years)
	}
	if m := years[0].Months[0]; m.Label != "March 44 BCE" || m.ID != "m-44-03" {
		t.Errorf("month = %q %q", m.Label, m.ID)
	}
}
