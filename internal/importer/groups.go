package importer

import (
	"fmt"
	"strconv"
	"strings"

	"annals/internal/timeline"
)

// A cell of the native CSV may hold several groups (sources, figures), one
// per line; a group's fields are separated by "|". A "|", a backslash or a
// line break inside a field is written \| , \\ or \n.

// SplitGroups splits a cell into its groups, skipping blank lines.
func SplitGroups(cell string) [][]string {
	var out [][]string
	for _, line := range strings.Split(strings.ReplaceAll(cell, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		out = append(out, splitFields(line))
	}
	return out
}

func splitFields(line string) []string {
	var fields []string
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == '\\' && i+1 < len(line):
			i++
			switch line[i] {
			case 'n':
				b.WriteByte('\n')
			default:
				b.WriteByte(line[i])
			}
		case c == '|':
			fields = append(fields, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(c)
		}
	}
	return append(fields, strings.TrimSpace(b.String()))
}

// JoinGroup writes one group: fields escaped and joined by "|", with empty
// trailing fields left off.
func JoinGroup(fields ...string) string {
	for len(fields) > 0 && fields[len(fields)-1] == "" {
		fields = fields[:len(fields)-1]
	}
	esc := strings.NewReplacer(`\`, `\\`, `|`, `\|`, "\n", `\n`, "\r", "")
	parts := make([]string, len(fields))
	for i, f := range fields {
		parts[i] = esc.Replace(f)
	}
	return strings.Join(parts, "|")
}

func field(fields []string, i int) string {
	if i < len(fields) {
		return fields[i]
	}
	return ""
}

// SourceGroup writes a citation as a group of the sources column:
// url|title|publisher|date|kind|archive_url|locator|note|confidential.
func SourceGroup(c timeline.Citation) string {
	s := c.Source
	conf := ""
	if s.Confidential {
		conf = "confidential"
	}
	kind := s.Kind
	if kind == "other" {
		kind = ""
	}
	return JoinGroup(s.URL, s.Title, s.Publisher, s.Published.String(), kind, s.ArchiveURL, c.Locator, c.Note, conf)
}

// parseSourceGroup reads a sources-column group; problems go to p.
func parseSourceGroup(f []string, n int, p func(format string, args ...any)) timeline.Citation {
	src := timeline.Source{
		URL:        field(f, 0),
		Title:      field(f, 1),
		Publisher:  field(f, 2),
		Kind:       or(field(f, 4), "other"),
		ArchiveURL: field(f, 5),
	}
	if src.Title == "" {
		src.Title = src.URL
	}
	if d := field(f, 3); d != "" {
		date, err := timeline.ParseDate(d)
		if err != nil {
			p("source %d: date: %s", n, err)
		}
		src.Published = date
	}
	switch strings.ToLower(field(f, 8)) {
	case "", "no", "false", "public":
	case "confidential", "yes", "true":
		src.Confidential = true
	default:
		p("source %d: the 9th field is %q; write \"confidential\" or leave it empty", n, field(f, 8))
	}
	if len(f) > 9 {
		p("source %d: has %d fields; a source is url|title|publisher|date|kind|archive_url|locator|note|confidential", n, len(f))
	}
	return timeline.Citation{Source: src, Locator: field(f, 6), Note: field(f, 7)}
}

// FigureGroup writes a figure as a group of the figures column:
// metric|value|qualifier|scope|as_of|source_url|source_title|source_publisher|attribution|note.
func FigureGroup(f timeline.Figure) string {
	return JoinGroup(f.Metric, strconv.FormatInt(f.Value, 10), string(f.Qualifier), string(f.Scope), f.AsOf.String(),
		f.Source.URL, f.Source.Title, f.Source.Publisher, f.Attribution, f.Note)
}

// parseFigureGroup reads a figures-column group. The figure's source is the
// row's source with that URL (or title) when there is one.
func parseFigureGroup(f []string, n int, cited []timeline.Citation, p func(format string, args ...any)) timeline.Figure {
	fig := timeline.Figure{
		Metric:      field(f, 0),
		Qualifier:   timeline.Qualifier(or(field(f, 2), string(timeline.QualifierExact))),
		Scope:       timeline.Scope(or(field(f, 3), string(timeline.ScopeCumulative))),
		Attribution: field(f, 8),
		Note:        field(f, 9),
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(field(f, 1), ",", ""), 10, 64)
	if err != nil {
		p("figure %d: value %q is not a whole number", n, field(f, 1))
	}
	fig.Value = v
	if d, err := timeline.ParseDate(field(f, 4)); err != nil {
		p("figure %d: as_of: %s", n, err)
	} else {
		fig.AsOf = d
	}
	url, title, publisher := field(f, 5), field(f, 6), field(f, 7)
	if url == "" && title == "" {
		p("figure %d: needs its source (a URL, or the title of a source without one)", n)
	}
	for _, c := range cited {
		if (url != "" && c.Source.URL == url) || (url == "" && c.Source.URL == "" && c.Source.Title == title) {
			fig.Source = c.Source
			return fig
		}
	}
	fig.Source = timeline.Source{URL: url, Title: or(title, url), Publisher: publisher, Kind: "other"}
	if len(f) > 10 {
		p("figure %d: has %d fields; a figure is metric|value|qualifier|scope|as_of|source_url|source_title|source_publisher|attribution|note", n, len(f))
	}
	return fig
}

// ActorEntry writes an actor of the actors column: slug, slug:role or
// slug:role:Name.
func ActorEntry(a timeline.EventActor) string {
	return strings.TrimRight(a.Actor.Slug+":"+a.Role+":"+strings.ReplaceAll(a.Actor.Name, "|", "/"), ":")
}

func splitActors(cell string) []string {
	var out []string
	for _, s := range strings.Split(cell, "|") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
