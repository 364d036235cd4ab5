// Package persist is the plugin's on-disk cache: an encrypted, versioned, size-bounded store of
// named blobs that survives restarts of Grafana and of the plugin. One Store per data source.
//
// A store is a directory (see DefaultDir and StorePath) holding a meta file and one file per blob.
// Every value is compressed with zstd (when that makes it smaller) and sealed with AES-256-GCM
// under a key derived with HKDF-SHA256 from the caller's secret (the data source's Stripe API key)
// and a random salt kept in the meta file; the blob's name is the additional data, so a file moved
// under another name does not open. The key never touches disk; the meta file keeps a key check
// value derived from the secret separately (another HKDF info string), never the key.
//
// Nothing found on disk is ever an error: a missing, unreadable, truncated or garbage meta file, a
// format version other than FormatVersion, or a key check that does not match the secret (another
// API key: perhaps another Stripe account) discards every blob and starts a fresh store. A blob that
// fails authentication or has a foreign header is treated as absent and deleted. Open and Get
// return errors only for what the file system refuses (the directory cannot be created, read or
// written; an I/O error reading a blob) and for the caller's own mistakes (ErrNoSecret, ErrName,
// ErrClosed); the plugin should then run without persistence or treat the Get as a miss.
//
// Put is durable when it returns: the sealed value goes to a temporary file that is fsynced, then
// renamed over the blob's file (and the directory fsynced), so a process killed at any point
// leaves either the old or the new value and the next Open removes leftover temporary files.
// Close therefore has nothing to flush; it waits for calls under way and ends the Store.
//
// The store is bounded by Options.MaxBytes of stored bytes: the sizes of the meta file and of every
// blob file as written (header, nonce, sealed compressed value, tag). A Put that would go over the
// bound is refused with a *FullError (errors.Is(err, ErrFull)) and changes nothing; the caller
// chooses what to delete (List, Delete) or what not to keep. Nothing is evicted behind its back.
//
// A Store is safe for concurrent use. Only one Store should be open on a directory at a time (one
// per data source instance, in one process): it keeps its size accounting in memory. Two processes
// on one directory cannot make it return a wrong value, only miscount its size.
package persist

import (
	"crypto/cipher"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// FormatVersion is the version of the on-disk format (meta file and blob files). A store written
// in any other version is discarded by Open.
const FormatVersion = 1

// DefaultMaxBytes is the bound used when Options.MaxBytes is zero or negative.
const DefaultMaxBytes = 1 << 30

// MaxNameLen is the longest blob name, in bytes (a blob's file name is its name in base32).
const MaxNameLen = 150

var (
	// ErrFull is what a *FullError is (errors.Is): a Put refused at the size bound.
	ErrFull = errors.New("persist: store is full")
	// ErrName is returned for a blob name that is empty or longer than MaxNameLen bytes.
	ErrName = errors.New("persist: invalid blob name")
	// ErrClosed is returned by calls on a closed Store.
	ErrClosed = errors.New("persist: store is closed")
	// ErrNoSecret is returned by Open for an empty secret.
	ErrNoSecret = errors.New("persist: no secret to derive the key from")
)

// FullError is a Put refused because the store would go over Options.MaxBytes. The store is
// unchanged: the blob keeps its previous value, if it had one.
type FullError struct {
	Name string // the blob that was not written
	Size int64  // its size as it would have been stored
	Used int64  // stored bytes now
	Max  int64  // the bound
}

func (e *FullError) Error() string {
	return fmt.Sprintf("persist: storing %q (%d bytes) would take the store to %d of %d bytes",
		e.Name, e.Size, e.Used+e.Size, e.Max)
}

// Is makes errors.Is(err, ErrFull) true for a *FullError.
func (e *FullError) Is(target error) bool { return target == ErrFull }

// Options tunes a Store. The zero value is usable.
type Options struct {
	// MaxBytes bounds the stored bytes (see the package doc); <= 0 means DefaultMaxBytes.
	MaxBytes int64
	// Log, when set, is told what the store discarded and why (a fresh start, a blob that failed
	// authentication), with key/value pairs: the signature of the plugin SDK's log.Logger.Warn.
	Log func(msg string, args ...any)
}

// Stats is what a Store holds.
type Stats struct {
	Blobs    int
	Bytes    int64 // stored bytes, counted as for the bound
	MaxBytes int64
}

// Store is an open store. See the package doc.
type Store struct {
	dir  string
	aead cipher.AEAD
	max  int64
	log  func(msg string, args ...any)

	mu     sync.RWMutex
	closed bool
	sizes  map[string]int64 // blob name → size of its file
	used   int64            // sum of sizes and the meta file's size
}

// Open opens the store in the directory path, creating it (and its parents) if needed, and
// starting a fresh store there when what it finds cannot be used with secret (see the package doc).
func Open(path string, secret []byte, opt Options) (*Store, error) {
	if len(secret) == 0 {
		return nil, ErrNoSecret
	}
	s := &Store{dir: path, max: opt.MaxBytes, log: opt.Log, sizes: map[string]int64{}}
	if s.max <= 0 {
		s.max = DefaultMaxBytes
	}
	if s.log == nil {
		s.log = func(string, ...any) {}
	}
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		s.log("persist: removing a file where the store's directory belongs", "path", path)
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("persist: %w", err)
		}
	}
	if err := os.MkdirAll(path, 0o700); err != nil {
		return nil, fmt.Errorf("persist: %w", err)
	}

	meta, err := os.ReadFile(filepath.Join(path, metaFile))
	salt, why := checkMeta(meta, err, secret)
	if errors.Is(err, fs.ErrNotExist) && empty(path) {
		if salt, err = s.startFresh(secret, ""); err != nil {
			return nil, err
		}
	} else if why != "" {
		if salt, err = s.startFresh(secret, why); err != nil {
			return nil, err
		}
	}
	if s.aead, err = newAEAD(secret, salt); err != nil {
		return nil, err
	}
	s.used = int64(metaSize)

	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("persist: %w", err)
	}
	for _, e := range entries {
		n := e.Name()
		switch {
		case strings.HasPrefix(n, tempPrefix):
			os.RemoveAll(filepath.Join(path, n)) // left by a Put that did not finish
		case strings.HasPrefix(n, blobPrefix):
			name, ok := nameOf(n)
			info, err := e.Info()
			if !ok || err != nil || !info.Mode().IsRegular() {
				os.RemoveAll(filepath.Join(path, n))
				continue
			}
			s.sizes[name] = info.Size()
			s.used += info.Size()
		}
	}
	return s, nil
}

