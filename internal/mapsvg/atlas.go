package mapsvg

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/paulmach/orb"
	"golang.org/x/text/language"

	"annals/static"
)

// country is one country's boundary in degrees (longitude, latitude).
type country struct {
	code  string // ISO 3166-1 alpha-2; "" for territories without one
	shape orb.MultiPolygon
	bound orb.Bound
}

// The atlases are decoded once each, on first use (tens of milliseconds):
// 1:50m for regions, 1:110m for views wider than wideView degrees.
var (
	atlas = sync.OnceValues(func() (map[string]country, error) {
		return decodeTopology(static.WorldAtlas)
	})
	atlasSmall = sync.OnceValues(func() (map[string]country, error) {
		return decodeTopology(static.WorldAtlasSmall)
	})
)

const wideView = 90

// topology is the part of TopoJSON the world atlas uses: one object of
// polygons and multipolygons over quantized, delta-encoded arcs.
type topology struct {
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]int64 `json:"arcs"`
	Objects struct {
		Countries struct {
			Geometries []struct {
				Type string          `json:"type"`
				ID   string          `json:"id"`
				Arcs json.RawMessage `json:"arcs"`
			} `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
}

// unwrap keeps a ring that crosses the antimeridian (Chukotka, Fiji)
// continuous, past 180°, instead of jumping across the whole map.
func unwrap(r orb.Ring) orb.Ring {
	for i := 1; i < len(r); i++ {
		switch d := r[i][0] - r[i-1][0]; {
		case d > 180:
			r[i][0] -= 360
		case d < -180:
			r[i][0] += 360
		}
	}
	return r
}

// decodeTopology reads the countries of a world-atlas TopoJSON file, keyed
// by ISO alpha-2 code (the file names them by ISO numeric code; a few
// disputed territories without one are left out).
func decodeTopology(data []byte) (map[string]country, error) {
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("read the world atlas: %w", err)
	}
	// Arcs: positions are deltas from the previous one, in quantized units.
	arcs := make([][]orb.Point, len(t.Arcs))
	for i, arc := range t.Arcs {
		var x, y int64
		pts := make([]orb.Point, len(arc))
		for j, d := range arc {
			x, y = x+d[0], y+d[1]
			pts[j] = orb.Point{float64(x)*t.Transform.Scale[0] + t.Transform.Translate[0],
				float64(y)*t.Transform.Scale[1] + t.Transform.Translate[1]}
		}
		arcs[i] = pts
	}
	ring := func(refs []int) (orb.Ring, error) {
		var r orb.Ring
		for _, ref := range refs {
			i, reverse := ref, false
			if ref < 0 {
				i, reverse = ^ref, true // ~i is arc i, reversed
			}
			if i >= len(arcs) {
				return nil, fmt.Errorf("arc %d of %d", i, len(arcs))
			}
			pts := arcs[i]
			start := 0
			if len(r) > 0 {
				start = 1 // an arc begins where the previous one ended
			}
			for k := start; k < len(pts); k++ {
				p := pts[k]
				if reverse {
					p = pts[len(pts)-1-k]
				}
				r = append(r, p)
			}
		}
		return r, nil
	}
	polygon := func(rings [][]int) (orb.Polygon, error) {
		var p orb.Polygon
		for _, refs := range rings {
			r, err := ring(refs)
			if err != nil {
				return nil, err
			}
			p = append(p, unwrap(r))
		}
		return p, nil
	}
	out := map[string]country{}
	for _, g := range t.Objects.Countries.Geometries {
		region, err := language.ParseRegion(g.ID) // UN M.49 numeric = ISO 3166 numeric
		if err != nil || !region.IsCountry() {
			continue
		}
		var shape orb.MultiPolygon
		switch g.Type {
		case "Polygon":
			var rings [][]int
			if err := json.Unmarshal(g.Arcs, &rings); err != nil {
				return nil, fmt.Errorf("country %s: %w", g.ID, err)
			}
			p, err := polygon(rings)
			if err != nil {
				return nil, fmt.Errorf("country %s: %w", g.ID, err)
			}
			shape = orb.MultiPolygon{p}
		case "MultiPolygon":
			var polys [][][]int
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, fmt.Errorf("country %s: %w", g.ID, err)
			}
			for _, rings := range polys {
				p, err := polygon(rings)
				if err != nil {
					return nil, fmt.Errorf("country %s: %w", g.ID, err)
				}
				shape = append(shape, p)
			}
		default:
			continue
		}
		code := region.String()
		out[code] = country{code: code, shape: shape, bound: shape.Bound()}
	}
	return out, nil
}
