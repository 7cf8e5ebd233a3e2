// Package static holds the CSS, scripts and fonts Annals serves, embedded
// into the binary. Nothing is loaded from a CDN.
package static

import "embed"

// Files are served under /static/, by plain and by content-hashed name
// (assets.go).
//
//go:embed css embed.js favicon.svg favicon.ico fonts js img
//go:embed vendor/myanmar-tools/zawgyi_detector.js vendor/myanmar-tools/zawgyi_converter.js vendor/myanmar-tools/LICENSE.md
//go:embed vendor/htmx/htmx.min.js vendor/htmx/LICENSE
//go:embed vendor/panzoom/panzoom.js vendor/panzoom/MIT-License.txt
var Files embed.FS
