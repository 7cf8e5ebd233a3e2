// Package i18n holds the interface strings of Annals in each language, picks
// a reader's language from Accept-Language, and writes dates and numbers the
// way each language writes them (Burmese month names and Burmese digits).
//
// A language is added by adding one file, messages/<tag>.json, holding every
// key of messages/en.json; the tests fail when a key is missing, extra,
// empty, or takes different arguments than in English.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"annals/internal/timeline"
)

//go:embed messages/*.json
var files embed.FS

// Default is the language of the source strings and the fallback for any
// language or key that is missing.
const Default = "en"

// Catalog holds every language's messages.
type Catalog struct {
	messages map[string]map[string]string // lang -> key -> message
	langs    []string                     // Default first, then alphabetical
}

// Load reads the message files of fsys (files named <tag>.json in dir).
func Load(fsys fs.FS, dir string) (*Catalog, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read message files: %w", err)
	}
	c := &Catalog{messages: map[string]map[string]string{}}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".json") {
			continue
		}
		lang := strings.TrimSuffix(name, ".json")
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("messages/%s: %w", name, err)
		}
		c.messages[lang] = m
		c.langs = append(c.langs, lang)
	}
	if c.messages[Default] == nil {
		return nil, fmt.Errorf("no messages/%s.json: the default language is required", Default)
	}
	sort.Slice(c.langs, func(i, j int) bool {
		if (c.langs[i] == Default) != (c.langs[j] == Default) {
			return c.langs[i] == Default
		}
		return c.langs[i] < c.langs[j]
	})
	return c, nil
}

// Messages is the catalog embedded in the binary.
var Messages = sync.OnceValue(func() *Catalog {
	c, err := Load(files, "messages")
	if err != nil {
		panic(err) // the files ship with the binary: a build defect
	}
	return c
})

// Languages lists the languages with a message file, the default first.
func (c *Catalog) Languages() []string { return slices.Clone(c.langs) }

// Has reports whether lang has a message file.
func (c *Catalog) Has(lang string) bool { return c.messages[lang] != nil }

// Keys lists the keys of lang's file, sorted.
func (c *Catalog) Keys(lang string) []string {
	var keys []string
	for k := range c.messages[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// T returns the message key in lang, formatted with args (fmt verbs; %[2]d
// and the like let a language reorder them). Integer arguments are written
// in lang's digits. A missing language or key falls back to English; a key
// missing from English too comes back as the key itself, so it shows.
func (c *Catalog) T(lang, key string, args ...any) string {
	msg, ok := c.messages[lang][key]
	if !ok {
		if msg, ok = c.messages[Default][key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return msg
	}
	local := make([]any, len(args))
	for i, a := range args {
		switch n := a.(type) {
		case Count:
			local[i] = count{int64(n), lang}
		case int:
			local[i] = number{int64(n), lang}
		case int64:
			local[i] = number{n, lang}
		default:
			local[i] = a
		}
	}
	return fmt.Sprintf(msg, local...)
}

// Lookup is the message key in lang, or in English when lang lacks it;
// ok is false when neither has the key (for keys made from data, such as
// a metric's name, that may have no message).
func (c *Catalog) Lookup(lang, key string) (msg string, ok bool) {
	if msg, ok = c.messages[lang][key]; ok {
		return msg, true
	}
	msg, ok = c.messages[Default][key]
	return msg, ok
}

// N is T for a count: it uses key+".one" when n is 1 and that key exists,
// and passes n as the first argument, written as a Count. (Languages with
// more plural forms, like Arabic, would need more suffixes; the interface
// strings avoid them.)
func (c *Catalog) N(lang, key string, n int, args ...any) string {
	if n == 1 {
		if _, ok := c.messages[lang][key+".one"]; ok || !c.Has(lang) {
			return c.T(lang, key+".one", args...)
		}
	}
	return c.T(lang, key, append([]any{Count(n)}, args...)...)
}

// Count is an integer argument written as a count, with thousands
// separators: "100,000 events", where a bare int gives "100000" (right for
// a year, a version or a page number). N passes its count as one.
type Count int64

type count struct {
	n    int64
	lang string
}

func (n count) Format(f fmt.State, _ rune) {
	fmt.Fprint(f, Digits(n.lang, timeline.FormatCount(n.n)))
}

// number prints an integer in a language's digits for any verb.
type number struct {
	n    int64
	lang string
}

func (n number) Format(f fmt.State, _ rune) {
	fmt.Fprint(f, Digits(n.lang, strconv.FormatInt(n.n, 10)))
}

// Dir is the writing direction of lang: "rtl" or "ltr".
func Dir(lang string) string {
	switch base(lang) {
	case "ar", "he", "fa", "ur", "ps", "sd", "yi", "dv", "ckb":
		return "rtl"
	}
	return "ltr"
}

func base(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}

// Negotiate picks the best of the catalog's languages for an
// Accept-Language header: the highest-weighted tag whose base language has
// a message file ("my-MM" picks "my"), else Default. Malformed parts are
// ignored; a weight of 0 refuses a language.
func (c *Catalog) Negotiate(acceptLanguage string) string {
	type choice struct {
		lang  string
		q     float64
		order int
	}
	var choices []choice
	for i, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if p := strings.TrimSpace(params); p != "" {
			v, ok := strings.CutPrefix(p, "q=")
			if !ok {
				continue
			}
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || f > 1 {
				continue
			}
			q = f
		}
		lang := base(tag)
		if q == 0 || lang == "" {
			continue
		}
		if lang == "*" {
			lang = Default
		}
		if c.Has(lang) {
			choices = append(choices, choice{lang, q, i})
		}
	}
	if len(choices) == 0 {
		return Default
	}
	sort.SliceStable(choices, func(i, j int) bool { return choices[i].q > choices[j].q })
	return choices[0].lang
}

// myanmarDigits are ၀ to ၉.
const myanmarDigits = "၀၁၂၃၄၅၆၇၈၉"

// Digits writes the ASCII digits of s in lang's digits: Myanmar digits
// for Burmese; other languages keep 0-9.
func Digits(lang, s string) string {
	if base(lang) != "my" {
		return s
	}
	digits := []rune(myanmarDigits)
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return digits[r-'0']
		}
		return r
	}, s)
}

