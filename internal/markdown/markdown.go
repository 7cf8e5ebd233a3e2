// Package markdown renders the Markdown that staff write (event and timeline
// summaries) into HTML that is safe to put on a public page.
package markdown

import (
	"bytes"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	md = goldmark.New(
		// Raw HTML in the source is dropped by goldmark (no WithUnsafe), and
		// the output is sanitised again below: two locks on one door, since a
		// summary is typed by people and may be pasted from anywhere.
		goldmark.WithExtensions(extension.Strikethrough, extension.Linkify),
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

// ToHTML renders src as sanitised HTML.
func ToHTML(src string) string {
	var buf bytes.Buffer
	if err := md.Convert([]byte(src), &buf); err != nil {
		// goldmark only fails on writer errors; fall back to escaped text.
		return sanitiser().Sanitize("<p>" + bluemonday.StrictPolicy().Sanitize(src) + "</p>")
	}
	return sanitiser().Sanitize(buf.String())
}
