package static

import _ "embed"

// WorldAtlas and WorldAtlasSmall are Natural Earth's 1:50m and 1:110m
// country boundaries (public domain) as TopoJSON, from the npm package
// world-atlas 2.0.2 (ISC licence, in vendor/world-atlas): what the server
// draws its maps from, the small one for views of half the world or more.
// They are not served as files.
//
//go:embed vendor/world-atlas/countries-50m.json
var WorldAtlas []byte

//go:embed vendor/world-atlas/countries-110m.json
var WorldAtlasSmall []byte
