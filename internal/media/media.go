// Package media cleans uploaded images: it decodes the pixels (turned the
// way the camera's EXIF orientation says), throws the original file away
// and encodes new files at a few widths. Nothing of the original but its
// pixels survives, so no metadata block (EXIF with GPS, XMP, IPTC, ICC
// comments, thumbnails) can reach a reader: a photographer's location must
// never leak.
package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	// GIF uploads are read too; they are stored as PNG.
	_ "image/gif"

	"github.com/disintegration/imaging"
)

// Widths are the widths an image is stored at (never wider than the
// upload); pages offer them with srcset.
var Widths = []int{480, 960, 1600}

// MaxPixels bounds an upload's decoded size: a small file can declare a
// huge image (a decompression bomb).
const MaxPixels = 40_000_000

// jpegQuality is enough for photographs on screens and in print.
const jpegQuality = 85

// Variant is one stored width of a cleaned image.
type Variant struct {
	Name          string // hex SHA-256 of Bytes, then .jpg or .png
	Width, Height int
	ContentType   string
	Bytes         []byte
}

// ErrNotImage is the error of an upload that is not a JPEG, PNG or GIF image.
var ErrNotImage = errors.New("not a JPEG, PNG or GIF image")

// Clean reads an image and returns its cleaned variants, smallest first;
// the last is the largest, whose name names the image.
func Clean(r io.Reader) ([]Variant, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read image: %w", err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(raw))
	if err != nil || (format != "jpeg" && format != "png" && format != "gif") {
		return nil, ErrNotImage
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return nil, fmt.Errorf("the image is %d×%d pixels; at most %d million pixels are taken", cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	// AutoOrientation turns the pixels as the EXIF orientation says, so the
	// image still stands the right way up once the EXIF block is gone.
	img, err := imaging.Decode(bytes.NewReader(raw), imaging.AutoOrientation(true))
	if err != nil {
		return nil, ErrNotImage
	}
	asPNG := format != "jpeg" // keeps transparency and sharp edges of drawings
	w := img.Bounds().Dx()
	var widths []int
	for _, x := range Widths {
		if x < w {
			widths = append(widths, x)
		}
	}
	if top := min(w, Widths[len(Widths)-1]); len(widths) == 0 || widths[len(widths)-1] != top {
		widths = append(widths, top)
	}
	out := make([]Variant, 0, len(widths))
	for _, x := range widths {
		v := img
		if x != w {
			v = imaging.Resize(img, x, 0, imaging.Lanczos)
		}
		var buf bytes.Buffer
		ct, ext := "image/jpeg", ".jpg"
		if asPNG {
			ct, ext = "image/png", ".png"
			err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, v)
		} else {
			err = jpeg.Encode(&buf, v, &jpeg.Options{Quality: jpegQuality})
		}
		if err != nil {
			return nil, fmt.Errorf("encode image at %d pixels: %w", x, err)
		}
		sum := sha256.Sum256(buf.Bytes())
		out = append(out, Variant{Name: hex.EncodeToString(sum[:]) + ext, Width: v.Bounds().Dx(), Height: v.Bounds().Dy(),
			ContentType: ct, Bytes: buf.Bytes()})
	}
	return out, nil
}
