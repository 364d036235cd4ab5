package persist

import (
	"testing"

	"github.com/klauspost/compress/zstd"

	"github.com/revops/stripe-datasource/pkg/persist/internal/gen"
)

// BenchmarkCompression measures whether compressing before sealing pays, on ~20 MB of realistic
// blobs (50–500 KB gob-encoded days of balance transactions): seal and unseal speed (MB/s of the
// caller's bytes) and stored/raw, for no compression (the baseline) and three zstd levels. Run:
//
//	go test ./pkg/persist -run '^$' -bench Compression -benchtime 3x -count 3
func BenchmarkCompression(b *testing.B) {
	blobs := gen.History(7, 20<<20, 50<<10, 500<<10)
	raw := 0
	for _, bl := range blobs {
		raw += len(bl.Value)
	}
	s, err := Open(b.TempDir(), secretA, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct {
		name  string
		level zstd.EncoderLevel
	}{{"none", 0}, {"zstd-fastest", zstd.SpeedFastest}, {"zstd-default", zstd.SpeedDefault}, {"zstd-better", zstd.SpeedBetterCompression}} {
		var enc *zstd.Encoder
		if c.level != 0 {
			enc, _ = zstd.NewWriter(nil, zstd.WithEncoderLevel(c.level), zstd.WithEncoderConcurrency(1))
		}
		sealed := make([][]byte, len(blobs))
		stored := 0
		for i, bl := range blobs {
			sealed[i], _ = s.sealWith(enc, bl.Name, bl.Value)
			stored += len(sealed[i])
		}
		b.Run("seal/"+c.name, func(b *testing.B) {
			b.SetBytes(int64(raw))
			for b.Loop() {
				for _, bl := range blobs {
					if _, err := s.sealWith(enc, bl.Name, bl.Value); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(stored)/float64(raw), "stored/raw")
		})
		b.Run("unseal/"+c.name, func(b *testing.B) {
			b.SetBytes(int64(raw))
			for b.Loop() {
				for i, bl := range blobs {
					if _, why := s.unseal(bl.Name, sealed[i]); why != "" {
						b.Fatal(why)
					}
				}
			}
		})
	}
}
