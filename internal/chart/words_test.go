package chart

import (
	"regexp"
	"strings"
	"testing"

	"annals/internal/i18n"
	"annals/internal/timeline"
)

// TestChartInBurmese draws a chart in the Burmese interface: its axis
// dates, numbers, panel titles, legend and read-out text come from the
// catalogue and i18n's month names, with no English month or digit left.
func TestChartInBurmese(t *testing.T) {
	a, b := src(1, "AAPP"), src(2, "Myanmar Now")
	figs := []timeline.Figure{
		fig(t, 1, "killed", timeline.ScopeCumulative, 64, timeline.QualifierAtLeast, "2021-03-01", a),
		fig(t, 2, "killed", timeline.ScopeCumulative, 1348, timeline.QualifierExact, "2021-12-20", a),
		fig(t, 3, "killed", timeline.ScopeEvent, 91, timeline.QualifierAbout, "2021-03-27", b),
	}
	c := BuildIn("my", "killed", figs, nil)
	svg := c.SVG() + c.Render(Narrow, "n")
	msgs := i18n.Messages()
	for _, want := range []string{
		msgs.T("my", "metric.killed"), msgs.T("my", "chart.panel.cumulative"), msgs.T("my", "chart.panel.event"),
		msgs.T("my", "chart.key.up"), msgs.T("my", "chart.key.diamond"), i18n.MonthName("my", 3), "၂၀၂၁", "၁,၃၄၈",
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("Burmese chart lacks %q", want)
		}
	}
	// Drawn text and titles: no English month, word or ASCII digit.
	text := regexp.MustCompile(`>([^<]+)<`).FindAllStringSubmatch(svg, -1)
	for _, m := range text {
		s := m[1]
		if regexp.MustCompile(`[0-9]`).MatchString(s) {
			t.Errorf("ASCII digits in %q", s)
		}
		for _, en := range []string{"Jan", "Mar", "Dec", "figure", "source", "Running", "about", "exact"} {
			if strings.Contains(s, en) {
				t.Errorf("English %q in %q", en, s)
			}
		}
	}
	// English stays as it was.
	if en := Build("killed", figs, nil).SVG(); !strings.Contains(en, "Running totals") || !strings.Contains(en, "1,348") {
		t.Error("the English chart changed")
	}
}
