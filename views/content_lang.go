package views

import (
	"context"
	"strings"

	"github.com/a-h/templ"

	"annals/internal/i18n"
	"annals/internal/timeline"
)

// Content languages: an event's or a timeline's title and summary are shown
// in the reader's language where a published translation exists, and in the
// original language, marked with lang and a short note, where not.

// LanguageName is the name of the language tag in ctx's interface language
// ("Burmese", "ဗမာ"), or the tag itself when the message files do not name
// it.
func LanguageName(ctx context.Context, tag string) string {
	base := strings.ToLower(tag)
	if i := strings.IndexAny(base, "-_"); i >= 0 {
		base = base[:i]
	}
	if name, ok := i18n.Messages().Lookup(Lang(ctx), "langname."+base); ok {
		return name
	}
	return tag
}

// ShownInOriginal reports whether text written in textLang is not in the
// reader's language, so it is shown in the original and marked as such.
func ShownInOriginal(ctx context.Context, textLang string) bool {
	return textLang != "" && !timeline.SameLanguage(textLang, Lang(ctx))
}

// OriginalNote says that a text is shown in its original language textLang
// because the reader's language has no translation of it.
func OriginalNote(ctx context.Context, textLang string) string {
	return T(ctx, "content.original", LanguageName(ctx, textLang))
}

// ContentDir is the writing direction of content in lang ("" when unknown,
// so the attribute is left to the page).
func ContentDir(lang string) string {
	if lang == "" {
		return ""
	}
	return i18n.Dir(lang)
}

// contentAttrs marks content written in lang when it is not the interface
// language: its lang, and its dir when that differs from the page's.
func contentAttrs(ctx context.Context, lang string) templ.Attributes {
	a := langAttr(contentLang(ctx, lang))
	if _, ok := a["lang"]; ok && i18n.Dir(lang) != Dir(ctx) {
		a["dir"] = i18n.Dir(lang)
	}
	return a
}

// timelineOriginalNote is the one note of a timeline page about content
// shown in its original language: all of it ("Shown in the original
// language (English)"), some of it, or none ("").
func timelineOriginalNote(ctx context.Context, p TimelinePage) string {
	original, translated := "", false
	check := func(lang string) {
		switch {
		case ShownInOriginal(ctx, lang):
			if original == "" {
				original = lang
			}
		case lang != "":
			translated = true
		}
	}
	check(p.Meta.Lang)
	for _, y := range p.Years {
		for _, m := range y.Months {
			for _, e := range m.Events {
				check(e.Lang)
			}
		}
	}
	switch {
	case original == "":
		return ""
	case translated:
		return T(ctx, "content.original.some", LanguageName(ctx, original))
	}
	return OriginalNote(ctx, original)
}
