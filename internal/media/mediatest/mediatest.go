// Package mediatest builds images carrying every metadata block a camera
// or an editing program writes, for tests that check none survives.
package mediatest

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
)

// Leaks are byte strings found only in metadata blocks: a test that finds
// one in stored or served bytes has found a leak.
var Leaks = map[string][]byte{
	"EXIF":               []byte("Exif\x00\x00"),
	"XMP":                []byte("http://ns.adobe.com/xap"),
	"IPTC (Photoshop)":   []byte("Photoshop 3.0"),
	"IPTC (8BIM)":        []byte("8BIM"),
	"GPS latitude ref":   []byte("GPSTESTREF"),
	"photographer (XMP)": []byte("Ko Photographer"),
}

// JPEGWithMetadata is a w×h JPEG (as stored: before the EXIF orientation
// is applied) with an EXIF block (orientation 6, "turn 90° clockwise",
// and a GPS IFD at 16.8N 96.15E), an XMP packet naming the photographer
// and an APP13 Photoshop/IPTC block. The left half is red, the right
// blue, so a test can tell the orientation was applied.
func JPEGWithMetadata(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{200, 30, 30, 255}
			if x >= w/2 {
				c = color.RGBA{30, 30, 200, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	plain := buf.Bytes()
	var out bytes.Buffer
	out.Write(plain[:2]) // SOI
	segment(&out, 0xE1, append([]byte("Exif\x00\x00"), exifTIFF()...))
	segment(&out, 0xE1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"+
		"<dc:creator>Ko Photographer</dc:creator><exif:GPSLatitude>16,48.0N</exif:GPSLatitude></x:xmpmeta>"))
	iptc := append([]byte("Photoshop 3.0\x00"), []byte("8BIM\x04\x04\x00\x00\x00\x00\x00\x0c\x1c\x02\x50\x00\x07Ko Phot\x00")...)
	segment(&out, 0xED, iptc)
	out.Write(plain[2:])
	return out.Bytes()
}

func segment(b *bytes.Buffer, marker byte, data []byte) {
	b.Write([]byte{0xFF, marker})
	_ = binary.Write(b, binary.BigEndian, uint16(len(data)+2))
	b.Write(data)
}

// exifTIFF is a little-endian TIFF block: IFD0 with Orientation 6 and a
// pointer to a GPS IFD holding a latitude reference and a latitude.
func exifTIFF() []byte {
	le := binary.LittleEndian
	var t bytes.Buffer
	t.WriteString("II*\x00")
	_ = binary.Write(&t, le, uint32(8))
	entry := func(tag, typ uint16, count, value uint32) {
		_ = binary.Write(&t, le, tag)
		_ = binary.Write(&t, le, typ)
		_ = binary.Write(&t, le, count)
		_ = binary.Write(&t, le, value)
	}
	// IFD0 at 8: 2 entries (2 + 24 + 4 = 30 bytes); the GPS IFD at 38.
	_ = binary.Write(&t, le, uint16(2))
	entry(0x0112, 3, 1, 6) // Orientation: SHORT 6 in the value's first two bytes
	entry(0x8825, 4, 1, 38)
	_ = binary.Write(&t, le, uint32(0))
	// GPS IFD at 38: 3 entries (2 + 36 + 4 = 42 bytes); data at 80.
	_ = binary.Write(&t, le, uint16(3))
	entry(0x0001, 2, 11, 80) // GPSLatitudeRef, an over-long ASCII so it is easy to find
	entry(0x0002, 5, 3, 91)  // GPSLatitude: 3 RATIONALs
	entry(0x0004, 5, 3, 115) // GPSLongitude
	_ = binary.Write(&t, le, uint32(0))
	t.WriteString("GPSTESTREF\x00")
	for _, r := range [][2]uint32{{16, 1}, {48, 1}, {0, 1}, {96, 1}, {9, 1}, {0, 1}} {
		_ = binary.Write(&t, le, r[0])
		_ = binary.Write(&t, le, r[1])
	}
	return t.Bytes()
}
