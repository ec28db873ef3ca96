package emulator_test

import (
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator"
)

// BenchmarkServeItem is the emulator's own work for a signed GET of one
// server, and nothing else: requests signed once before the timer starts
// (a fixed clock keeps their signatures fresh), answers written to a
// writer that keeps nothing. It is the part of the outside GET-by-id
// comparison (internal/bench) that the bare server does not share, so a
// change to the hot path shows here without net/http's and the kernel's
// share, and without a load generator on the same cores.
func BenchmarkServeItem(b *testing.B) {
	for _, kind := range []string{"memory", "sqlite"} {
		b.Run(kind, func(b *testing.B) {
			st := openStore(b, kind, filepath.Join(b.TempDir(), "emu.db"))
			ids := fillServers(b, st, 1000)
			at := time.Now()
			e := envOver(b, st, emulator.Options{Clock: func() time.Time { return at }})
			reqs := make([]*http.Request, len(ids))
			for i, id := range ids {
				reqs[i] = newRequest(http.MethodGet, e.url("infrastructure/Server/"+id), "", nil)
				signHeaders(reqs[i], e.key, at, testAgent)
			}
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				w := &discardWriter{h: http.Header{}}
				for i := 0; pb.Next(); i++ {
					w.reset()
					e.srv.ServeHTTP(w, reqs[i%len(reqs)])
					if w.status != http.StatusOK || w.n == 0 {
						b.Errorf("status %d, %d bytes", w.status, w.n)
						return
					}
				}
			})
		})
	}
}

// discardWriter is a ResponseWriter that counts what it is given.
type discardWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *discardWriter) reset() {
	w.h = http.Header{} // net/http gives every request a new map
	w.status, w.n = 0, 0
}

func (w *discardWriter) Header() http.Header { return w.h }

func (w *discardWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *discardWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	w.n += len(p)
	return len(p), nil
}
