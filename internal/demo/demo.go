// Package demo embeds the demo timeline, "Myanmar 2021", that `make run`
// loads into an empty database. Every item links to public sources.
package demo

import (
	"bytes"
	_ "embed"

	"annals/internal/native"
	"annals/internal/timeline"
)

//go:embed myanmar-2021.json
var myanmar2021 []byte

// JSON returns the demo file as written.
func JSON() []byte { return bytes.Clone(myanmar2021) }

// Document returns the demo timeline, decoded.
func Document() (timeline.Document, error) {
	return native.Decode(bytes.NewReader(myanmar2021))
}
