// Package sql holds the numbered SQL migrations, embedded into the binary
// because embed cannot reach a parent folder from internal/postgres.
package sql

import "embed"

// Migrations are the goose migrations under migrations/.
//
//go:embed migrations/*.sql
var Migrations embed.FS
