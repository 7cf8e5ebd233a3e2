package views

import "annals/static"

// Static is the address of an embedded static file under its content-hashed
// name ("css/annals.css" gives "/static/css/annals.<digest>.css"), which is
// served with a year's immutable caching: a new version of the file gets a
// new name, so no browser keeps the old one.
func Static(name string) string { return static.Path(name) }
