package timeline

import (
	"strings"
	"testing"
)

func TestTranslationValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		tr       Translation
		original string
		want     string // "" for valid, else "field: words"
	}{
		{"Burmese of English", Translation{Lang: "my", Title: "အာဏာသိမ်း"}, "en", ""},
		{"regional variant", Translation{Lang: "pt-BR", Title: "Golpe"}, "pt", ""},
		{"same language", Translation{Lang: "en", Title: "Coup"}, "en", "lang: \"en\" is the language the text was written in"},
		{"same, other case", Translation{Lang: "my", Title: "x"}, "MY", "lang: \"my\" is the language"},
		{"not a tag", Translation{Lang: "Burmese", Title: "x"}, "en", "lang: \"Burmese\" is not a language code"},
		{"empty tag", Translation{Lang: "", Title: "x"}, "en", "lang: \"\" is not a language code"},
		{"no title", Translation{Lang: "my", Title: " \n"}, "en", "title: is required"},
		{"control character", Translation{Lang: "my", Title: "x", Summary: "a\x00b"}, "en", "summary: contains a control character"},
	} {
		err := tc.tr.Validate(tc.original)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v, want valid", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
