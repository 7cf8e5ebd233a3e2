package timeline

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Three-way merge of an event: when two people edit the same event, the
// second save is compared with the version both started from (base), not
// only with the version saved meanwhile (theirs). A field only one side
// changed takes that side's value; a field both changed alike merges; only
// a field both changed differently is a conflict, which a person resolves
// by keeping theirs or keeping mine. Lists (actors, sources, figures) merge
// element by element, keyed by what the element is (the actor, the source,
// the figure's count), so an actor added on one side and another removed on
// the other both apply.

// MergeConflict is one field (or list element) both sides changed,
// differently. Field names it for KeepTheirs; the rest is for people.
type MergeConflict struct {
	Field  string // "title", "actor:tatmadaw", "source:id:12", "figure:..."
	Label  string // "Title", "Actor tatmadaw", "Source “Report on ...”"
	Theirs string // the value saved meanwhile, in words
	Mine   string // the value being saved, in words
}

// scalarField is one field of an event that merges as a whole.
type scalarField struct {
	name, label string
	get         func(Event) string // what is compared
	show        func(Event) string // what people read; get when nil
	set         func(to *Event, from Event)
}

var scalarFields = []scalarField{
	{name: "title", label: "Title", get: func(e Event) string { return e.Title },
		set: func(to *Event, from Event) { to.Title = from.Title }},
	{name: "slug", label: "Permalink slug", get: func(e Event) string { return e.Slug },
		set: func(to *Event, from Event) { to.Slug = from.Slug }},
	{name: "start", label: "Start date", get: func(e Event) string { return e.When.Start.String() },
		show: func(e Event) string { return e.When.Start.Format() },
		set:  func(to *Event, from Event) { to.When.Start = from.When.Start }},
	{name: "start_time", label: "Start time", get: func(e Event) string { return e.When.StartTime.String() },
		set: func(to *Event, from Event) { to.When.StartTime = from.When.StartTime }},
	{name: "end", label: "End date", get: func(e Event) string { return e.When.End.String() },
		show: func(e Event) string { return e.When.End.Format() },
		set:  func(to *Event, from Event) { to.When.End = from.When.End }},
	{name: "end_time", label: "End time", get: func(e Event) string { return e.When.EndTime.String() },
		set: func(to *Event, from Event) { to.When.EndTime = from.When.EndTime }},
	{name: "category", label: "Category", get: func(e Event) string { return e.Category.Slug },
		show: func(e Event) string { return cmp.Or(e.Category.Name, e.Category.Slug) },
		set:  func(to *Event, from Event) { to.Category = from.Category }},
	{name: "place", label: "Place", get: func(e Event) string { return PlaceWords(e.Place) },
		set: func(to *Event, from Event) { to.Place = from.Place }},
	{name: "visibility", label: "Visibility", get: func(e Event) string { return string(e.Visibility) },
		show: func(e Event) string { return VisibilityWords(e.Visibility) },
		set:  func(to *Event, from Event) { to.Visibility = from.Visibility }},
	{name: "summary", label: "Summary", get: func(e Event) string { return e.Summary },
		set: func(to *Event, from Event) { to.Summary = from.Summary }},
}

// MergeEvents merges mine (being saved) with theirs (saved meanwhile),
// both edited from base. With a nil base (the starting version is not
// known) every difference is a conflict. The merged event holds mine's
// side of every conflict, and theirs' ID and Version.
func MergeEvents(base *Event, theirs, mine Event) (Event, []MergeConflict) {
	merged := mine
	merged.ID, merged.Version = theirs.ID, theirs.Version
	var conflicts []MergeConflict
	for _, f := range scalarFields {
		b, t, m := "", f.get(theirs), f.get(mine)
		if base != nil {
			b = f.get(*base)
		}
		switch {
		case t == m:
		case base != nil && m == b:
			f.set(&merged, theirs)
		case base != nil && t == b:
		default:
			show := f.show
			if show == nil {
				show = f.get
			}
			conflicts = append(conflicts, MergeConflict{Field: f.name, Label: f.label,
				Theirs: cmp.Or(show(theirs), "(empty)"), Mine: cmp.Or(show(mine), "(empty)")})
		}
	}
	keys := newSourceKeys(base, theirs)
	var baseActors []EventActor
	var baseCitations []Citation
	var baseFigures []Figure
	if base != nil {
		baseActors, baseCitations, baseFigures = base.Actors, base.Citations, base.Figures
	}
	var c []MergeConflict
	merged.Actors, c = mergeList(base != nil, baseActors, theirs.Actors, mine.Actors, actorList)
	conflicts = append(conflicts, c...)
	merged.Citations, c = mergeList(base != nil, baseCitations, theirs.Citations, mine.Citations, keys.citationList())
	conflicts = append(conflicts, c...)
	merged.Figures, c = mergeList(base != nil, baseFigures, theirs.Figures, mine.Figures, keys.figureList())
	conflicts = append(conflicts, c...)
	var baseMedia []Media
	if base != nil {
		baseMedia = base.Media
	}
	merged.Media, c = mergeList(base != nil, baseMedia, theirs.Media, mine.Media, mediaList)
	conflicts = append(conflicts, c...)
	return merged, conflicts
}

