package zawgyi

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestClassifiesKnownSamples(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		text   string
		zawgyi bool
	}{
		// The samples from myanmar-tools' own detector spec.
		{"UDHR title, Unicode", "အပြည်ပြည်ဆိုင်ရာ လူ့အခွင့်အရေး ကြေညာစာတမ်း", false},
		{"UDHR title, Zawgyi", "အျပည္ျပည္ဆိုင္ရာ လူ႔အခြင့္အေရး ေၾကညာစာတမ္း", true},
		// Naypyitaw, as the government news site wrote it in each encoding
		// (testdata/mmgov_*).
		{"Naypyitaw dateline, Unicode", "နေပြည်တော် ဇူလိုင် ၂၆", false},
		{"Naypyitaw dateline, Zawgyi", "ေနျပည္ေတာ္ ဇူလုိင္ ၂၆", true},
		{"Myanmar, Unicode", "မြန်မာနိုင်ငံ", false},
		{"Myanmar, Zawgyi", "ျမန္မာႏိုင္ငံ", true},
		{"Unicode sentence", "စစ်ကောင်စီက နေပြည်တော်တွင် အစည်းအဝေးကျင်းပခဲ့သည်။", false},
		{"English", "The military seized power on 1 February 2021.", false},
		{"Unicode inside English", "Protest in ရန်ကုန် today", false},
	}
	for _, tc := range tests {
		p := Probability(tc.text)
		if IsZawgyi(tc.text) != tc.zawgyi {
			t.Errorf("%s: IsZawgyi(%q) = %v (p = %g), want %v", tc.name, tc.text, !tc.zawgyi, p, tc.zawgyi)
		}
	}
	if p := Probability("no Myanmar here 123"); !math.IsInf(p, -1) {
		t.Errorf("Probability of ASCII = %g, want -Inf", p)
	}
	if p := Probability("အျပည္ျပည္ဆိုင္ရာ လူ႔အခြင့္အေရး ေၾကညာစာတမ္း"); p < 0.999 {
		t.Errorf("strong Zawgyi p = %g, want > 0.999 (as in myanmar-tools' spec)", p)
	}
	if p := Probability("အပြည်ပြည်ဆိုင်ရာ လူ့အခွင့်အရေး ကြေညာစာတမ်း"); p > 0.001 {
		t.Errorf("strong Unicode p = %g, want < 0.001 (as in myanmar-tools' spec)", p)
	}
}

// TestMatchesUpstreamProbabilities runs myanmar-tools' own compatibility
// table: each line is the probability the reference implementation gives
// and the input, to a relative error of 1e-6.
func TestMatchesUpstreamProbabilities(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("data/compatibility.tsv")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" {
			continue
		}
		want, input, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		n++
		got := Probability(input)
		if want == "-Infinity" {
			if !math.IsInf(got, -1) {
				t.Errorf("%q: %g, want -Inf", input, got)
			}
			continue
		}
		w, err := strconv.ParseFloat(want, 64)
		if err != nil {
			t.Fatal(err)
		}
		if got != w && math.Abs((got-w)/w) > 1e-6 {
			t.Errorf("%q: %g, want %g", input, got, w)
		}
	}
	if n < 40 {
		t.Errorf("only %d compatibility lines read", n)
	}
}

func TestToUnicode(t *testing.T) {
	t.Parallel()
	// Pairs from myanmar-tools' converter spec.
	tests := []struct{ z, u string }{
		{" ", " "},
		{"abc", "abc"},
		{".!@|", ".!@|"},
		{"\u1021\u102C\u100F\u102C\u1015\u102D\u102F\u1004\u1039\u1031\u1010\u103C",
			"\u1021\u102C\u100F\u102C\u1015\u102D\u102F\u1004\u103A\u1010\u103D\u1031"},
		{"\u1018\u101A\u1039\u1031\u101C\u102C\u1000\u1039\u1010\u102C\u1038\u1010\u102C\u1038 ",
			"\u1018\u101A\u103A\u101C\u1031\u102C\u1000\u103A\u1010\u102C\u1038\u1010\u102C\u1038 "},
		{"\u108F\u102D\u102F\u1004\u1039\u107F\u1015\u102E\u1038",
			"\u1014\u102D\u102F\u1004\u103A\u1015\u103C\u102E\u1038"},
		{"\u103B\u1019\u1014\u1039\u1019\u102C ", "\u1019\u103C\u1014\u103A\u1019\u102C "},
		{"\u1031\u1018\u102C\u101C\u1036\u102F\u1038\u1021\u101E\u1004\u1039\u1038",
			"\u1018\u1031\u102C\u101C\u102F\u1036\u1038\u1021\u101E\u1004\u103A\u1038"},
		{"ေနျပည္ေတာ္", "နေပြည်တော်"},
	}
	for _, tc := range tests {
		if got := ToUnicode(tc.z); got != tc.u {
			t.Errorf("ToUnicode(%q) = %q, want %q", tc.z, got, tc.u)
		}
	}
}

// TestConvertsGovernmentNews converts the Zawgyi news article shipped with
// myanmar-tools line by line and compares it with its Unicode edition.
func TestConvertsGovernmentNews(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/mmgov_zawgyi_src.txt")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/mmgov_unicode_out.txt")
	if err != nil {
		t.Fatal(err)
	}
	zl, ul := strings.Split(string(src), "\n"), strings.Split(string(want), "\n")
	if len(zl) != len(ul) {
		t.Fatalf("%d Zawgyi lines, %d Unicode lines", len(zl), len(ul))
	}
	bad := 0
	for i := range zl {
		if got := ToUnicode(zl[i]); got != ul[i] {
			bad++
			if bad <= 3 {
				t.Errorf("line %d:\n got %q\nwant %q", i+1, got, ul[i])
			}
		}
		// A converted Zawgyi line reads as Unicode.
		if strings.ContainsFunc(zl[i], func(r rune) bool { return r >= 0x1000 && r <= 0x109F }) && !strings.HasPrefix(zl[i], "#") {
			if !IsZawgyi(zl[i]) && len([]rune(zl[i])) > 20 {
				t.Errorf("line %d of the Zawgyi article not detected (p = %g)", i+1, Probability(zl[i]))
			}
			if IsZawgyi(ul[i]) {
				t.Errorf("line %d of the Unicode article taken for Zawgyi (p = %g)", i+1, Probability(ul[i]))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d lines differ", bad, len(zl))
	}
}

func TestParseModelRejectsGarbage(t *testing.T) {
	t.Parallel()
	for _, b := range [][]byte{nil, []byte("UZMODEL "), []byte("NOTAMODELATALL..........")} {
		if _, err := parseModel(b); err == nil {
			t.Errorf("parseModel(%q) accepted garbage", b)
		}
	}
}

func FuzzToUnicode(f *testing.F) {
	f.Add("ေနျပည္ေတာ္ ဇူလုိင္ ၂၆")
	f.Add("\u200B\u200B")
	f.Add("abc")
	f.Fuzz(func(t *testing.T, s string) {
		_ = ToUnicode(s) // must terminate without panicking
		_ = Probability(s)
	})
}
