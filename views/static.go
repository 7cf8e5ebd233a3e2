package views

import (
	"sync"

	"github.com/a-h/templ"

	"annals/static"
)

// Static is the address of an embedded static file under its content-hashed
// name ("css/annals.css" gives "/static/css/annals.<digest>.css"), which is
// served with a year's immutable caching: a new version of the file gets a
// new name, so no browser keeps the old one.
func Static(name string) string { return static.Path(name) }

// The stylesheets a reading page (and an embed) carries in its head rather
// than links: a linked stylesheet holds back the first paint by a request
// (a round trip and often a new connection on a phone), and a reader who
// arrives from a report has nothing cached. It costs about 5 kB compressed
// per page. Print styles stay linked: they load without blocking.
var (
	pageStyle  = sync.OnceValue(func() inlineStyle { return newInlineStyle("css/fonts.css", "css/annals.css") })
	embedStyle = sync.OnceValue(func() inlineStyle { return newInlineStyle("css/fonts.css", "css/annals.css", "css/embed.css") })
)

// inlineStyle is a <style> element made once, written as it is into every
// page that carries it.
type inlineStyle struct {
	element string // "<style>…</style>"
	source  string // its style-src source
}

func newInlineStyle(names ...string) inlineStyle {
	s := static.Embedded().InlineStyle(names...)
	return inlineStyle{element: "<style>" + s.CSS + "</style>", source: s.Source}
}

func styleElement(s inlineStyle) templ.Component { return templ.Raw(s.element) }

// StyleSources are the style-src sources of the <style> elements the views
// write: the Content-Security-Policy allows these texts and no other.
func StyleSources() string { return pageStyle().source + " " + embedStyle().source }

// SharedStyles are the <style> elements as the views write them, the same
// bytes in every page that has one: the page cache keeps them once, not
// in every page.
var SharedStyles = sync.OnceValue(func() [][]byte {
	return [][]byte{[]byte(pageStyle().element), []byte(embedStyle().element)}
})
