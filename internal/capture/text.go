package capture

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// Text is the readable text of a page: for HTML, the text of its elements
// less scripts, styles and templates, one block a line; for plain text, the
// text itself; for anything else, nothing. It is what the comparison of two
// captures compares, so it is normalised: spaces collapsed, no blank runs.
func Text(contentType string, body []byte) string {
	ct := strings.ToLower(contentType)
	switch {
	case strings.HasPrefix(ct, "text/plain"):
		return normalise(decode(ct, body))
	case ct == "" || strings.Contains(ct, "html"):
	default:
		return ""
	}
	doc, err := html.Parse(strings.NewReader(decode(ct, body)))
	if err != nil {
		return ""
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript, atom.Head:
				if n.DataAtom != atom.Head {
					return
				}
			}
		}
		block := n.Type == html.ElementNode && blocks[n.DataAtom]
		if block {
			b.WriteString("\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if n.DataAtom == atom.Head && c.DataAtom != atom.Title {
				continue
			}
			walk(c)
		}
		if block {
			b.WriteString("\n")
		}
	}
	walk(doc)
	return normalise(b.String())
}

var blocks = map[atom.Atom]bool{
	atom.Title: true, atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Tr: true, atom.H1: true,
	atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Article: true,
	atom.Section: true, atom.Header: true, atom.Footer: true, atom.Blockquote: true, atom.Pre: true,
	atom.Figcaption: true, atom.Td: true, atom.Th: true, atom.Dd: true, atom.Dt: true, atom.Main: true,
	atom.Nav: true, atom.Aside: true, atom.Hr: true, atom.Table: true, atom.Ul: true, atom.Ol: true,
}

// decode reads body in the charset it declares (header or meta), UTF-8
// when it says none.
func decode(contentType string, body []byte) string {
	if utf8.Valid(body) {
		return string(body)
	}
	r, err := charset.NewReader(bytes.NewReader(body), contentType)
	if err != nil {
		return strings.ToValidUTF8(string(body), "\uFFFD")
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(r); err != nil {
		return strings.ToValidUTF8(string(body), "\uFFFD")
	}
	return out.String()
}

func normalise(s string) string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	return strings.Join(lines, "\n") + "\n"
}
