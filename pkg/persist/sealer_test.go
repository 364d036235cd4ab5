package persist

import (
	"bytes"
	"errors"
	"testing"
)

// A value sealed by one process's Sealer opens in another's made from the same meta and secret,
// and nowhere else: not under another name, not with another secret, not after a bit flips.
func TestSealerOpensOnlyWithTheSameSecretAndName(t *testing.T) {
	secret := []byte("rk_test_sealer")
	meta, err := NewMeta(secret)
	if err != nil {
		t.Fatal(err)
	}
	a, err := OpenSealer(meta, secret)
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenSealer(meta, secret)
	if err != nil {
		t.Fatal(err)
	}
	value := bytes.Repeat([]byte(`{"object":"list","data":[]}`), 100)
	sealed, err := a.Seal("page-1", value)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("object")) {
		t.Fatal("the sealed value holds the plain text")
	}
	got, err := b.Open("page-1", sealed)
	if err != nil || !bytes.Equal(got, value) {
		t.Fatalf("another sealer of the same meta: %v", err)
	}
	if _, err := b.Open("page-2", sealed); !errors.Is(err, ErrSealed) {
		t.Errorf("opened under another name: %v", err)
	}
	flipped := bytes.Clone(sealed)
	flipped[len(flipped)-1] ^= 1
	if _, err := b.Open("page-1", flipped); !errors.Is(err, ErrSealed) {
		t.Errorf("opened a tampered value: %v", err)
	}
	if _, err := OpenSealer(meta, []byte("rk_test_other")); err == nil {
		t.Error("the meta of one secret was accepted for another")
	}
	if _, err := OpenSealer(meta[:10], secret); err == nil {
		t.Error("a truncated meta was accepted")
	}
}
