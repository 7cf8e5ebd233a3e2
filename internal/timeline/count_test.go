package timeline

import (
	"math"
	"testing"
)

// TestFormatCountAtTheLimits: the most negative int64 has no positive
// twin, so it cannot be written by negating it first.
func TestFormatCountAtTheLimits(t *testing.T) {
	tests := map[int64]string{
		0:             "0",
		-7:            "-7",
		-1348:         "-1,348",
		math.MaxInt64: "9,223,372,036,854,775,807",
		math.MinInt64: "-9,223,372,036,854,775,808",
	}
	for n, want := range tests {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}
