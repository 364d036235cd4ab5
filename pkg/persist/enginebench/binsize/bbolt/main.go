// Command bbolt is the plugin (as pkg/main.go starts it) with go.etcd.io/bbolt linked in and used, to measure what
// the engine adds to the plugin binary (TestBinarySize). Run with an argument, it would use it.
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"

	"github.com/revops/stripe-datasource/pkg/plugin"
	bolt "go.etcd.io/bbolt"
)

func main() {
	if len(os.Args) > 1 {
		use(os.Args[1])
	}
	datasource.Manage("revops-stripe-datasource", plugin.NewDatasource, datasource.ManageOpts{})
}

func use(path string) {
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		return
	}
	defer db.Close()
	db.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucketIfNotExists([]byte("b"))
		b.Put([]byte("k"), []byte("v"))
		_ = b.Get([]byte("k"))
		return b.ForEach(func(k, v []byte) error { return nil })
	})
}
