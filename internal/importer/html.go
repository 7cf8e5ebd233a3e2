package importer

import (
	"html"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	nethtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"annals/internal/timeline"
)

// TimelineJS text is HTML. Annals keeps Markdown, so the HTML is first
// sanitised with bluemonday (only paragraphs, line breaks, emphasis, lists,
// quotes and http(s) links survive) and then written as Markdown.

var (
	htmlOnce   sync.Once
	htmlPolicy *bluemonday.Policy
	strict     = bluemonday.StrictPolicy()
)

func textPolicy() *bluemonday.Policy {
	htmlOnce.Do(func() {
		p := bluemonday.NewPolicy()
		p.AllowElements("p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "blockquote")
		p.AllowAttrs("href").OnElements("a")
		p.AllowURLSchemes("http", "https")
		p.RequireParseableURLs(true)
		htmlPolicy = p
	})
	return htmlPolicy
}

var (
	spaces       = regexp.MustCompile(`[ \t\r\n]+`)
	manyNewlines = regexp.MustCompile(`\n{3,}`)
)

// plainText strips every tag and decodes entities: for headlines, captions
// and credits.
func plainText(s string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(html.UnescapeString(strict.Sanitize(s)), " "))
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, "`", "\\`", `<`, `\<`)

// htmlToMarkdown sanitises s and writes it as Markdown.
func htmlToMarkdown(s string) string {
	clean := textPolicy().Sanitize(s)
	nodes, err := nethtml.ParseFragment(strings.NewReader(clean), &nethtml.Node{Type: nethtml.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return plainText(s)
	}
	var b strings.Builder
	for _, n := range nodes {
		writeMarkdown(&b, n, "")
	}
	out := manyNewlines.ReplaceAllString(b.String(), "\n\n")
	lines := strings.Split(out, "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func writeMarkdown(b *strings.Builder, n *nethtml.Node, listMark string) {
	switch n.Type {
	case nethtml.TextNode:
		b.WriteString(mdEscaper.Replace(spaces.ReplaceAllString(n.Data, " ")))
		return
	case nethtml.ElementNode:
	default:
		return
	}
	children := func(mark string) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			writeMarkdown(b, c, mark)
		}
	}
	switch n.Data {
	case "p", "blockquote":
		b.WriteString("\n\n")
		if n.Data == "blockquote" {
			b.WriteString("> ")
		}
		children("")
		b.WriteString("\n\n")
	case "br":
		b.WriteString("\n")
	case "strong", "b":
		b.WriteString("**")
		children("")
		b.WriteString("**")
	case "em", "i":
		b.WriteString("*")
		children("")
		b.WriteString("*")
	case "ul":
		b.WriteString("\n\n")
		children("- ")
		b.WriteString("\n")
	case "ol":
		b.WriteString("\n\n")
		children("1. ")
		b.WriteString("\n")
	case "li":
		b.WriteString(or(listMark, "- "))
		children("")
		b.WriteString("\n")
	case "a":
		href := ""
		for _, a := range n.Attr {
			if a.Key == "href" {
				href = a.Val
			}
		}
		if timeline.ValidateHTTPURL(href) != nil {
			children("")
			return
		}
		b.WriteString("[")
		children("")
		b.WriteString("](" + strings.NewReplacer("(", "%28", ")", "%29").Replace(href) + ")")
	default:
		children(listMark)
	}
}
