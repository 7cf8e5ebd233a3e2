// Package markdown renders the Markdown that staff write (event and timeline
// summaries) into HTML that is safe to put on a public page.
package markdown

import (
	"bytes"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

var (
	md = goldmark.New(
		// Raw HTML in the source is dropped by goldmark (no WithUnsafe), and
		// the output is sanitised again below: two locks on one door, since a
		// summary is typed by people and may be pasted from anywhere.
		goldmark.WithExtensions(extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(imagesAsLinks{}, 100))),
	)
	policyOnce sync.Once
	policy     *bluemonday.Policy
)

func sanitiser() *bluemonday.Policy {
	policyOnce.Do(func() {
		p := bluemonday.UGCPolicy()
		p.AllowURLSchemes("http", "https", "mailto")
		p.RequireNoFollowOnLinks(true)
		p.RequireNoReferrerOnLinks(true)
		p.AddTargetBlankToFullyQualifiedLinks(false)
		policy = p
	})
	return policy
}

// Version names the renderer: bump it whenever a change here would change
// the HTML of any text (goldmark's extensions, the sanitiser's policy, a
// library upgrade that renders differently). The HTML stored beside each
// text remembers the version that made it, and `annals migrate` renders
// again every text made by another (internal/postgres/markdown.go).
const Version = 1

// Stored is src as HTML: stored, the HTML rendered from src when it was
// saved, or a fresh rendering when none was stored (a preview, a text not
// read from the database).
func Stored(src, stored string) string {
	if stored != "" || src == "" {
		return stored
	}
	return ToHTML(src)
}

// ToHTML renders src as sanitised HTML.
func ToHTML(src string) string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on writer errors; fall back to escaped text.
		return sanitiser().Sanitize("<p>" + bluemonday.StrictPolicy().Sanitize(src) + "</p>")
	}
	return sanitiser().Sanitize(buf.String())
}

// imagesAsLinks turns every image into a link to it, its alt text the link's
// text. A summary travels into embeds, the API and feed readers, which would
// fetch a remote image and tell its host who is reading; pictures belong in
// an event's media, where Annals serves them itself.
type imagesAsLinks struct{}

func (imagesAsLinks) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	var images []*ast.Image
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering {
			images = append(images, img)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range images {
		link := ast.NewLink()
		link.Destination, link.Title = img.Destination, img.Title
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if link.ChildCount() == 0 {
			link.AppendChild(link, ast.NewString([]byte("image")))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}
