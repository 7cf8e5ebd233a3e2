package i18n

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"annals/internal/timeline"
)

// TestEveryKeyInEveryLanguage fails when a language file lacks a key of
// the English file, has a key English lacks, leaves a message empty, or
// takes other arguments than English does.
func TestEveryKeyInEveryLanguage(t *testing.T) {
	t.Parallel()
	c := Messages()
	if langs := c.Languages(); !slices.Equal(langs, []string{"en", "ar", "my"}) {
		t.Errorf("languages = %v, want en, ar, my", langs)
	}
	en := c.Keys(Default)
	if len(en) < 30 {
		t.Fatalf("only %d English keys", len(en))
	}
	for _, lang := range c.Languages() {
		for _, p := range completeness(c, lang) {
			t.Errorf("messages/%s.json: %s", lang, p)
		}
	}
}

// completeness lists what is wrong with lang's file compared with English.
func completeness(c *Catalog, lang string) []string {
	var problems []string
	for _, k := range c.Keys(Default) {
		msg, ok := c.messages[lang][k]
		switch {
		case !ok:
			problems = append(problems, "missing key "+strconv.Quote(k))
		case strings.TrimSpace(msg) == "":
			problems = append(problems, "empty message for "+strconv.Quote(k))
		case !slices.Equal(verbs(msg), verbs(c.messages[Default][k])):
			problems = append(problems, "key "+strconv.Quote(k)+" takes "+strings.Join(verbs(msg), " ")+
				", English takes "+strings.Join(verbs(c.messages[Default][k]), " "))
		}
	}
	for _, k := range c.Keys(lang) {
		if _, ok := c.messages[Default][k]; !ok {
			problems = append(problems, "key "+strconv.Quote(k)+" is not in en.json")
		}
	}
	return problems
}

var verbRE = regexp.MustCompile(`%(?:\[(\d+)\])?([a-zA-Z%])`)

// verbs lists a message's arguments as "index:verb", sorted by index.
func verbs(msg string) []string {
	var out []string
	next := 1
	for _, m := range verbRE.FindAllStringSubmatch(msg, -1) {
		if m[2] == "%" {
			continue
		}
		i := next
		if m[1] != "" {
			i, _ = strconv.Atoi(m[1])
		}
		next = i + 1
		out = append(out, strconv.Itoa(i)+":"+m[2])
	}
	slices.Sort(out)
	return out
}

