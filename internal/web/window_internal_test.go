package web

import (
	"fmt"
	"strings"
	"testing"

	"annals/static"
)

// A bar's height is a class the stylesheet draws: every period with an
// event shows, the tallest fills its track, heights follow the counts, and
// annals.css has a rule for each height barHeight can give.
func TestBarHeightsAreClassesTheStylesheetDraws(t *testing.T) {
	for _, c := range []struct{ count, largest, want int }{
		{0, 0, 0}, {0, 100, 0}, {1, 100_000, 1}, {50, 100, 10}, {51, 100, 11}, {99, 100, 20}, {100, 100, 20},
	} {
		if got := barHeight(c.count, c.largest); got != c.want {
			t.Errorf("barHeight(%d, %d) = %d, want %d", c.count, c.largest, got, c.want)
		}
	}
	css := static.Embedded().InlineStyle("css/annals.css").CSS
	for h := 0; h <= 20; h++ {
		if !strings.Contains(css, fmt.Sprintf(".bar-h%d {", h)) {
			t.Errorf("annals.css has no rule for .bar-h%d", h)
		}
	}
	if !strings.Contains(css, ".bar-h10 { height: 50%; }") || !strings.Contains(css, ".bar-h20 { height: 100%; }") {
		t.Errorf("the height classes are not twentieths of the track")
	}
}
