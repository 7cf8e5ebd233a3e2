package static

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestHashedNameFollowsContent(t *testing.T) {
	a := HashedName("css/annals.css", []byte("body{color:red}"))
	b := HashedName("css/annals.css", []byte("body{color:blue}"))
	if a == b {
		t.Errorf("two contents share the name %s", a)
	}
	if a != HashedName("css/annals.css", []byte("body{color:red}")) {
		t.Errorf("the same content got two names")
	}
	if !strings.HasPrefix(a, "css/annals.") || !strings.HasSuffix(a, ".css") || len(a) != len("css/annals.css")+1+HashLen {
		t.Errorf("hashed name %q does not keep the folder, stem and extension", a)
	}
	if got := HashedName("LICENSE", []byte("x")); !strings.HasPrefix(got, "LICENSE.") {
		t.Errorf("a name without extension: %q", got)
	}
}

// A stylesheet names its fonts by hashed name, so a new font gives the
// stylesheet a new name too.
func TestStylesheetFollowsItsFonts(t *testing.T) {
	build := func(font string) *Assets {
		a, err := Build(fstest.MapFS{
			"css/fonts.css":  {Data: []byte(`@font-face{src:url(/static/fonts/a.woff2) format("woff2")} x{background:url(/static/none.png)}`)},
			"fonts/a.woff2":  {Data: []byte(font)},
			"embed.js":       {Data: []byte("js")},
			"css/annals.css": {Data: []byte("body{}")},
		})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	one, two := build("font one"), build("font two")
	css, immutable, ok := one.Lookup(strings.TrimPrefix(one.Path("css/fonts.css"), "/static/"))
	if !ok || !immutable {
		t.Fatalf("hashed stylesheet not found: %v %v", ok, immutable)
	}
	if want := "url(" + one.Path("fonts/a.woff2") + ")"; !strings.Contains(string(css.Body), want) {
		t.Errorf("stylesheet %s does not name %s", css.Body, want)
	}
	if !strings.Contains(string(css.Body), "url(/static/none.png)") {
		t.Errorf("an unknown file's reference changed: %s", css.Body)
	}
	if one.Path("css/fonts.css") == two.Path("css/fonts.css") {
		t.Errorf("the stylesheet kept its name when its font changed")
	}
	if one.Path("css/annals.css") != two.Path("css/annals.css") {
		t.Errorf("an unrelated stylesheet changed name")
	}
	if _, immutable, ok := one.Lookup("css/fonts.css"); !ok || immutable {
		t.Errorf("the plain name: found %v, immutable %v", ok, immutable)
	}
	if got := one.Path("css/missing.css"); got != "/static/css/missing.css" {
		t.Errorf("unknown file: %q", got)
	}
}

// Every embedded file is reachable by its hashed name.
func TestEmbeddedAssets(t *testing.T) {
	for _, name := range []string{"css/annals.css", "embed.js", "favicon.svg", "favicon.ico", "fonts/padauk-myanmar-400-normal.woff2"} {
		p := Path(name)
		if p == "/static/"+name {
			t.Errorf("%s has no hashed name", name)
			continue
		}
		if _, immutable, ok := Embedded().Lookup(strings.TrimPrefix(p, "/static/")); !ok || !immutable {
			t.Errorf("%s: %s not found", name, p)
		}
	}
}
