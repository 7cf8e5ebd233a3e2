package timeline

// PlaceCount is a place with coordinates and how many of the events under
// a filter happened there: a point of a timeline's map.
type PlaceCount struct {
	ID      int64 // the place's key in a filter (?place=ID)
	Name    string
	Country string // ISO 3166-1 alpha-2, or ""
	Lat     float64
	Lon     float64
	Count   int
}

// MaxMapPlaces bounds the places a map shows: the busiest ones first.
const MaxMapPlaces = 500
