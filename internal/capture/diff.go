package capture

import "github.com/sergi/go-diff/diffmatchpatch"

// DiffLine is a run of lines of a comparison of two captures' text.
type DiffLine struct {
	Op   string // "=", "-" (only in the older), "+" (only in the newer)
	Text string
}

// Diff compares two captures' text line by line: whether, and where, the
// page was edited between them.
func Diff(older, newer string) (lines []DiffLine, changed bool) {
	dmp := diffmatchpatch.New()
	a, b, table := dmp.DiffLinesToChars(older, newer)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), table)
	for _, d := range diffs {
		op := "="
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op, changed = "-", true
		case diffmatchpatch.DiffInsert:
			op, changed = "+", true
		}
		lines = append(lines, DiffLine{Op: op, Text: d.Text})
	}
	return lines, changed
}
