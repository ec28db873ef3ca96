package dcm_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/wire"
)

// BenchmarkGetOverhead compares dcm.Client.Get with a bare, hand-written
// signed net/http GET of the same fixed answer (run with -count and compare
// the two sub-benchmarks of one run; the ratio is the client core's cost).
func BenchmarkGetOverhead(b *testing.B) {
	body := []byte(`{"servers":[{"serverId":1,"name":"` + strings.Repeat("x", 1300) + `"}]}`)
	length := strconv.Itoa(len(body))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "application/json;charset=UTF-8")
		h.Set("Content-Length", length)
		h.Set(dcm.HeaderRequestID, "req-1")
		_, _ = w.Write(body)
	}))
	defer srv.Close()
	cfg := dcm.Config{AccessKey: "ACCESS", SecretKey: "SECRET", Endpoint: srv.URL + dcm.APIBasePath + "/2015-06-15"}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	ctx := context.Background()
	const path = "infrastructure/Server/1"

	b.Run("bare", func(b *testing.B) {
		signedPath := dcm.APIBasePath + "/2015-06-15/" + path
		full := srv.URL + signedPath
		ua := dcm.DefaultUserAgent
		b.ReportAllocs()
		for b.Loop() {
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, full, nil)
			if err != nil {
				b.Fatal(err)
			}
			ts := time.Now().UnixMilli()
			req.Header.Set(dcm.HeaderAccess, cfg.AccessKey)
			req.Header.Set(dcm.HeaderTimestamp, strconv.FormatInt(ts, 10))
			req.Header.Set(dcm.HeaderSignature, wire.Sign(cfg.SecretKey, wire.StringToSign(cfg.AccessKey, http.MethodGet, signedPath, ts, ua)))
			req.Header.Set("User-Agent", ua)
			req.Header.Set("Accept", "application/json")
			req.Header.Set(dcm.HeaderDetails, "basic")
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if resp.ContentLength > 0 {
				buf.Grow(int(resp.ContentLength))
			}
			_, err = buf.ReadFrom(resp.Body)
			_ = resp.Body.Close()
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Fatal(err, resp.StatusCode)
			}
		}
	})
	b.Run("client", func(b *testing.B) {
		c, err := dcm.New(cfg, dcm.WithHTTPClient(hc))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Get(ctx, path, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
