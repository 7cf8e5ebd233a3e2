// Package replica tests Annals on a PostgreSQL primary with a streaming
// replica, both started from the installed binaries: two instances, one
// reading public pages from the replica (ANNALS_READ_DATABASE_URL). It
// holds no code of its own.
package replica
