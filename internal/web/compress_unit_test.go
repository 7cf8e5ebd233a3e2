package web

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/labstack/echo/v4"
)

func TestNegotiateCoding(t *testing.T) {
	for header, want := range map[string]string{
		"":                             "",
		"identity":                     "",
		"gzip":                         "gzip",
		"x-gzip":                       "gzip",
		"GZIP, BR":                     "br",
		"br":                           "br",
		"gzip, deflate, br, zstd":      "br",
		"gzip;q=1.0, br;q=0.8":         "gzip",
		"br;q=0.8, gzip;q=0.8":         "br",
		"br ; q=0.5 , gzip ; q=0.4":    "br",
		"br;q=0":                       "",
		"*":                            "br",
		"*;q=0.5, br;q=0":              "gzip",
		"gzip;q=0, *":                  "br",
		"*;q=0, gzip":                  "gzip",
		"br;q=nonsense, gzip":          "gzip",
		"br;q=2, gzip;q=0.1":           "gzip",
		"deflate, compress, identity":  "",
		"gzip;level=9;q=0.2, br;q=0.1": "gzip",
		"br;Q=0.3, gzip;q=0.2":         "br",
		" , ;, br":                     "br",
		"gzip;q=0.001, identity;q=1.0": "gzip",
	} {
		if got := negotiateCoding(header); got != want {
			t.Errorf("negotiateCoding(%q) = %q, want %q", header, got, want)
		}
	}
}

func FuzzNegotiateCoding(f *testing.F) {
	for _, s := range []string{"gzip, br", "br;q=0.5", "*;q=0", ";;,=,q=", "gzip;q=1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		if got := negotiateCoding(header); got != "" && got != "br" && got != "gzip" {
			t.Errorf("negotiateCoding(%q) = %q", header, got)
		}
	})
}

func TestStripCodingSuffixes(t *testing.T) {
	for in, want := range map[string]string{
		`"abc-br"`:               `"abc"`,
		`"abc-gzip", W/"def-br"`: `"abc", W/"def"`,
		`"abc"`:                  `"abc"`,
		`*`:                      `*`,
		`"abc-brotli"`:           `"abc-brotli"`,
		`"a-br-gzip"`:            `"a-br"`,
	} {
		if got := stripCodingSuffixes(in); got != want {
			t.Errorf("stripCodingSuffixes(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCompressible(t *testing.T) {
	for ct, want := range map[string]bool{
		"text/html; charset=utf-8":            true,
		"text/css; charset=utf-8":             true,
		"text/javascript; charset=utf-8":      true,
		"text/csv; charset=utf-8":             true,
		"application/json; charset=utf-8":     true,
		"application/atom+xml; charset=utf-8": true,
		"application/xml":                     true,
		"image/svg+xml":                       true,
		"image/png":                           false,
		"image/x-icon":                        false,
		"font/woff2":                          false,
		"application/octet-stream":            false,
		"application/zip":                     false,
		"":                                    false,
		"not a type":                          false,
	} {
		if got := compressible(ct); got != want {
			t.Errorf("compressible(%q) = %v", ct, got)
		}
	}
}

// A handler that flushes reaches the client as it writes: the first part
// decodes before the handler has written the rest.
func TestCompressionStreams(t *testing.T) {
	e := echo.New()
	e.Use(compressResponses)
	release := make(chan struct{})
	part := strings.Repeat("event,source,figure\n", 200) // 4 KB
	e.GET("/export.csv", func(c echo.Context) error {
		c.Response().Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
		c.Response().WriteHeader(http.StatusOK)
		_, _ = io.WriteString(c.Response(), part)
		c.Response().Flush()
		<-release // the client has the first part before the second is written
		_, err := io.WriteString(c.Response(), part)
		return err
	})
	srv := httptest.NewServer(e)
	defer srv.Close()
	defer func() {
		select {
		case <-release:
		default:
			close(release)
		}
	}()
	// A writer that held the body back would leave both sides waiting:
	// the deadline turns that into a failure rather than a hung test.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/export.csv", nil)
	req.Header.Set("Accept-Encoding", "br")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.Header.Get("Content-Encoding") != "br" {
		t.Fatalf("Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	r := brotli.NewReader(res.Body)
	first := make([]byte, len(part))
	if _, err := io.ReadFull(r, first); err != nil || string(first) != part {
		t.Fatalf("first part: %v", err)
	}
	close(release)
	rest, err := io.ReadAll(r)
	if err != nil || string(rest) != part {
		t.Errorf("second part: %d bytes, %v", len(rest), err)
	}
}