// startFresh removes the store's files (the meta file, blobs, temporary files; nothing else) and
// writes a meta file with a new salt for secret.
func (s *Store) startFresh(secret []byte, why string) ([]byte, error) {
	if why != "" {
		s.log("persist: starting a fresh store", "path", s.dir, "reason", why)
	}
	if entries, err := os.ReadDir(s.dir); err == nil {
		for _, e := range entries {
			if n := e.Name(); n == metaFile || strings.HasPrefix(n, blobPrefix) || strings.HasPrefix(n, tempPrefix) {
				// A blob that cannot be removed fails authentication under the new salt: never read.
				os.RemoveAll(filepath.Join(s.dir, n))
			}
		}
	}
	salt, meta, err := newMeta(secret)
	if err != nil {
		return nil, err
	}
	if err := writeAtomic(s.dir, metaFile, meta); err != nil {
		return nil, fmt.Errorf("persist: writing the meta file: %w", err)
	}
	return salt, nil
}

// empty says whether dir has none of the store's files.
func empty(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if n := e.Name(); n == metaFile || strings.HasPrefix(n, blobPrefix) || strings.HasPrefix(n, tempPrefix) {
			return false
		}
	}
	return true
}

// Put stores value under name, replacing what was there. It is durable when it returns nil. At
// the size bound it returns a *FullError and changes nothing.
func (s *Store) Put(name string, value []byte) error {
	file, err := fileOf(name)
	if err != nil {
		return err
	}
	data, err := s.seal(name, value)
	if err != nil {
		return err
	}
	n := int64(len(data))
	if err := s.fits(name, n, false); err != nil {
		return err // refused before writing anything
	}
	tmp, err := writeTemp(s.dir, data)
	if err != nil {
		return fmt.Errorf("persist: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fits(name, n, true); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := rename(tmp, filepath.Join(s.dir, file)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("persist: %w", err)
	}
	syncDir(s.dir)
	s.used += n - s.sizes[name]
	s.sizes[name] = n
	return nil
}

// fits says whether a blob of n bytes under name fits the bound, with s.mu held if locked.
func (s *Store) fits(name string, n int64, locked bool) error {
	if !locked {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	if s.closed {
		return ErrClosed
	}
	if used := s.used - s.sizes[name]; used+n > s.max {
		return &FullError{Name: name, Size: n, Used: used, Max: s.max}
	}
	return nil
}

// Get returns the value stored under name. ok is false when there is none, including when the
// blob on disk failed authentication (it is then deleted). err is an I/O error or ErrName/ErrClosed.
func (s *Store) Get(name string) (value []byte, ok bool, err error) {
	file, err := fileOf(name)
	if err != nil {
		return nil, false, err
	}
	path := filepath.Join(s.dir, file)
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, false, ErrClosed
	}
	if _, known := s.sizes[name]; !known {
		s.mu.RUnlock()
		return nil, false, nil
	}
	data, info, err := readFile(path)
	s.mu.RUnlock()
	if errors.Is(err, fs.ErrNotExist) {
		s.drop(name, path, nil, "") // removed behind the store's back
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("persist: %w", err)
	}
	value, why := s.unseal(name, data)
	if why != "" {
		s.drop(name, path, info, why)
		return nil, false, nil
	}
	return value, true, nil
}

// drop forgets name and deletes its file if it is still the one that was read (info; nil: the
// file is gone), so that a Put since then is not undone.
func (s *Store) drop(name, path string, info os.FileInfo, why string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	if info != nil {
		cur, err := os.Stat(path)
		if err != nil || !os.SameFile(cur, info) {
			return // replaced (or deleted) meanwhile
		}
		s.log("persist: discarding a blob", "name", name, "reason", why)
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return // still counted: it is still there
		}
	}
	s.used -= s.sizes[name]
	delete(s.sizes, name)
}

// Delete removes name's blob; deleting a name that has none is not an error.
func (s *Store) Delete(name string) error {
	file, err := fileOf(name)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if err := os.Remove(filepath.Join(s.dir, file)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("persist: %w", err)
	}
	syncDir(s.dir)
	s.used -= s.sizes[name]
	delete(s.sizes, name)
	return nil
}

// List returns the names of the blobs whose names start with prefix, sorted. A listed blob that
// turns out to fail authentication is absent from Get (and from later Lists).
func (s *Store) List(prefix string) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return nil, ErrClosed
	}
	var names []string
	for n := range s.sizes {
		if strings.HasPrefix(n, prefix) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names, nil
}

// Stats returns the number of blobs and the stored bytes.
func (s *Store) Stats() Stats {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return Stats{Blobs: len(s.sizes), Bytes: s.used, MaxBytes: s.max}
}

// Close ends the Store after the calls under way. Every Put was already durable, so there is
// nothing to flush; later calls return ErrClosed. Closing twice is not an error.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}
