package views

import (
	"context"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"

	"annals/internal/i18n"
	"annals/internal/timeline"
)

// langKey carries the reader's interface language through a request's
// context, so every component can translate without threading it through
// each view model.
type langKey struct{}

// WithLang returns ctx carrying the interface language lang.
func WithLang(ctx context.Context, lang string) context.Context {
	return context.WithValue(ctx, langKey{}, lang)
}

// Lang is the interface language carried by ctx, English when none is.
func Lang(ctx context.Context) string {
	if l, ok := ctx.Value(langKey{}).(string); ok && l != "" {
		return l
	}
	return i18n.Default
}

// Dir is the writing direction of ctx's interface language: "ltr" or "rtl".
func Dir(ctx context.Context) string { return i18n.Dir(Lang(ctx)) }

// T is interface message key in ctx's language (see i18n.Catalog.T).
func T(ctx context.Context, key string, args ...any) string {
	return i18n.Messages().T(Lang(ctx), key, args...)
}

// N is T for a count (see i18n.Catalog.N).
func N(ctx context.Context, key string, n int, args ...any) string {
	return i18n.Messages().N(Lang(ctx), key, n, args...)
}

// Date writes d at its precision in ctx's language.
func Date(ctx context.Context, d timeline.FuzzyDate) string {
	return i18n.FormatDate(Lang(ctx), d)
}

// DateRange writes r in ctx's language.
func DateRange(ctx context.Context, r timeline.DateRange) string {
	return i18n.FormatRange(Lang(ctx), r)
}

// Back and Forward are the arrows of links to what comes before and after
// (earlier events, the previous event): a reader of a right-to-left
// language goes leftwards, and arrows are not mirrored by the bidi
// algorithm, so they are chosen by the page's direction.
func Back(ctx context.Context) string {
	if Dir(ctx) == "rtl" {
		return "→"
	}
	return "←"
}

// Forward is the arrow to what comes after (see Back).
func Forward(ctx context.Context) string {
	if Dir(ctx) == "rtl" {
		return "←"
	}
	return "→"
}

// Stamp writes an instant in UTC, to the minute, in ctx's language (see
// i18n.FormatStamp).
func Stamp(ctx context.Context, t time.Time) string { return i18n.FormatStamp(Lang(ctx), t, false) }

// StampSeconds is Stamp to the second.
func StampSeconds(ctx context.Context, t time.Time) string {
	return i18n.FormatStamp(Lang(ctx), t, true)
}

// TBefore and TAfter are the parts of message key around its one %s, for
// a template that wraps the argument in markup ("Signed in as
// <strong>{email}</strong>."), so a translation can put the argument
// anywhere in its sentence.
func TBefore(ctx context.Context, key string) string {
	before, _, _ := strings.Cut(T(ctx, key), "%s")
	return before
}

// TAfter is the part of message key after its %s (see TBefore).
func TAfter(ctx context.Context, key string) string {
	_, after, _ := strings.Cut(T(ctx, key), "%s")
	return after
}

// ownLangAttrs are the attributes of a language's own name in a list of
// languages: its lang, unless it is the page's language or no language.
func ownLangAttrs(ctx context.Context, tag string) templ.Attributes {
	if l := contentLang(ctx, tag); tag != "" && l != "" {
		return templ.Attributes{"lang": l, "dir": i18n.Dir(l)}
	}
	return templ.Attributes{}
}

// argRE finds a message's string arguments: %s, or %[2]s to reorder them.
var argRE = regexp.MustCompile(`%(?:\[(\d+)\])?s`)

// withParts writes msg with its string arguments replaced by parts, each
// a piece of markup (see codePart and textPart), so a translation can place
// an argument wrapped in an element anywhere in its sentence.
func withParts(msg string, parts ...templ.Component) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		next, at := 0, 0
		for _, m := range argRE.FindAllStringSubmatchIndex(msg, -1) {
			if _, err := io.WriteString(w, templ.EscapeString(msg[at:m[0]])); err != nil {
				return err
			}
			at = m[1]
			i := next
			if m[2] >= 0 {
				i, _ = strconv.Atoi(msg[m[2]:m[3]])
				i--
			}
			next = i + 1
			if i >= 0 && i < len(parts) {
				if err := parts[i].Render(ctx, w); err != nil {
					return err
				}
			}
		}
		_, err := io.WriteString(w, templ.EscapeString(msg[at:]))
		return err
	})
}

// textPart is an argument of withParts written as text.
func textPart(s string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, templ.EscapeString(s))
		return err
	})
}

// codePart is an argument of withParts in a <code> element.
func codePart(s string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, "<code>"+templ.EscapeString(s)+"</code>")
		return err
	})
}

// emPart is an argument of withParts in an <em> element.
func emPart(s string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, "<em>"+templ.EscapeString(s)+"</em>")
		return err
	})
}

// strongPart is an argument of withParts in a <strong> element.
func strongPart(s string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, "<strong>"+templ.EscapeString(s)+"</strong>")
		return err
	})
}

// withCode writes msg with each of its string arguments in a <code>
// element (a command, a file name).
func withCode(msg string, code ...string) templ.Component {
	parts := make([]templ.Component, len(code))
	for i, c := range code {
		parts[i] = codePart(c)
	}
	return withParts(msg, parts...)
}
