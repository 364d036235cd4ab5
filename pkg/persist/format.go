package persist

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// On-disk format, version 1 (all of it; nothing else is written):
//
//	meta                 "SGPM" | version (1 byte) | salt (32) | key check value (32)
//	b-<base32hex(name)>  "SGPB" | version (1 byte) | flags (1 byte) | nonce (12) | AES-256-GCM sealed value and tag (16)
//	.tmp-*               a blob being written (removed by Open)
//
// key = HKDF-SHA256(secret, salt, infoKey), 32 bytes; check = HKDF-SHA256(secret, salt, infoCheck).
// The additional data of a blob is its header without the nonce (magic, version, flags) and its
// name. flags bit 0: the sealed value is a zstd frame. Names are encoded with the lower-case
// "extended hex" base32 alphabet without padding: case-insensitive file systems keep them apart.
const (
	metaFile   = "meta"
	blobPrefix = "b-"
	tempPrefix = ".tmp-"

	metaMagic = "SGPM"
	blobMagic = "SGPB"
	saltLen   = 32
	checkLen  = 32
	metaSize  = len(metaMagic) + 1 + saltLen + checkLen
	headerLen = len(blobMagic) + 1 + 1 // before the nonce

	flagZstd = 1

	infoKey   = "revops-stripe-datasource/persist v1: AES-256-GCM blob key"
	infoCheck = "revops-stripe-datasource/persist v1: key check value"
)

var nameEncoding = base32.NewEncoding(strings.ToLower("0123456789ABCDEFGHIJKLMNOPQRSTUV")).WithPadding(base32.NoPadding)

// fileOf is the file name of the blob name, or ErrName.
func fileOf(name string) (string, error) {
	if len(name) == 0 || len(name) > MaxNameLen {
		return "", fmt.Errorf("%w: %d bytes (1 to %d)", ErrName, len(name), MaxNameLen)
	}
	return blobPrefix + nameEncoding.EncodeToString([]byte(name)), nil
}

// nameOf is the blob name of a file name fileOf made.
func nameOf(file string) (string, bool) {
	enc := strings.TrimPrefix(file, blobPrefix)
	b, err := nameEncoding.DecodeString(enc)
	if err != nil || len(b) == 0 || len(b) > MaxNameLen || nameEncoding.EncodeToString(b) != enc {
		return "", false
	}
	return string(b), true
}

func derive(secret, salt []byte, info string, n int) []byte {
	k, err := hkdf.Key(sha256.New, secret, salt, info, n)
	if err != nil {
		panic(err) // only for n > 255*32
	}
	return k
}

func newAEAD(secret, salt []byte) (cipher.AEAD, error) {
	key := derive(secret, salt, infoKey, 32)
	defer clear(key)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// newMeta makes a meta file's contents for secret with a new random salt.
func newMeta(secret []byte) (salt, meta []byte, err error) {
	salt = make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, nil, err
	}
	return salt, metaFor(secret, salt), nil
}

func metaFor(secret, salt []byte) []byte {
	meta := make([]byte, 0, metaSize)
	meta = append(meta, metaMagic...)
	meta = append(meta, FormatVersion)
	meta = append(meta, salt...)
	return append(meta, derive(secret, salt, infoCheck, checkLen)...)
}

// checkMeta returns the salt of a meta file that is usable with secret, or why it is not.
func checkMeta(meta []byte, readErr error, secret []byte) (salt []byte, why string) {
	switch {
	case readErr != nil:
		return nil, "no meta file: " + readErr.Error()
	case len(meta) < len(metaMagic)+1 || string(meta[:len(metaMagic)]) != metaMagic:
		return nil, "not a store's meta file"
	case meta[len(metaMagic)] != FormatVersion:
		return nil, fmt.Sprintf("format version %d, not %d", meta[len(metaMagic)], FormatVersion)
	case len(meta) != metaSize:
		return nil, "truncated or overlong meta file"
	}
	salt = meta[len(metaMagic)+1 : len(metaMagic)+1+saltLen]
	want := derive(secret, salt, infoCheck, checkLen)
	if subtle.ConstantTimeCompare(want, meta[len(metaMagic)+1+saltLen:]) != 1 {
		return nil, "the key check does not match: written with another secret (API key)"
	}
	return bytes.Clone(salt), ""
}

var (
	encoderOnce sync.Once
	encoder     *zstd.Encoder
	decoderOnce sync.Once
	decoder     *zstd.Decoder
)

func zstdEncoder() *zstd.Encoder {
	encoderOnce.Do(func() {
		// EncodeAll on one encoder is safe for concurrent use; with concurrency 1 the calls take
		// turns, so compression never takes more than one core. Level: see docs/PERSISTENCE.md.
		encoder, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(1))
	})
	return encoder
}

func zstdDecoder() *zstd.Decoder {
	decoderOnce.Do(func() {
		decoder, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<31))
	})
	return decoder
}

// seal compresses value (if that makes it smaller) and seals it for name: a blob file's contents.
func (s *Store) seal(name string, value []byte) ([]byte, error) {
	return s.sealWith(zstdEncoder(), name, value)
}

// sealWith is seal with the encoder enc; nil: no compression (the benchmark's baseline).
func (s *Store) sealWith(enc *zstd.Encoder, name string, value []byte) ([]byte, error) {
	flags := byte(0)
	plain := value
	if enc != nil {
		if z := enc.EncodeAll(value, nil); len(z) < len(value) {
			plain, flags = z, flagZstd
		}
	}
	ns := s.aead.NonceSize()
	out := make([]byte, headerLen+ns, headerLen+ns+len(plain)+s.aead.Overhead())
	copy(out, blobMagic)
	out[len(blobMagic)] = FormatVersion
	out[len(blobMagic)+1] = flags
	if _, err := rand.Read(out[headerLen:]); err != nil {
		return nil, err
	}
	return s.aead.Seal(out, out[headerLen:], plain, aad(out[:headerLen], name)), nil
}

// unseal returns the value of a blob file's contents for name, or why there is none.
func (s *Store) unseal(name string, data []byte) ([]byte, string) {
	ns := s.aead.NonceSize()
	switch {
	case len(data) < headerLen+ns+s.aead.Overhead():
		return nil, "truncated"
	case string(data[:len(blobMagic)]) != blobMagic:
		return nil, "not a blob"
	case data[len(blobMagic)] != FormatVersion:
		return nil, fmt.Sprintf("format version %d", data[len(blobMagic)])
	}
	flags := data[len(blobMagic)+1]
	plain, err := s.aead.Open(nil, data[headerLen:headerLen+ns], data[headerLen+ns:], aad(data[:headerLen], name))
	if err != nil {
		return nil, "authentication failed"
	}
	switch flags {
	case 0:
		return plain, ""
	case flagZstd:
		v, err := zstdDecoder().DecodeAll(plain, nil)
		if err != nil {
			return nil, "decompression failed: " + err.Error()
		}
		return v, ""
	}
	return nil, fmt.Sprintf("unknown flags %#x", flags)
}

func aad(header []byte, name string) []byte {
	return append(bytes.Clone(header), name...)
}