// KeepTheirs resolves one conflict (named by its Field) in favour of
// theirs: mine gets theirs' value of the field, or theirs' version of the
// list element (added, changed or removed as in theirs).
func KeepTheirs(mine, theirs Event, field string) Event {
	for _, f := range scalarFields {
		if f.name == field {
			f.set(&mine, theirs)
			return mine
		}
	}
	keys := newSourceKeys(nil, theirs)
	switch {
	case strings.HasPrefix(field, "actor:"):
		mine.Actors = keepTheirs(theirs.Actors, mine.Actors, actorList, field)
	case strings.HasPrefix(field, "source:"):
		mine.Citations = keepTheirs(theirs.Citations, mine.Citations, keys.citationList(), field)
	case strings.HasPrefix(field, "figure:"):
		mine.Figures = keepTheirs(theirs.Figures, mine.Figures, keys.figureList(), field)
	case strings.HasPrefix(field, "media:"):
		mine.Media = keepTheirs(theirs.Media, mine.Media, mediaList, field)
	}
	return mine
}

// listKind says how the elements of one list are told apart (key), what
// of an element can change (value) and how people name them.
type listKind[T any] struct {
	key   func(T) string
	value func(T) string
	label func(T) string
	show  func(T) string
	list  string         // "actor", "source", "figure", "media"
	item  func(T) string // the element's name in label
}

var actorList = listKind[EventActor]{
	key:   func(a EventActor) string { return "actor:" + a.Actor.Slug },
	value: func(a EventActor) string { return a.Role },
	label: func(a EventActor) string { return "Actor " + cmp.Or(a.Actor.Name, a.Actor.Slug) },
	list:  "actor", item: func(a EventActor) string { return cmp.Or(a.Actor.Name, a.Actor.Slug) },
	show: func(a EventActor) string { return "listed, role: " + RoleWords(a.Role) },
}

// sourceKeys names sources the same way on both sides: a source cited
// from the library by id, and one typed in with a URL already in the
// library, are the same source.
type sourceKeys struct{ byURL map[string]int64 }

func newSourceKeys(base *Event, theirs Event) sourceKeys {
	k := sourceKeys{byURL: map[string]int64{}}
	add := func(e Event) {
		for _, c := range e.Citations {
			if c.Source.ID != 0 && c.Source.URL != "" {
				k.byURL[c.Source.URL] = c.Source.ID
			}
		}
	}
	if base != nil {
		add(*base)
	}
	add(theirs)
	return k
}

func (k sourceKeys) of(s Source) string {
	if s.ID == 0 && s.URL != "" {
		if id, ok := k.byURL[s.URL]; ok {
			return "id:" + strconv.FormatInt(id, 10)
		}
		return "url:" + s.URL
	}
	if s.ID == 0 {
		return "new:" + s.Title + "|" + s.Publisher + "|" + s.Published.String()
	}
	return "id:" + strconv.FormatInt(s.ID, 10)
}

func (k sourceKeys) citationList() listKind[Citation] {
	return listKind[Citation]{
		key:   func(c Citation) string { return "source:" + k.of(c.Source) },
		value: func(c Citation) string { return c.Locator + "\x00" + c.Note },
		label: func(c Citation) string { return "Source “" + c.Source.Title + "”" },
		list:  "source", item: func(c Citation) string { return c.Source.Title },
		show: func(c Citation) string {
			return "cited" + prefixed(", at ", c.Locator) + prefixed(", note: ", c.Note)
		},
	}
}

// figureList: a figure is the count it states (what, how many, as of when,
// from which source); its attribution and note can change.
func (k sourceKeys) figureList() listKind[Figure] {
	return listKind[Figure]{
		key: func(f Figure) string {
			return fmt.Sprintf("figure:%s|%s|%s|%s|%d|%s", f.Metric, f.Scope, f.AsOf.String(), k.of(f.Source), f.Value, f.Qualifier)
		},
		value: func(f Figure) string { return f.Attribution + "\x00" + f.Note },
		label: func(f Figure) string { return "Figure: " + FigureWords(f) },
		list:  "figure", item: FigureWords,
		show: func(f Figure) string {
			return "listed" + prefixed(", attributed to ", f.Attribution) + prefixed(", note: ", f.Note)
		},
	}
}

