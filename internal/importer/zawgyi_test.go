package importer

import (
	"strings"
	"testing"
)

// TestZawgyiTextIsFlagged imports a CSV with one summary in Zawgyi and one in
// Unicode (the same words, samples from the myanmar-tools detector spec): the
// dry-run report warns about the Zawgyi row and column only.
func TestZawgyiTextIsFlagged(t *testing.T) {
	csv := "slug,title,summary,start,category,category_name\n" +
		"unicode-row,Statement,\"အပြည်ပြည်ဆိုင်ရာ လူ့အခွင့်အရေး ကြေညာစာတမ်း\",2021-02-01,un,United Nations\n" +
		"zawgyi-row,Statement,\"အျပည္ျပည္ဆိုင္ရာ လူ႔အခြင့္အေရး ေၾကညာစာတမ္း\",2021-02-02,un,United Nations\n"
	_, rep, err := Parse("burmese.csv", []byte(csv), Options{})
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	var flagged []string
	for _, w := range rep.Warnings {
		if strings.Contains(w.Message, "Zawgyi") {
			flagged = append(flagged, w.String())
		}
	}
	if len(flagged) != 1 || !strings.Contains(flagged[0], "row 3") || !strings.Contains(flagged[0], "summary") ||
		!strings.Contains(flagged[0], `"zawgyi-row"`) {
		t.Errorf("Zawgyi warnings = %q, want one for row 3, summary of zawgyi-row", flagged)
	}
}
