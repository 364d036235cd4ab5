// Package enginebench compares embedded, pure-Go storage engines for pkg/persist on the plugin's
// workload. It is its own module so that the candidates it links (bbolt, pebble, sqlite) stay out of
// the plugin's go.mod; only the engine chosen is a dependency of the plugin. See
// docs/PERSISTENCE.md for the command and the results.
package enginebench

import (
	"bytes"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"

	pebble "github.com/cockroachdb/pebble/v2"
	bolt "go.etcd.io/bbolt"
	_ "modernc.org/sqlite"
)

// kv is the little an engine has to do for persist: one blob per transaction, durable on return.
type kv interface {
	Put(name string, v []byte) error
	Get(name string) ([]byte, error) // a copy the caller owns
	Names() ([]string, error)        // sorted
	Close() error
}

type engine struct {
	Name string
	Open func(path string) (kv, error)
}

var engines = []engine{
	{"bbolt", openBolt},
	{"pebble", openPebble},
	{"sqlite", openSQLite},
	{"files", openFiles},
}

// ---- bbolt: one file, B+tree in an mmap, copy-on-write pages, fsync on each commit.

type boltKV struct{ db *bolt.DB }

var bucket = []byte("b")

func openBolt(path string) (kv, error) {
	db, err := bolt.Open(filepath.Join(path, "store.db"), 0o600, &bolt.Options{Timeout: 1e9})
	if err != nil {
		return nil, err
	}
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucketIfNotExists(bucket); return err }); err != nil {
		db.Close()
		return nil, err
	}
	return boltKV{db}, nil
}

func (k boltKV) Put(name string, v []byte) error {
	return k.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put([]byte(name), v) })
}

func (k boltKV) Get(name string) (out []byte, err error) {
	err = k.db.View(func(tx *bolt.Tx) error {
		out = bytes.Clone(tx.Bucket(bucket).Get([]byte(name)))
		return nil
	})
	return out, err
}

func (k boltKV) Names() (out []string, err error) {
	err = k.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(key, _ []byte) error { out = append(out, string(key)); return nil })
	})
	return out, err
}

func (k boltKV) Close() error { return k.db.Close() }

// ---- pebble: LSM tree (WAL, memtable, sstables, compactions), a directory of files.

type pebbleKV struct{ db *pebble.DB }

type quiet struct{}

func (quiet) Infof(string, ...any)  {}
func (quiet) Errorf(string, ...any) {}
func (quiet) Fatalf(format string, args ...any) {
	panic(fmt.Sprintf(format, args...))
}

func openPebble(path string) (kv, error) {
	db, err := pebble.Open(filepath.Join(path, "pebble"), &pebble.Options{Logger: quiet{}})
	if err != nil {
		return nil, err
	}
	return pebbleKV{db}, nil
}

func (k pebbleKV) Put(name string, v []byte) error { return k.db.Set([]byte(name), v, pebble.Sync) }

func (k pebbleKV) Get(name string) ([]byte, error) {
	v, c, err := k.db.Get([]byte(name))
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return bytes.Clone(v), nil
}

func (k pebbleKV) Names() ([]string, error) {
	it, err := k.db.NewIter(nil)
	if err != nil {
		return nil, err
	}
	var out []string
	for it.First(); it.Valid(); it.Next() {
		out = append(out, string(it.Key()))
	}
	return out, errors.Join(it.Error(), it.Close())
}

func (k pebbleKV) Close() error { return k.db.Close() }

// ---- sqlite (modernc.org/sqlite, C translated to Go): one file plus WAL, synchronous=FULL.

type sqliteKV struct{ db *sql.DB }

func openSQLite(path string) (kv, error) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(path, "store.sqlite")+
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS blobs (name TEXT PRIMARY KEY, value BLOB NOT NULL)`); err != nil {
		db.Close()
		return nil, err
	}
	return sqliteKV{db}, nil
}

func (k sqliteKV) Put(name string, v []byte) error {
	_, err := k.db.Exec(`INSERT INTO blobs(name, value) VALUES(?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value`, name, v)
	return err
}

func (k sqliteKV) Get(name string) (out []byte, err error) {
	err = k.db.QueryRow(`SELECT value FROM blobs WHERE name = ?`, name).Scan(&out)
	return out, err
}

func (k sqliteKV) Names() ([]string, error) {
	rows, err := k.db.Query(`SELECT name FROM blobs ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func (k sqliteKV) Close() error { return k.db.Close() }

// ---- files: no engine, a directory with one file per blob, written to a temporary file,
// fsynced and renamed over the old one (the standard library only).

type filesKV struct{ dir string }

func openFiles(path string) (kv, error) {
	dir := filepath.Join(path, "files")
	return filesKV{dir}, os.MkdirAll(dir, 0o700)
}

func (k filesKV) Put(name string, v []byte) error {
	f, err := os.CreateTemp(k.dir, ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(v)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), filepath.Join(k.dir, hex.EncodeToString([]byte(name))))
	}
	if err != nil {
		os.Remove(f.Name())
		return err
	}
	d, err := os.Open(k.dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

func (k filesKV) Get(name string) ([]byte, error) {
	return os.ReadFile(filepath.Join(k.dir, hex.EncodeToString([]byte(name))))
}

func (k filesKV) Names() ([]string, error) {
	es, err := os.ReadDir(k.dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range es {
		if b, err := hex.DecodeString(e.Name()); err == nil {
			out = append(out, string(b))
		}
	}
	sort.Strings(out)
	return out, nil
}

func (k filesKV) Close() error { return nil }

func dirSize(path string) (n int64) {
	filepath.Walk(path, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

var _ = io.EOF
