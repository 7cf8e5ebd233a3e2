package timeline

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// MaxFilterPlaces bounds the places one filter names (a map's cluster
// links to all of its places at once).
const MaxFilterPlaces = 50

// Filter narrows a timeline: by categories, actors, places and a date range. The zero
// Filter shows everything. It round-trips through a query string, so every
// filtered view has a permalink.
type Filter struct {
	Categories []string
	Actors     []string
	// Places are place keys (a place's id, as in ?place=12): events at
	// any of them.
	Places []int64
	From   FuzzyDate // events that end on or after its first day
	To     FuzzyDate // events that start on or before its last day
}

// IsZero reports whether the filter shows everything.
func (f Filter) IsZero() bool {
	return len(f.Categories) == 0 && len(f.Actors) == 0 && len(f.Places) == 0 && f.From.IsZero() && f.To.IsZero()
}

// FilterFromQuery reads category, actor, place, from and to from a query string.
// Unreadable values are reported as problems and left out of the filter.
func FilterFromQuery(q url.Values) (Filter, error) {
	p := NewProblems("")
	var f Filter
	f.Categories = slugList(q["category"], "category", p)
	f.Actors = slugList(q["actor"], "actor", p)
	f.Places = placeList(q["place"], p)
	if s := strings.TrimSpace(q.Get("from")); s != "" {
		d, err := ParseDate(s)
		p.AddErr("from", err)
		f.From = d
	}
	if s := strings.TrimSpace(q.Get("to")); s != "" {
		d, err := ParseDate(s)
		p.AddErr("to", err)
		f.To = d
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Last().Before(f.From.First()) {
		p.Add("to", "%s is before %s", f.To.Format(), f.From.Format())
	}
	return f, p.Err()
}

func slugList(values []string, field string, p *Problems) []string {
	var out []string
	for _, v := range values {
		for _, s := range strings.Split(v, ",") {
			s = strings.TrimSpace(s)
			if s == "" || slices.Contains(out, s) {
				continue
			}
			if err := ValidateSlug(s); err != nil {
				p.AddErr(field, err)
				continue
			}
			out = append(out, s)
		}
	}
	return out
}

// placeList reads place keys: positive whole numbers, at most
// MaxFilterPlaces of them.
func placeList(values []string, p *Problems) []int64 {
	var out []int64
	for _, v := range values {
		for _, s := range strings.Split(v, ",") {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil || id <= 0 {
				p.Add("place", "%q is not a place key (a whole number, as in place=12)", s)
				continue
			}
			if slices.Contains(out, id) {
				continue
			}
			if len(out) == MaxFilterPlaces {
				p.Add("place", "at most %d places can be chosen at once", MaxFilterPlaces)
				return out
			}
			out = append(out, id)
		}
	}
	return out
}

// Query writes the filter as a query string, in a stable order.
func (f Filter) Query() url.Values {
	q := url.Values{}
	for _, c := range f.Categories {
		q.Add("category", c)
	}
	for _, a := range f.Actors {
		q.Add("actor", a)
	}
	for _, id := range f.Places {
		q.Add("place", strconv.FormatInt(id, 10))
	}
	if !f.From.IsZero() {
		q.Set("from", f.From.String())
	}
	if !f.To.IsZero() {
		q.Set("to", f.To.String())
	}
	return q
}
