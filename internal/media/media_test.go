package media_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"strings"
	"testing"

	"annals/internal/media"
	"annals/internal/media/mediatest"
)

// TestCleanRemovesMetadata: a photograph with GPS EXIF, XMP and IPTC
// comes out as new files holding none of them, at the stored widths, the
// right way up.
func TestCleanRemovesMetadata(t *testing.T) {
	raw := mediatest.JPEGWithMetadata(2000, 1000)
	for what, leak := range mediatest.Leaks {
		if !bytes.Contains(raw, leak) {
			t.Fatalf("the test image lacks its %s block", what)
		}
	}
	vs, err := media.Clean(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	// Orientation 6 turns the 2000×1000 pixels into a 1000×2000 picture.
	want := []int{480, 960, 1000}
	if len(vs) != len(want) {
		t.Fatalf("got %d variants, want widths %v", len(vs), want)
	}
	for i, v := range vs {
		for what, leak := range mediatest.Leaks {
			if bytes.Contains(v.Bytes, leak) {
				t.Errorf("variant %d holds the %s block", v.Width, what)
			}
		}
		img, format, err := image.Decode(bytes.NewReader(v.Bytes))
		if err != nil || format != "jpeg" {
			t.Fatalf("variant %d does not decode as JPEG: %v (%s)", i, err, format)
		}
		if b := img.Bounds(); b.Dx() != want[i] || b.Dy() != 2*want[i] || v.Width != want[i] || v.Height != 2*want[i] {
			t.Errorf("variant %d is %v (recorded %d×%d), want %d×%d", i, b, v.Width, v.Height, want[i], 2*want[i])
		}
		if !strings.HasSuffix(v.Name, ".jpg") || len(v.Name) != 68 {
			t.Errorf("variant name %q is not a content hash", v.Name)
		}
		// Turned clockwise, the red left half is now the top.
		r, _, b, _ := img.At(v.Width/2, v.Height/4).RGBA()
		if r < b {
			t.Errorf("variant %d: the top is blue, so the EXIF orientation was not applied", v.Width)
		}
	}
}

func TestCleanRefusesNonImages(t *testing.T) {
	for _, body := range []string{"%PDF-1.4 not an image", "<svg xmlns='http://www.w3.org/2000/svg'/>", ""} {
		if _, err := media.Clean(strings.NewReader(body)); err != media.ErrNotImage {
			t.Errorf("Clean(%.10q) = %v, want ErrNotImage", body, err)
		}
	}
}

func TestCleanSmallImageKeepsItsWidth(t *testing.T) {
	var buf bytes.Buffer
	_ = jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 300, 200)), nil)
	vs, err := media.Clean(&buf)
	if err != nil || len(vs) != 1 || vs[0].Width != 300 {
		t.Fatalf("Clean(300px) = %d variants, %v; want one of 300 px", len(vs), err)
	}
}
