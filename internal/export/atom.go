package export

import (
	"encoding/xml"
	"fmt"
	"io"
	"time"
)

// Feed is an Atom feed, shaped by the caller: absolute URLs, HTML already
// sanitised, entries in the order to write them (newest first).
type Feed struct {
	ID       string // the timeline's absolute URL
	Title    string
	Subtitle string
	SelfURL  string // the feed's own URL
	HTMLURL  string // the timeline page
	Updated  time.Time
	Entries  []Entry
}

// Entry is one event in a feed.
type Entry struct {
	ID        string // the permalink (stable)
	Title     string
	URL       string // the permalink
	Published time.Time
	Updated   time.Time // changes whenever the event is edited
	Category  string
	HTML      string // sanitised HTML content
}

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomAuthor  `xml:"author"`
	Entries  []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string        `xml:"id"`
	Title     string        `xml:"title"`
	Link      atomLink      `xml:"link"`
	Published string        `xml:"published"`
	Updated   string        `xml:"updated"`
	Category  *atomCategory `xml:"category,omitempty"`
	Content   atomContent   `xml:"content"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

// Atom writes f as an Atom 1.0 document.
func Atom(w io.Writer, f Feed) error {
	af := atomFeed{
		ID: f.ID, Title: f.Title, Subtitle: f.Subtitle, Updated: stamp(f.Updated),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: f.SelfURL},
			{Rel: "alternate", Type: "text/html", Href: f.HTMLURL},
		},
		Author: atomAuthor{Name: "Annals"},
	}
	for _, e := range f.Entries {
		ae := atomEntry{
			ID: e.ID, Title: e.Title, Link: atomLink{Rel: "alternate", Type: "text/html", Href: e.URL},
			Published: stamp(e.Published), Updated: stamp(e.Updated),
			Content: atomContent{Type: "html", Body: e.HTML},
		}
		if e.Category != "" {
			ae.Category = &atomCategory{Term: e.Category}
		}
		af.Entries = append(af.Entries, ae)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write feed: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(af); err != nil {
		return fmt.Errorf("write feed: %w", err)
	}
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
