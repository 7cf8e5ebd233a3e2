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

var lineBreak = regexp.MustCompile(`(?i)<br\s*/?>|</(p|div|li)>`)

// plainLines is plainText for a credit or caption, with its line breaks
// written as sep: "Photo: AP<br>Map: OCHA" -> "Photo: AP; Map: OCHA".
func plainLines(s, sep string) string {
	var parts []string
	for _, line := range lineBreak.Split(s, -1) {
		if line = plainText(line); line != "" {
			parts = append(parts, line)
		}
	}
	return strings.Join(parts, sep)
}

// embedLink finds the link an embed code shows: the cite or permalink of
// a blockquote (Instagram), an iframe's src (YouTube, Vimeo, maps), or the
// last link inside it (a tweet's blockquote ends with the tweet's link).
func embedLink(code string) string {
	var cite, src, last string
	z := nethtml.NewTokenizer(strings.NewReader(code))
	for {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		for _, a := range tok.Attr {
			v := strings.TrimSpace(a.Val)
			if strings.HasPrefix(v, "//") {
				v = "https:" + v
			}
			if timeline.ValidateHTTPURL(v) != nil {
				continue
			}
			switch {
			case tok.DataAtom == atom.Blockquote && (a.Key == "cite" || a.Key == "data-instgrm-permalink") && cite == "":
				cite = v
			case tok.DataAtom == atom.Iframe && a.Key == "src" && src == "":
				src = v
			case tok.DataAtom == atom.A && a.Key == "href":
				last = v
			}
		}
	}
	return or(cite, or(src, last))
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
