// Command cardimage draws static/img/card.png, the default share card
// (Open Graph and Twitter) of pages with no image of their own: 1200x630,
// "Annals" and its tagline on a plain ground with a timeline motif. It is
// run once and its output committed:
//
//	go run ./scripts/cardimage > static/img/card.png
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

const width, height = 1200, 630

var (
	paper  = color.RGBA{0xf4, 0xf4, 0xf7, 0xff}
	ink    = color.RGBA{0x1d, 0x1d, 0x1f, 0xff}
	muted  = color.RGBA{0x5a, 0x5a, 0x60, 0xff}
	accent = color.RGBA{0x0b, 0x5c, 0xad, 0xff}
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "cardimage:", err)
		os.Exit(1)
	}
}

func run() error {
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	draw.Draw(img, img.Bounds(), image.NewUniform(paper), image.Point{}, draw.Src)
	// An accent band at the top, and a timeline: a rule with events on it.
	draw.Draw(img, image.Rect(0, 0, width, 16), image.NewUniform(accent), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(96, 470, width-96, 476), image.NewUniform(muted), image.Point{}, draw.Src)
	for i, x := range []float32{150, 300, 380, 610, 700, 930, 1050} {
		r := float32(14)
		if i%3 == 1 {
			r = 20
		}
		disc(img, x, 473, r, accent)
	}
	bold, err := face(gobold.TTF, 150)
	if err != nil {
		return err
	}
	regular, err := face(goregular.TTF, 44)
	if err != nil {
		return err
	}
	text(img, bold, ink, 96, 280, "Annals")
	text(img, regular, muted, 100, 370, "Sourced timelines of human-rights incidents")
	return png.Encode(os.Stdout, img)
}

func face(ttf []byte, size float64) (font.Face, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("parse font: %w", err)
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

func text(img draw.Image, f font.Face, c color.Color, x, y int, s string) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// disc fills a circle, antialiased.
func disc(img draw.Image, cx, cy, r float32, c color.Color) {
	z := vector.NewRasterizer(width, height)
	const k = 0.5523 // control-point distance of a cubic quarter circle
	z.MoveTo(cx+r, cy)
	z.CubeTo(cx+r, cy+k*r, cx+k*r, cy+r, cx, cy+r)
	z.CubeTo(cx-k*r, cy+r, cx-r, cy+k*r, cx-r, cy)
	z.CubeTo(cx-r, cy-k*r, cx-k*r, cy-r, cx, cy-r)
	z.CubeTo(cx+k*r, cy-r, cx+r, cy-k*r, cx+r, cy)
	z.ClosePath()
	z.Draw(img, img.Bounds(), image.NewUniform(c), image.Point{})
}
