// Package zawgyi tells Zawgyi-encoded Burmese from Myanmar Unicode, and
// converts Zawgyi to Unicode. Much Burmese text copied from social media is
// still in Zawgyi, a font encoding that reuses Myanmar code points for other
// glyphs: stored as Unicode it looks like garbage and cannot be searched.
//
// It is a Go port of Google's myanmar-tools (npm package myanmar-tools 1.2.0,
// Apache-2.0, see data/LICENSE.md), using that package's own data files
// unchanged: the Markov model data/zawgyiUnicodeModel.dat for detection and
// the transliteration rules data/Z2U.js for conversion. The tests check the
// port against the package's own compatibility data.
package zawgyi

import (
	"embed"
	"encoding/binary"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed data/zawgyiUnicodeModel.dat data/Z2U.js
var data embed.FS

// Threshold is the probability above which text is treated as Zawgyi. The
// myanmar-tools authors suggest 0.95 for acting on a single string: strong
// Zawgyi scores above 0.999 and ordinary Unicode below 0.001.
const Threshold = 0.95

// Probability returns the probability that s is Zawgyi rather than Unicode,
// from 0 (surely Unicode) to 1 (surely Zawgyi). It returns -Inf when s holds
// no Myanmar code point at all, so there is nothing to judge.
func Probability(s string) float64 {
	return defaultModel().predict(s)
}

// IsZawgyi reports whether s is probably Zawgyi-encoded Burmese.
func IsZawgyi(s string) bool { return Probability(s) > Threshold }

// ToUnicode converts Zawgyi text to Myanmar Unicode. Text that is already
// Unicode can be damaged by it: call it only on text IsZawgyi accepts.
func ToUnicode(s string) string {
	out := s
	for _, phase := range defaultRules() {
		out = runPhase(phase, out)
	}
	return out
}

// The model and rules are read from the embedded files once, on first use.
// They ship with the binary, so failing to read them is a build defect.
var (
	defaultModel = sync.OnceValue(func() *model {
		b, err := data.ReadFile("data/zawgyiUnicodeModel.dat")
		if err != nil {
			panic(err)
		}
		m, err := parseModel(b)
		if err != nil {
			panic(err)
		}
		return m
	})
	defaultRules = sync.OnceValue(func() [][]rule {
		b, err := data.ReadFile("data/Z2U.js")
		if err != nil {
			panic(err)
		}
		r, err := parseRules(string(b))
		if err != nil {
			panic(err)
		}
		return r
	})
)

// Code point ranges of the model's states, as in zawgyi_detector.ts.
const (
	stdCP0, stdCP1 = 0x1000, 0x103F // Myanmar, before the digits
	aftCP0, aftCP1 = 0x104A, 0x109F // Myanmar, after the digits
	exaCP0, exaCP1 = 0xAA60, 0xAA7F // Myanmar Extended-A
	exbCP0, exbCP1 = 0xA9E0, 0xA9FF // Myanmar Extended-B
	spcCP0, spcCP1 = 0x2000, 0x200B // space-like

	stdOffset = 1
	aftOffset = stdOffset + stdCP1 - stdCP0 + 1
	exaOffset = aftOffset + aftCP1 - aftCP0 + 1
	exbOffset = exaOffset + exaCP1 - exaCP0 + 1
	spcOffset = exbOffset + exbCP1 - exbCP0 + 1
)

// stateOf maps a code point to its Markov state; 0 is "anything else".
func stateOf(cp rune, withSpaces bool) int {
	switch {
	case stdCP0 <= cp && cp <= stdCP1:
		return int(cp-stdCP0) + stdOffset
	case aftCP0 <= cp && cp <= aftCP1:
		return int(cp-aftCP0) + aftOffset
	case exaCP0 <= cp && cp <= exaCP1:
		return int(cp-exaCP0) + exaOffset
	case exbCP0 <= cp && cp <= exbCP1:
		return int(cp-exbCP0) + exbOffset
	case withSpaces && spcCP0 <= cp && cp <= spcCP1:
		return int(cp-spcCP0) + spcOffset
	}
	return 0
}

// model is the Zawgyi/Unicode Markov model: for each pair of states, the
// log-probability of the transition under Unicode minus under Zawgyi.
type model struct {
	withSpaces bool
	size       int
	logDiff    []float64 // size*size
}

func (m *model) predict(s string) float64 {
	prev := 0
	total := 0.0
	seen := false
	step := func(curr int) {
		// 0-to-0 transitions carry no signal.
		if prev != 0 || curr != 0 {
			total += m.logDiff[prev*m.size+curr]
			seen = true
		}
		prev = curr
	}
	for _, r := range s {
		step(stateOf(r, m.withSpaces))
	}
	step(0)
	if !seen {
		return math.Inf(-1)
	}
	// P(zawgyi) = 1 / (1 + exp(logPu - logPz))
	return 1 / (1 + math.Exp(total))
}

// parseModel reads the binary model: "UZMODEL " tag, version (1, or 2
// followed by the state set), then "BMARKOV " tag, version 0, and a sparse
// matrix of float32 log-probability differences, all big-endian.
func parseModel(b []byte) (*model, error) {
	r := reader{b: b}
	if tag := r.bytes(8); string(tag) != "UZMODEL " {
		return nil, fmt.Errorf("zawgyi model: bad tag %q", tag)
	}
	m := &model{}
	switch v := r.u32(); v {
	case 1:
		m.withSpaces = true
	case 2:
		m.withSpaces = r.u32() == 0
	default:
		return nil, fmt.Errorf("zawgyi model: unknown version %d", v)
	}
	if tag := r.bytes(8); string(tag) != "BMARKOV " {
		return nil, fmt.Errorf("zawgyi model: bad Markov tag %q", tag)
	}
	if v := r.u32(); v != 0 {
		return nil, fmt.Errorf("zawgyi model: unknown Markov version %d", v)
	}
	size := int(r.i16())
	if size <= 0 || (m.withSpaces && size <= spcOffset+spcCP1-spcCP0) || size <= exbOffset+exbCP1-exbCP0 {
		return nil, fmt.Errorf("zawgyi model: %d states is too few", size)
	}
	m.size = size
	m.logDiff = make([]float64, size*size)
	for i1 := 0; i1 < size; i1++ {
		entries := int(r.i16())
		fallback := 0.0
		if entries != 0 {
			fallback = float64(r.f32())
		}
		next := -1
		for i2 := 0; i2 < size; i2++ {
			if entries > 0 && next < i2 {
				next = int(r.i16())
				entries--
			}
			if next == i2 {
				m.logDiff[i1*size+i2] = float64(r.f32())
			} else {
				m.logDiff[i1*size+i2] = fallback
			}
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return m, nil
}

type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil || r.off+n > len(r.b) {
		r.err = fmt.Errorf("zawgyi model: truncated at byte %d", r.off)
		return make([]byte, n)
	}
	out := r.b[r.off : r.off+n]
	r.off += n
	return out
}

func (r *reader) u32() uint32 { return binary.BigEndian.Uint32(r.bytes(4)) }
func (r *reader) i16() int16  { return int16(binary.BigEndian.Uint16(r.bytes(2))) }
func (r *reader) f32() float32 {
	return math.Float32frombits(binary.BigEndian.Uint32(r.bytes(4)))
}

// rule is one transliteration rule of Z2U.js.
type rule struct {
	re          *regexp.Regexp
	replacement string // in regexp.Expand syntax
	onStart     bool   // only at the start of the string
	revisit     bool   // the replacement is itself looked at again
}

// runPhase applies one phase of rules the way zawgyi_converter.ts does:
// at each position every rule is tried in turn on what is left; a match
// replaces the text it matched and moves past the replacement (unless the
// rule revisits); a position no rule matches is copied as it is.
func runPhase(rules []rule, in string) string {
	var out strings.Builder
	mid := in
	start := true
	for len(mid) > 0 {
		found := false
		before := mid
		written := out.Len()
		for _, rl := range rules {
			if rl.onStart && !start {
				continue
			}
			m := rl.re.FindStringSubmatchIndex(mid)
			if m == nil {
				continue
			}
			found = true
			rest := mid[m[1]:]
			replaced := string(rl.re.ExpandString(nil, rl.replacement, mid, m))
			if rl.revisit {
				mid = replaced + rest
			} else {
				out.WriteString(replaced)
				mid = rest
			}
		}
		// Copy one character when nothing matched, or when the matches
		// changed nothing (a guard the original lacks, against loops).
		if !found || (mid == before && out.Len() == written) {
			_, size := utf8.DecodeRuneInString(mid)
			out.WriteString(mid[:size])
			mid = mid[size:]
		}
		start = false
	}
	return out.String()
}

var (
	ruleLine   = regexp.MustCompile(`^\s*p: RegExp\('\^' \+ '(.*)'\),$`)
	replLine   = regexp.MustCompile(`^\s*s: '(.*)',$`)
	startLine  = regexp.MustCompile(`^\s*matchOnStart: 'true',$`)
	revisit    = regexp.MustCompile(`^\s*revisit: 0,$`)
	phaseLine  = regexp.MustCompile(`^\s*var rules\d+ = \[$`)
	groupToken = regexp.MustCompile(`\$(\d)`)
)

// parseRules reads Z2U.js as generated by myanmar-tools: phases of rules,
// each a JavaScript regular expression anchored at the start, a
// replacement, and optional matchOnStart and revisit flags.
func parseRules(js string) ([][]rule, error) {
	var phases [][]rule
	var cur *rule
	for n, line := range strings.Split(js, "\n") {
		switch {
		case phaseLine.MatchString(line):
			phases = append(phases, nil)
		case ruleLine.MatchString(line):
			if len(phases) == 0 {
				return nil, fmt.Errorf("Z2U.js line %d: rule outside a phase", n+1)
			}
			src, err := jsString(ruleLine.FindStringSubmatch(line)[1])
			if err != nil {
				return nil, fmt.Errorf("Z2U.js line %d: %w", n+1, err)
			}
			re, err := regexp.Compile("^(?:" + src + ")")
			if err != nil {
				return nil, fmt.Errorf("Z2U.js line %d: %w", n+1, err)
			}
			last := &phases[len(phases)-1]
			*last = append(*last, rule{re: re})
			cur = &(*last)[len(*last)-1]
		case replLine.MatchString(line):
			if cur == nil {
				return nil, fmt.Errorf("Z2U.js line %d: replacement without a rule", n+1)
			}
			s, err := jsString(replLine.FindStringSubmatch(line)[1])
			if err != nil {
				return nil, fmt.Errorf("Z2U.js line %d: %w", n+1, err)
			}
			s = strings.ReplaceAll(s, "$$", "\x00")
			s = groupToken.ReplaceAllString(s, "$${$1}")
			cur.replacement = strings.ReplaceAll(s, "\x00", "$$")
		case startLine.MatchString(line):
			cur.onStart = true
		case revisit.MatchString(line):
			cur.revisit = true
		}
	}
	if len(phases) == 0 {
		return nil, fmt.Errorf("Z2U.js: no rules found")
	}
	return phases, nil
}

// jsString decodes the escapes of a single-quoted JavaScript string.
func jsString(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return "", fmt.Errorf("string ends in a backslash: %q", s)
		}
		i++
		switch s[i] {
		case 'u':
			if i+5 > len(s) {
				return "", fmt.Errorf("short \\u escape in %q", s)
			}
			v, err := strconv.ParseUint(s[i+1:i+5], 16, 32)
			if err != nil {
				return "", fmt.Errorf("bad \\u escape in %q", s)
			}
			b.WriteRune(rune(v))
			i += 4
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		default:
			// \\, \' and regexp escapes such as \. are kept for the
			// regexp engine, which reads them the same way.
			if s[i] == '\'' {
				b.WriteByte('\'')
			} else {
				b.WriteByte('\\')
				b.WriteByte(s[i])
			}
		}
	}
	return b.String(), nil
}
