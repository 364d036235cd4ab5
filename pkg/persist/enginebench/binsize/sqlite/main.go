// Command sqlite is the plugin (as pkg/main.go starts it) with modernc.org/sqlite linked in and used, to measure what
// the engine adds to the plugin binary (TestBinarySize). Run with an argument, it would use it.
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"

	"database/sql"
	"github.com/revops/stripe-datasource/pkg/plugin"

	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) > 1 {
		use(os.Args[1])
	}
	datasource.Manage("revops-stripe-datasource", plugin.NewDatasource, datasource.ManageOpts{})
}

func use(path string) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return
	}
	defer db.Close()
	db.Exec(`CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, value BLOB)`)
	db.Exec(`INSERT INTO blobs VALUES (?, ?)`, "k", []byte("v"))
	var v []byte
	db.QueryRow(`SELECT value FROM blobs WHERE name = ?`, "k").Scan(&v)
}
