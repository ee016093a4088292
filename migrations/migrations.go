// Package migrations holds the versioned SQL migrations, embedded in the binary.
// Each file is a text/template rendered per dialect (see database.templateData):
// {{.ID}} is the auto-increment primary key, {{.Time}} a timestamp with zone,
// {{if .PG}}…{{end}} a PostgreSQL-only part. Files named *.tx.up.sql run in a
// transaction.
package migrations

import (
	"embed"

	"github.com/uptrace/bun/migrate"
)

//go:embed *.sql
var files embed.FS

// All is the set of migrations, applied in name order.
var All = migrate.NewMigrations()

func init() {
	if err := All.Discover(files); err != nil {
		panic(err)
	}
}
