package web

import (
	"bytes"
	"strings"

	"github.com/labstack/echo/v4"

	"annals/internal/export"
	"annals/internal/i18n"
	"annals/internal/markdown"
	"annals/views"
)

// FeedSize is how many events a feed carries: the most recently changed.
const FeedSize = 50

// feed serves the Atom feed of a public timeline's published events, the
// most recently added or edited first; an edit changes the entry's updated
// time, so feed readers show it again.
func (s *Server) feed(c echo.Context, slug string) error {
	t, events, err := s.dataStore().FeedEntries(c.Request().Context(), slug, FeedSize)
	if err != nil {
		return err
	}
	base := s.baseURL(c)
	f := export.Feed{
		ID:       base + timelinePath(slug),
		Title:    t.Title,
		Subtitle: firstSentence(t.Summary),
		SelfURL:  base + timelinePath(slug) + ".atom",
		HTMLURL:  base + timelinePath(slug),
		Updated:  t.UpdatedAt,
	}
	for _, e := range events {
		if e.UpdatedAt.After(f.Updated) {
			f.Updated = e.UpdatedAt
		}
		var b strings.Builder
		b.WriteString("<p><strong>" + htmlEscape(e.When.Format()) + "</strong>")
		if pl := placeText(i18n.Default, e.Place); pl != "" {
			b.WriteString(" · " + htmlEscape(pl))
		}
		b.WriteString("</p>")
		b.WriteString(markdown.Stored(e.Summary, e.SummaryHTML))
		if len(e.Citations) > 0 {
			b.WriteString("<p>Sources:</p><ol>")
			for _, ci := range e.Citations {
				b.WriteString("<li>" + export.SourceHTML(ci.Source) + "</li>")
			}
			b.WriteString("</ol>")
		}
		permalink := base + eventPath(slug, e.Slug)
		f.Entries = append(f.Entries, export.Entry{
			ID: permalink, URL: permalink, Title: e.Title, Published: e.CreatedAt, Updated: e.UpdatedAt,
			Category: e.Category.Name, HTML: b.String(),
		})
	}
	var buf bytes.Buffer
	if err := export.Atom(&buf, f); err != nil {
		return err
	}
	return sendData(c, "application/atom+xml; charset=utf-8", "", buf.Bytes())
}

// feedAlternate is the timeline page's <link rel="alternate"> to its feed.
func feedAlternate(slug, title string) views.Alternate {
	return views.Alternate{Type: "application/atom+xml", Href: timelinePath(slug) + ".atom", Title: title + " (Atom feed)"}
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func htmlEscape(s string) string { return htmlEscaper.Replace(s) }