// TestCompletenessCatchesGaps proves the completeness check can fail.
func TestCompletenessCatchesGaps(t *testing.T) {
	t.Parallel()
	c, err := Load(fstest.MapFS{
		"m/en.json": {Data: []byte(`{"a": "A", "b": "%d of %s", "c": "C"}`)},
		"m/xx.json": {Data: []byte(`{"a": "", "b": "%s of %d", "d": "D"}`)},
	}, "m")
	if err != nil {
		t.Fatal(err)
	}
	got := completeness(c, "xx")
	for _, want := range []string{`missing key "c"`, `empty message for "a"`, `key "b" takes`, `key "d" is not in en.json`} {
		if !slices.ContainsFunc(got, func(p string) bool { return strings.HasPrefix(p, want) }) {
			t.Errorf("completeness missed %s: %q", want, got)
		}
	}
	if _, err := Load(fstest.MapFS{"m/my.json": {Data: []byte(`{}`)}}, "m"); err == nil {
		t.Errorf("a catalog without en.json loaded")
	}
	if _, err := Load(fstest.MapFS{"m/en.json": {Data: []byte(`{"a": 1}`)}}, "m"); err == nil {
		t.Errorf("a malformed file loaded")
	}
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	c := Messages()
	tests := []struct{ header, want string }{
		{"", "en"},
		{"my", "my"},
		{"my-MM", "my"},
		{"MY_mm", "my"},
		{"en-GB,en;q=0.9,my;q=0.8", "en"},
		{"fr-FR,fr;q=0.9,my;q=0.8,en;q=0.7", "my"},
		{"ar-EG,ar;q=0.9", "ar"},
		{"fr, de", "en"},
		{"my;q=0, en;q=0.1", "en"},
		{"my;q=0.5, ar;q=0.6", "ar"},
		{"*", "en"},
		{"my;q=abc, ar", "ar"},
		{";;;,,,", "en"},
	}
	for _, tc := range tests {
		if got := c.Negotiate(tc.header); got != tc.want {
			t.Errorf("Negotiate(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

func TestTranslate(t *testing.T) {
	t.Parallel()
	c := Messages()
	tests := []struct {
		got, want string
	}{
		{c.T("my", "search.submit"), "ရှာရန်"},
		{c.T("ar", "search.submit"), "بحث"},
		{c.T("fr", "search.submit"), "Search"},
		{c.T("my", "no.such.key"), "no.such.key"},
		{c.N("en", "home.events", 18), "18 events"},
		{c.N("en", "home.events", 1), "1 event"},
		{c.N("my", "home.events", 18), "ဖြစ်စဉ် ၁၈ ခု"},
		// A count of thousands has separators; a bare number (a month,
		// a year, a version) has none.
		{c.N("en", "home.events", 100000), "100,000 events"},
		{c.N("my", "home.events", 1348), "ဖြစ်စဉ် ၁,၃၄၈ ခု"},
		{c.T("en", "timeline.count.filtered", Count(1200), Count(100000)), "1,200 of 100,000 events match the filter"},
		{c.T("en", "problem.date.month", 2021, 1, 12), "month 2021 does not exist (1-12)"},
		{c.T("my", "timeline.count.filtered", 3, 18), "ဖြစ်စဉ် ၁၈ ခုအနက် ၃ ခု ကိုက်ညီသည်"},
		{c.T("en", "search.count", 3, "coup 2021"), "3 events match “coup 2021”"},
		// The reader's words keep their digits; only counts are localised.
		{c.T("my", "search.count", 3, "2021"), "“2021” နှင့် ကိုက်ညီသော ဖြစ်စဉ် ၃ ခု"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if Dir("ar") != "rtl" || Dir("ar-EG") != "rtl" || Dir("my") != "ltr" || Dir("en") != "ltr" {
		t.Errorf("Dir: ar=%s my=%s en=%s", Dir("ar"), Dir("my"), Dir("en"))
	}
}

func TestFormatDate(t *testing.T) {
	t.Parallel()
	parse := func(s string) timeline.FuzzyDate {
		d, err := timeline.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		lang, date, want string
	}{
		{"en", "2021-02-01", "1 February 2021"},
		{"en", "2021-05", "May 2021"},
		{"en", "2021", "2021"},
		{"my", "2021-02-01", "၂၀၂၁ ခုနှစ်၊ ဖေဖော်ဝါရီလ ၁ ရက်"},
		{"my", "2021-08-27", "၂၀၂၁ ခုနှစ်၊ ဩဂုတ်လ ၂၇ ရက်"},
		{"my", "2021-05", "၂၀၂၁ ခုနှစ်၊ မေလ"},
		{"my", "2021", "၂၀၂၁ ခုနှစ်"},
		{"my-MM", "1988-08-08", "၁၉၈၈ ခုနှစ်၊ ဩဂုတ်လ ၈ ရက်"},
		{"ar", "2021-02-01", "1 فبراير 2021"},
		{"ar", "2021-12", "ديسمبر 2021"},
		{"fr", "2021-03", "March 2021"},
		{"en", "0602", "602"},
		{"en", "-0500", "500 BCE"},
		{"en", "-0044-03-15", "15 March 44 BCE"},
	}
	for _, tc := range tests {
		if got := FormatDate(tc.lang, parse(tc.date)); got != tc.want {
			t.Errorf("FormatDate(%s, %s) = %q, want %q", tc.lang, tc.date, got, tc.want)
		}
	}
	// English agrees with the domain's own formatting.
	for _, s := range []string{"2021-02-01", "2021-05", "2021", "1999-12-31"} {
		if got, want := FormatDate("en", parse(s)), parse(s).Format(); got != want {
			t.Errorf("FormatDate(en, %s) = %q, timeline says %q", s, got, want)
		}
	}
	r := timeline.DateRange{Start: parse("2021-02"), End: parse("2021-04")}
	if got := FormatRange("my", r); got != "၂၀၂၁ ခုနှစ်၊ ဖေဖော်ဝါရီလ – ၂၀၂၁ ခုနှစ်၊ ဧပြီလ" {
		t.Errorf("FormatRange(my) = %q", got)
	}
	if got := Digits("my", "Page 10 of 2024"); got != "Page ၁၀ of ၂၀၂၄" {
		t.Errorf("Digits = %q", got)
	}
	for m := 1; m <= 12; m++ {
		if MonthName("my", m) == "" || MonthName("ar", m) == "" {
			t.Errorf("month %d has no name", m)
		}
	}
}

// TestLookup: a key in the language, a key only English has, and a key
// nobody has (for keys made from data, like a metric's name).
func TestLookup(t *testing.T) {
	t.Parallel()
	c, err := Load(fstest.MapFS{
		"m/en.json": {Data: []byte(`{"a": "A", "b": "B"}`)},
		"m/my.json": {Data: []byte(`{"a": "က"}`)},
	}, "m")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang, key, want string
		ok              bool
	}{
		{"my", "a", "က", true}, {"my", "b", "B", true}, {"my", "metric.unheard", "", false}, {"xx", "a", "A", true},
	} {
		if got, ok := c.Lookup(tt.lang, tt.key); got != tt.want || ok != tt.ok {
			t.Errorf("Lookup(%s, %s) = %q, %v; want %q, %v", tt.lang, tt.key, got, ok, tt.want, tt.ok)
		}
	}
}