var monthNames = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"my": {"ဇန်နဝါရီ", "ဖေဖော်ဝါရီ", "မတ်", "ဧပြီ", "မေ", "ဇွန်", "ဇူလိုင်", "ဩဂုတ်", "စက်တင်ဘာ", "အောက်တိုဘာ", "နိုဝင်ဘာ", "ဒီဇင်ဘာ"},
	"ar": {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
}

// MonthName is month m (1-12) in lang, English when lang has none.
func MonthName(lang string, m int) string {
	names, ok := monthNames[base(lang)]
	if !ok {
		names = monthNames[Default]
	}
	if m < 1 || m > 12 {
		return ""
	}
	return names[m-1]
}

// FormatDate writes a date at its precision in lang, never inventing a day
// or month the date does not have:
//
//	en: 1 February 2021, February 2021, 2021
//	my: ၂၀၂၁ ခုနှစ်၊ ဖေဖော်ဝါရီလ ၁ ရက်, ၂၀၂၁ ခုနှစ်၊ ဖေဖော်ဝါရီလ, ၂၀၂၁ ခုနှစ်
//	ar: 1 فبراير 2021, فبراير 2021, 2021
func FormatDate(lang string, d timeline.FuzzyDate) string {
	if d.IsZero() {
		return ""
	}
	month := MonthName(lang, int(d.Month))
	switch base(lang) {
	case "my":
		year := Digits("my", timeline.YearText(d.Year)) + " ခုနှစ်"
		switch d.Precision {
		case timeline.PrecisionYear:
			return year
		case timeline.PrecisionMonth:
			return year + "၊ " + month + "လ"
		default:
			return year + "၊ " + month + "လ " + Digits("my", strconv.Itoa(d.Day)) + " ရက်"
		}
	default:
		if _, ok := monthNames[base(lang)]; !ok {
			month = MonthName(Default, int(d.Month))
		}
		switch d.Precision {
		case timeline.PrecisionYear:
			return timeline.YearText(d.Year)
		case timeline.PrecisionMonth:
			return month + " " + timeline.YearText(d.Year)
		default:
			return strconv.Itoa(d.Day) + " " + month + " " + timeline.YearText(d.Year)
		}
	}
}

// FormatRange writes a date range in lang: one date, or "start – end".
func FormatRange(lang string, r timeline.DateRange) string {
	start := FormatDateTime(lang, r.Start, r.StartTime)
	if r.End.IsZero() || (r.End == r.Start && (r.EndTime.IsZero() || r.EndTime == r.StartTime)) {
		return start
	}
	if r.End == r.Start {
		return start + " – " + FormatTime(lang, r.EndTime)
	}
	return start + " – " + FormatDateTime(lang, r.End, r.EndTime)
}

// FormatTime writes a local time of day, 24-hour, in lang's digits: "03:00",
// "၀၃:၀၀" in Burmese; "" for no time.
func FormatTime(lang string, t timeline.TimeOfDay) string {
	return Digits(lang, t.String())
}

// FormatDateTime writes d followed by its time of day when there is one:
// "1 February 2021, 03:00".
func FormatDateTime(lang string, d timeline.FuzzyDate, t timeline.TimeOfDay) string {
	date := FormatDate(lang, d)
	if t.IsZero() || date == "" {
		return date
	}
	sep := ", "
	switch base(lang) {
	case "my":
		sep = "၊ "
	case "ar":
		sep = "، "
	}
	return date + sep + FormatTime(lang, t)
}

// FormatStamp writes an instant, in UTC, to the minute (or the second), as
// the staff pages show when something was changed: "2 Jan 2021 15:04" in
// English, the day in lang's words and digits otherwise.
func FormatStamp(lang string, t time.Time, seconds bool) string {
	t = t.UTC()
	if base(lang) == Default {
		if seconds {
			return t.Format("2 Jan 2006 15:04:05")
		}
		return t.Format("2 Jan 2006 15:04")
	}
	d := timeline.FuzzyDate{Year: t.Year(), Month: t.Month(), Day: t.Day(), Precision: timeline.PrecisionDay}
	clock := t.Format("15:04")
	if seconds {
		clock = t.Format("15:04:05")
	}
	sep := ", "
	switch base(lang) {
	case "my":
		sep = "၊ "
	case "ar":
		sep = "، "
	}
	return FormatDate(lang, d) + sep + Digits(lang, clock)
}

// Problem says a keyed validation problem (timeline.Problem's Key and
// Args, or a *timeline.Message's) in lang: a date as FormatDate writes it,
// a time of day and integers in lang's digits, a nested message in lang
// too. English gives the same text as the problem's own Message.
func (c *Catalog) Problem(lang, key string, args []any) string {
	local := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case timeline.FuzzyDate:
			local[i] = FormatDate(lang, v)
		case timeline.TimeOfDay:
			local[i] = FormatTime(lang, v)
		case *timeline.Message:
			local[i] = c.Problem(lang, v.Key, v.Args)
		default:
			local[i] = a
		}
	}
	return c.T(lang, key, local...)
}
