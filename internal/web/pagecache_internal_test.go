package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"

	"annals/views"
)

// A kept page holds the views' shared stylesheet once for all pages, not a
// copy each, and still answers the page byte for byte in every coding.
func TestKeptPagesShareTheirStyle(t *testing.T) {
	for i, style := range views.SharedStyles() {
		page := []byte("<!doctype html><head><title>t</title>" + string(style) +
			`<link rel="stylesheet" href="/print.css" media="print"></head><body>` + strings.Repeat("an event ", 400) + "</body>")
		p := newKeptPage("k", `"e"`, page)
		q := newKeptPage("k2", `"e2"`, page)
		if p.style == nil || &p.style[0] != &q.style[0] {
			t.Fatalf("style %d: kept in each page, not shared", i)
		}
		if p.owned() != len(page)-len(style) || p.size() >= int64(len(page)+len(page)/2) {
			t.Errorf("style %d: the page owns %d bytes and counts %d for %d bytes with a %d-byte style", i, p.owned(), p.size(), len(page), len(style))
		}
		var w bytes.Buffer
		if n, err := p.writeBody(&w, ""); err != nil || n != len(page) || !bytes.Equal(w.Bytes(), page) || p.lengthIn("") != len(page) {
			t.Errorf("style %d: identity body %d bytes (length %d), differs from the page: %v", i, n, p.lengthIn(""), !bytes.Equal(w.Bytes(), page))
		}
		for _, coding := range []string{"gzip", "br"} {
			w.Reset()
			n, err := p.writeBody(&w, coding)
			if err != nil || n != p.lengthIn(coding) {
				t.Fatalf("%s: wrote %d bytes, length %d: %v", coding, n, p.lengthIn(coding), err)
			}
			var r io.Reader = brotli.NewReader(&w)
			if coding == "gzip" {
				if r, err = gzip.NewReader(&w); err != nil {
					t.Fatal(err)
				}
			}
			if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, page) {
				t.Errorf("style %d, %s: decodes to %d bytes, not the page: %v", i, coding, len(got), err)
			}
		}
	}
	// A page without the shared style (an error page, a chart) is kept whole.
	plain := []byte("<style>body{}</style><p>x</p>")
	p := newKeptPage("k", `"e"`, plain)
	var w bytes.Buffer
	if _, err := p.writeBody(&w, ""); err != nil || p.style != nil || !bytes.Equal(w.Bytes(), plain) || p.owned() != len(plain) {
		t.Errorf("a page without the shared style: style %v, wrote %q", p.style != nil, w.String())
	}
}
