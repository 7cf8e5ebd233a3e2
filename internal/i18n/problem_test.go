package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"annals/internal/timeline"
)

// msgCall is a keyed problem in the source: Msgf("key", "format",
// AddMsg(field, "key", "format" or the importer's problemMsg or warnMsg(row,
// column, "key", "format".
var msgCall = regexp.MustCompile(`(?:Msgf|AddMsg|problemMsg|warnMsg)\((?:[^"]*?, )??(?:"[^"]*", )?"((?:problem|workflow)\.[a-z0-9.]+)",\s*("(?:[^"\\]|\\.)*")`)

// TestProblemKeysSayTheEnglish: every keyed problem written in the Go
// source has its key in the catalogue, and the catalogue's English is the
// source's format word for word, so an English page shows exactly what
// the API and the command line say.
func TestProblemKeysSayTheEnglish(t *testing.T) {
	t.Parallel()
	c := Messages()
	seen := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range msgCall.FindAllStringSubmatch(string(b), -1) {
			seen++
			format, err := strconv.Unquote(m[2])
			if err != nil {
				t.Errorf("%s: %s: %v", path, m[2], err)
				continue
			}
			if msg, ok := c.messages[Default][m[1]]; !ok {
				t.Errorf("%s: key %q is not in en.json", path, m[1])
			} else if msg != format {
				t.Errorf("%s: en.json says %q for %q, the code %q", path, msg, m[1], format)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 30 {
		t.Errorf("only %d keyed problems found in the source: is the pattern still right?", seen)
	}
}

// TestProblemInBurmese: problems made by the validators read in Burmese
// with Burmese digits and dates, and in English exactly as their Message.
func TestProblemInBurmese(t *testing.T) {
	t.Parallel()
	c := Messages()
	_, dayErr := timeline.ParseDate("2021-02-30")
	_, monthErr := timeline.ParseDate("2021-13")
	_, formatErr := timeline.ParseDate("21-5")
	_, hourErr := timeline.ParseTimeOfDay("25:00")
	start, _ := timeline.ParseDate("2021-05-14")
	end, _ := timeline.ParseDate("2020")
	before := timeline.DateRange{Start: start, End: end}.Validate()
	for _, tt := range []struct {
		err  error
		want string
	}{
		{timeline.ValidateText(strings.Repeat("x", 301), true, 300), "စာလုံး ၃၀၁ လုံး ရှည်သည်၊ အများဆုံး ၃၀၀ လုံးသာ ရသည်"},
		{timeline.ValidateText(" ", true, 300), "ဖြည့်ရန် လိုအပ်သည်"},
		{timeline.ValidateText("a\x01", true, 300), "ထိန်းချုပ်စာလုံး (U+0001) ပါနေသည်"},
		{timeline.ValidateHTTPURL("ftp://x.org"), `"ftp://x.org" သည် http:// သို့မဟုတ် https:// ဖြင့် စရမည်`},
		{dayErr, "၂၀၂၁ ခုနှစ်၊ ဖေဖော်ဝါရီလ ၃၀ ရက် မရှိပါ"},
		{monthErr, "၁၃ လ မရှိပါ (၁-၁၂)"},
		{formatErr, `ရက်စွဲ "21-5" - YYYY၊ YYYY-MM သို့မဟုတ် YYYY-MM-DD ပုံစံဖြင့် ရေးပါ`},
		{hourErr, `အချိန် "25:00" - နာရီ ၂၅ မရှိပါ (၀-၂၃)`},
		{before, "ပြီးဆုံးရက် (၂၀၂၀ ခုနှစ်) သည် စတင်ရက် (၂၀၂၁ ခုနှစ်၊ မေလ ၁၄ ရက်) မတိုင်မီ ဖြစ်နေသည်"},
	} {
		m, ok := tt.err.(*timeline.Message)
		if !ok {
			t.Errorf("%v (%T) carries no key", tt.err, tt.err)
			continue
		}
		if got := c.Problem("my", m.Key, m.Args); got != tt.want {
			t.Errorf("%s in Burmese = %q, want %q", m.Key, got, tt.want)
		}
		if got := c.Problem("en", m.Key, m.Args); got != m.Text {
			t.Errorf("%s in English = %q, want the Message %q", m.Key, got, m.Text)
		}
	}
}
