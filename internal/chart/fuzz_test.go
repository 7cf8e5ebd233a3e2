package chart

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"testing"

	"annals/internal/timeline"
)

// fuzzFigures turns fuzz input into figures: each 8 bytes of data are one
// figure (year, month, day, precision/scope/qualifier, source, value), and
// crowd more figures land on the first one's date, each from its own
// source. A value byte of 255 takes big, so counts reach the int64 limits.
func fuzzFigures(data []byte, big int64, crowd uint16) []timeline.Figure {
	const maxFigures = 600 // a crowded timeline; keeps each run short
	var out []timeline.Figure
	add := func(d timeline.FuzzyDate, scope timeline.Scope, q timeline.Qualifier, source, value int64) {
		out = append(out, timeline.Figure{
			ID: int64(len(out) + 1), Metric: "killed", Value: value, AsOf: d, Scope: scope, Qualifier: q,
			Source: timeline.Source{ID: source, Publisher: "Source " + strconv.FormatInt(source, 10), Kind: "news"},
		})
	}
	for len(data) >= 8 && len(out) < maxFigures {
		year := timeline.MinYear + int(binary.BigEndian.Uint16(data))%(timeline.MaxYear-timeline.MinYear+1)
		if year == 0 {
			year = 1 // there is no year 0: 1 BCE is followed by 1 CE
		}
		month, dd, flags, source := int(data[2])%12+1, int(data[3])%31+1, data[4], data[5]
		value := int64(binary.BigEndian.Uint16(data[6:]))
		if data[7] == 255 {
			value = big
		}
		var d timeline.FuzzyDate
		var err error
		switch flags % 4 {
		case 0:
			d, err = timeline.NewYear(year)
		case 1:
			d, err = timeline.NewMonth(year, month)
		default:
			if d, err = timeline.NewDay(year, month, dd); err != nil {
				d, err = timeline.NewMonth(year, month) // 31 February
			}
		}
		if err != nil {
			panic(err) // the arithmetic above keeps every date valid
		}
		scope := []timeline.Scope{timeline.ScopeEvent, timeline.ScopeCumulative}[flags>>2&1]
		add(d, scope, timeline.Qualifiers[int(flags>>3)%len(timeline.Qualifiers)], int64(source), value)
		data = data[8:]
	}
	if len(out) > 0 {
		first := out[0]
		for i := 0; i < int(crowd) && len(out) < maxFigures; i++ {
			add(first.AsOf, first.Scope, timeline.Qualifiers[i%len(timeline.Qualifiers)], int64(1000+i), first.Value/2+int64(i%5))
		}
	}
	return out
}

// fuzzSeed is one figure as fuzzFigures reads it.
func fuzzSeed(year int, month, day, flags, source byte, value uint16) []byte {
	b := binary.BigEndian.AppendUint16(nil, uint16(year-timeline.MinYear))
	b = append(b, month-1, day-1, flags, source)
	return binary.BigEndian.AppendUint16(b, value)
}

// FuzzChart draws random charts: dates of every precision across the
// accepted years, counts up to the int64 limits, many points on one day.
// Every drawing must finish and be well-formed SVG with every point in it.
func FuzzChart(f *testing.F) {
	// The 35 tolls that hung /t/{slug}: 30 on 2021-04-01 (one here, 29 by
	// crowd), one dated "2021", 4 on 2021-03-05.
	crowded := append(fuzzSeed(2021, 4, 1, 2, 1, 3), fuzzSeed(2021, 1, 1, 0, 2, 12)...)
	for i := range byte(4) {
		crowded = append(crowded, fuzzSeed(2021, 3, 5, 2, 3+i, 7)...)
	}
	f.Add(crowded, int64(0), uint16(29))
	// A count at the int64 limit, which overflowed the value axis.
	f.Add(append(fuzzSeed(2021, 3, 27, 2, 1, 0xffff), fuzzSeed(2021, 4, 1, 6, 1, 0xffff)...), int64(math.MaxInt64), uint16(0))
	f.Add(fuzzSeed(2021, 3, 27, 6, 1, 0xffff), int64(math.MinInt64), uint16(3))
	f.Add(fuzzSeed(2021, 3, 27, 2, 1, 0xffff), timeline.MaxFigureValue, uint16(500))
	// The widest span of years, and one of every precision.
	f.Add(append(append(fuzzSeed(1000, 1, 1, 2, 1, 1), fuzzSeed(9999, 12, 31, 6, 2, 5)...), fuzzSeed(5000, 6, 15, 1, 3, 9)...), int64(0), uint16(2))
	// Running totals of several sources on one day at one value.
	f.Add(fuzzSeed(2021, 2, 1, 6, 1, 100), int64(0), uint16(200))
	f.Add([]byte{}, int64(0), uint16(0))

	f.Fuzz(func(t *testing.T, data []byte, big int64, crowd uint16) {
		figures := fuzzFigures(data, big, crowd)
		var wide, narrow string
		finishes(t, "drawing "+strconv.Itoa(len(figures))+" figures", func() {
			c := Build("killed", figures, nil)
			wide, narrow = c.SVG(), c.Render(Narrow, "n")
		})
		for _, svg := range []string{wide, narrow} {
			if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
				t.Fatalf("a coordinate that is not a number:\n%s", svg)
			}
			points := 0
			for _, e := range parseSVG(t, svg) { // fails on malformed XML
				if e.attr["class"] == "point" {
					points++
				}
			}
			if points != len(figures) {
				t.Fatalf("%d points drawn, want %d", points, len(figures))
			}
		}
	})
}

// BenchmarkRenderCrowded draws the most figures FuzzChart makes: about
// 600, across the accepted years, half of them on one day.
func BenchmarkRenderCrowded(b *testing.B) {
	data := make([]byte, 8*300)
	for i := range data {
		data[i] = byte(i * 131 % 251)
	}
	c := Build("killed", fuzzFigures(data, math.MaxInt64, 300), nil)
	for b.Loop() {
		_ = c.SVG()
	}
}
