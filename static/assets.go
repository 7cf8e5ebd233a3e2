package static

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
)

// Asset is one embedded file as it is served.
type Asset struct {
	Name   string // path under /static/, e.g. "css/annals.css"
	Hashed string // the same with a digest of Body, e.g. "css/annals.3f9c2a1b07.css"
	Body   []byte
	ETag   string // a strong entity tag made of the same digest
}

// Assets are the embedded files by name and by hashed name.
type Assets struct {
	byName   map[string]*Asset
	byHashed map[string]*Asset
}

// HashLen is how many hex digits of the SHA-256 digest go into a name:
// enough that two versions of one file never share a name.
const HashLen = 10

// HashedName puts a digest of body into name before its extension:
// "css/annals.css" becomes "css/annals.<digest>.css".
func HashedName(name string, body []byte) string {
	sum := sha256.Sum256(body)
	digest := hex.EncodeToString(sum[:])[:HashLen]
	dir, file := path.Split(name)
	if i := strings.LastIndexByte(file, '.'); i > 0 {
		return dir + file[:i] + "." + digest + file[i:]
	}
	return dir + file + "." + digest
}

// Build reads every file of fsys. Stylesheets name fonts and images as
// url(/static/...): those references are rewritten to the hashed names
// first, so that a stylesheet's own name changes whenever a file it uses
// does.
func Build(fsys fs.FS) (*Assets, error) {
	a := &Assets{byName: map[string]*Asset{}, byHashed: map[string]*Asset{}}
	var names []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	// Files other than stylesheets first: a stylesheet needs their names.
	sort.SliceStable(names, func(i, j int) bool {
		return !isCSS(names[i]) && isCSS(names[j])
	})
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		if isCSS(name) {
			body = a.rewriteURLs(body)
		}
		hashed := HashedName(name, body)
		sum := sha256.Sum256(body)
		asset := &Asset{Name: name, Hashed: hashed, Body: body, ETag: `"` + hex.EncodeToString(sum[:16]) + `"`}
		a.byName[name] = asset
		a.byHashed[hashed] = asset
	}
	return a, nil
}

func isCSS(name string) bool { return strings.HasSuffix(name, ".css") }

// rewriteURLs replaces url(/static/NAME) by url(/static/HASHED) for every
// file already read.
func (a *Assets) rewriteURLs(css []byte) []byte {
	const prefix = "url(/static/"
	var out bytes.Buffer
	for {
		i := bytes.Index(css, []byte(prefix))
		if i < 0 {
			out.Write(css)
			return out.Bytes()
		}
		out.Write(css[:i+len(prefix)])
		css = css[i+len(prefix):]
		end := bytes.IndexByte(css, ')')
		if end < 0 {
			continue
		}
		if asset, ok := a.byName[string(css[:end])]; ok {
			out.WriteString(asset.Hashed)
			css = css[end:]
		}
	}
}

// Lookup finds the file served at /static/p: by hashed name (immutable is
// true) or by plain name.
func (a *Assets) Lookup(p string) (asset *Asset, immutable bool, ok bool) {
	if asset, ok := a.byHashed[p]; ok {
		return asset, true, true
	}
	asset, ok = a.byName[p]
	return asset, false, ok
}

// Path is the address of the named file under its hashed name, e.g.
// Path("css/annals.css") = "/static/css/annals.3f9c2a1b07.css". An unknown
// name keeps its plain address, which answers 404.
func (a *Assets) Path(name string) string {
	if asset, ok := a.byName[name]; ok {
		return "/static/" + asset.Hashed
	}
	return "/static/" + name
}

// Embedded are the files of this package, read once.
var Embedded = sync.OnceValue(func() *Assets {
	a, err := Build(Files)
	if err != nil {
		panic("static: read embedded files: " + err.Error()) // cannot happen with embed.FS
	}
	return a
})

// Path is Embedded().Path: the hashed address of an embedded file.
func Path(name string) string { return Embedded().Path(name) }

// Style is stylesheets joined to be written into a page's <style> element,
// with the Content-Security-Policy source that allows exactly that text.
type Style struct {
	CSS    string
	Source string // "'sha256-<base64>'" of CSS, for style-src
}

// InlineStyle joins the named stylesheets, in order, as they are served
// (font and image addresses already hashed). A name that is not embedded,
// or a stylesheet that could end the <style> element early, is a
// programming error.
func (a *Assets) InlineStyle(names ...string) Style {
	var css strings.Builder
	for _, name := range names {
		asset, ok := a.byName[name]
		if !ok || !isCSS(name) {
			panic("static: no stylesheet " + name + " to inline")
		}
		css.Write(asset.Body)
	}
	if strings.Contains(strings.ToLower(css.String()), "</style") {
		panic("static: a stylesheet to inline contains </style")
	}
	sum := sha256.Sum256([]byte(css.String()))
	return Style{CSS: css.String(), Source: "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"}
}
