package export_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"annals/internal/export"
	"annals/internal/timeline"
)

// A cell that a spreadsheet would read as a formula is written with a
// leading apostrophe, also when spaces, tabs or line breaks come before
// the =, +, - or @; numbers stay as they are.
func TestCSVNeutralisesFormulas(t *testing.T) {
	cases := map[string]string{
		"=1+1":          "'=1+1",
		"  =HYPERLINK(": "'=HYPERLINK(",
		"\t+A1":         "'+A1",
		"\r\n@SUM(A1)":  "'@SUM(A1)",
		" \u00a0-2+3":   "'-2+3",
		"\n=cmd|' /C'":  "'=cmd|' /C'",
		"-16.8":         "-16.8",
		"  -16.8":       "  -16.8",
		"A plain title": "A plain title",
		"  plain":       "  plain",
	}
	for title, want := range cases {
		doc := timeline.Document{Events: []timeline.Event{{Slug: "e", Title: title}}}
		var buf bytes.Buffer
		if err := export.CSV(&buf, doc); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := -1
		for i, h := range rows[0] {
			if h == "title" {
				col = i
			}
		}
		if got := rows[1][col]; got != want {
			t.Errorf("title %q is written %q, want %q", title, got, want)
		}
	}
}