// mediaList: a medium is the image or video it shows (its link or
// upload); its caption, credit, alt text and sensitivity can change.
var mediaList = listKind[Media]{
	key: func(m Media) string { return "media:" + string(m.Kind) + "|" + m.URL + "|" + m.Upload },
	value: func(m Media) string {
		return m.Caption + "\x00" + m.Credit + "\x00" + m.Alt + "\x00" + strconv.FormatBool(m.Sensitive)
	},
	label: func(m Media) string { return "Media: " + MediaWords(m) },
	list:  "media", item: MediaWords,
	show: func(m Media) string {
		s := "shown" + prefixed(", caption: ", m.Caption) + prefixed(", credit: ", m.Credit) + prefixed(", alt text: ", m.Alt)
		if m.Sensitive {
			s += ", marked sensitive"
		}
		return s
	},
}

// mergeList merges one list element by element. The order is mine's, with
// elements only theirs has placed after their neighbour in theirs.
func mergeList[T any](haveBase bool, base, theirs, mine []T, kind listKind[T]) ([]T, []MergeConflict) {
	index := func(list []T) map[string]int {
		m := make(map[string]int, len(list))
		for i, x := range list {
			m[kind.key(x)] = i
		}
		return m
	}
	bi, ti, mi := index(base), index(theirs), index(mine)
	state := func(list []T, idx map[string]int, key string) (string, bool) {
		i, ok := idx[key]
		if !ok {
			return "", false
		}
		return kind.value(list[i]), true
	}
	// take[key] is the side whose element (or absence) the merge keeps.
	take := map[string]byte{}
	var conflicts []MergeConflict
	var order []string
	for _, list := range [][]T{mine, theirs, base} {
		for _, x := range list {
			if k := kind.key(x); take[k] == 0 {
				take[k] = '?'
				order = append(order, k)
			}
		}
	}
	for _, k := range order {
		bv, bok := state(base, bi, k)
		tv, tok := state(theirs, ti, k)
		mv, mok := state(mine, mi, k)
		switch {
		case tok == mok && tv == mv:
			take[k] = 'm'
		case haveBase && mok == bok && mv == bv:
			take[k] = 't'
		case haveBase && tok == bok && tv == bv:
			take[k] = 'm'
		default:
			take[k] = 'm'
			c := MergeConflict{Field: k, Theirs: "(not listed)", Mine: "(not listed)"}
			if tok {
				c.Label, c.Theirs = kind.label(theirs[ti[k]]), kind.show(theirs[ti[k]])
			}
			if mok {
				c.Mine = kind.show(mine[mi[k]])
				if c.Label == "" {
					c.Label = kind.label(mine[mi[k]])
				}
			}
			if c.Label == "" {
				c.Label = kind.label(base[bi[k]])
			}
			conflicts = append(conflicts, c)
		}
	}
	var out []T
	var outKeys []string
	for _, x := range mine {
		k := kind.key(x)
		if take[k] == 'm' {
			out, outKeys = append(out, x), append(outKeys, k)
		} else if i, ok := ti[k]; ok {
			out, outKeys = append(out, theirs[i]), append(outKeys, k)
		}
	}
	for i, x := range theirs {
		k := kind.key(x)
		if take[k] != 't' || slices.Contains(outKeys, k) {
			continue
		}
		at := 0 // after the nearest earlier element of theirs already placed
		for j := i - 1; j >= 0; j-- {
			if p := slices.Index(outKeys, kind.key(theirs[j])); p >= 0 {
				at = p + 1
				break
			}
		}
		out, outKeys = slices.Insert(out, at, x), slices.Insert(outKeys, at, k)
	}
	return out, conflicts
}

// keepTheirs gives mine theirs' version of the element named key.
func keepTheirs[T any](theirs, mine []T, kind listKind[T], key string) []T {
	i := slices.IndexFunc(mine, func(x T) bool { return kind.key(x) == key })
	j := slices.IndexFunc(theirs, func(x T) bool { return kind.key(x) == key })
	switch {
	case i >= 0 && j >= 0:
		mine = slices.Clone(mine)
		mine[i] = theirs[j]
	case i >= 0:
		mine = slices.Delete(slices.Clone(mine), i, i+1)
	case j >= 0:
		mine = append(slices.Clone(mine), theirs[j])
	}
	return mine
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}
