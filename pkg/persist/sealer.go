package persist

import (
	"crypto/cipher"
	"errors"
)

// Sealer seals values exactly as the Store seals its blob files (zstd when smaller, AES-256-GCM
// under a key derived from the secret and a salt, the blob's name in the additional data), for
// blobs kept somewhere else than a directory: the shared store of a Grafana in high availability
// (pkg/sharedstore) keeps its values in Redis sealed with it, so what replicas share is as
// unreadable without the data source's key as the cache on disk.
type Sealer struct{ aead cipher.AEAD }

// ErrSealed is what Open returns for a value that does not open (another key, another name,
// tampered, truncated): the caller treats it as a miss.
var ErrSealed = errors.New("persist: the sealed value does not open")

// NewMeta makes a new random salt for secret and the meta record that goes with it (the same
// bytes as a store's meta file: magic, version, salt, key check value, never the key).
func NewMeta(secret []byte) (meta []byte, err error) {
	if len(secret) == 0 {
		return nil, ErrNoSecret
	}
	_, meta, err = newMeta(secret)
	return meta, err
}

// OpenSealer checks meta (made by NewMeta, perhaps by another process) against secret and returns
// the Sealer of its salt, or an error saying why the meta cannot be used with secret.
func OpenSealer(meta, secret []byte) (*Sealer, error) {
	if len(secret) == 0 {
		return nil, ErrNoSecret
	}
	salt, why := checkMeta(meta, nil, secret)
	if why != "" {
		return nil, errors.New("persist: " + why)
	}
	aead, err := newAEAD(secret, salt)
	if err != nil {
		return nil, err
	}
	return &Sealer{aead: aead}, nil
}

// Seal compresses and seals value for name.
func (s *Sealer) Seal(name string, value []byte) ([]byte, error) {
	return (&Store{aead: s.aead}).seal(name, value)
}

// Open returns the value sealed for name, or ErrSealed.
func (s *Sealer) Open(name string, data []byte) ([]byte, error) {
	v, why := (&Store{aead: s.aead}).unseal(name, data)
	if why != "" {
		return nil, ErrSealed
	}
	return v, nil
}
