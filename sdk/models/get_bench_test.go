package models_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/sdk/models"
)

// BenchmarkTypedGet: sdk.Get of a Server against dcm.Client.Get of the
// same fixed answer (the seed's first server in its envelope); the
// difference is the typed layer (envelope, model decode, binding).
func BenchmarkTypedGet(b *testing.B) {
	srvJSON := seed.Default().Customers[0].Resources["Server"][0]
	body, err := json.Marshal(map[string]any{"servers": []json.RawMessage{srvJSON}})
	if err != nil {
		b.Fatal(err)
	}
	length := strconv.Itoa(len(body))
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Header().Set("Content-Length", length)
		_, _ = w.Write(body)
	}))
	defer hs.Close()
	c, err := dcm.New(dcm.Config{AccessKey: "A", SecretKey: "S", Endpoint: hs.URL + dcm.APIBasePath + "/2015-06-15"},
		dcm.WithHTTPClient(&http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("dcm.Client.Get", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Get(ctx, "infrastructure/Server/1", nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk.Get", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sdk.Get[models.Server](ctx, c, "1", nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
