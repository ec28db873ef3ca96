package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/infrastructure"
	"github.com/mixcoatl/mixcoatl/wire"
)

// SDKOverheadResult compares one GET of a server through each layer with a
// bare signed net/http GET of the same bytes from the same fixed handler.
type SDKOverheadResult struct {
	BodyBytes int
	Stats     []Stat // bare, bare+decode, dcm.Client.Get, typed Servers.Get
}

// SDKOverhead serves the exact answer the emulator gives for
// GET infrastructure/Server/<id> from a fixed-bytes handler on loopback and
// times, interleaved over rounds: the bare signed GET (baseline), the bare GET
// plus decoding the envelope into the typed model (the hand-written
// equivalent of the typed call), dcm.Client.Get and the typed
// infrastructure Servers.Get.
func SDKOverhead(ctx context.Context, rounds int) (SDKOverheadResult, error) {
	emu, err := StartEmulator(ctx, EmulatorOptions{})
	if err != nil {
		return SDKOverheadResult{}, err
	}
	defer emu.Close()
	ids, err := ServerIDs(ctx, emu, firstCustomer())
	if err != nil || len(ids) == 0 {
		return SDKOverheadResult{}, fmt.Errorf("bench: no seeded server: %v", err)
	}
	id, _ := strconv.ParseInt(ids[0], 10, 64)
	path := "infrastructure/Server/" + ids[0]
	recorded, err := record(ctx, emu.Config, path)
	if err != nil {
		return SDKOverheadResult{}, err
	}
	fixed := httptest.NewServer(FixedHandler(recorded))
	defer fixed.Close()

	cfg := emu.Config
	cfg.Endpoint = fixed.URL + dcm.APIBasePath + "/" + cfg.APIVersion
	hc := loopbackClient()
	client, err := dcm.New(cfg, dcm.WithHTTPClient(hc))
	if err != nil {
		return SDKOverheadResult{}, err
	}
	servers := infrastructure.New(client).Servers
	bare := bareGetter(hc, cfg, path)
	stats := Interleave(rounds, []Case{
		{"bare net/http signed GET", func(b *testing.B) {
			for b.Loop() {
				if _, err := bare(ctx); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"bare GET + json decode into model", func(b *testing.B) {
			for b.Loop() {
				body, err := bare(ctx)
				if err != nil {
					b.Fatal(err)
				}
				var env struct {
					Servers []*infrastructure.Server `json:"servers"`
				}
				if err := json.Unmarshal(body, &env); err != nil || len(env.Servers) != 1 {
					b.Fatalf("decode: %v (%d servers)", err, len(env.Servers))
				}
			}
		}},
		{"dcm.Client.Get", func(b *testing.B) {
			for b.Loop() {
				if _, err := client.Get(ctx, path, nil); err != nil {
					b.Fatal(err)
				}
			}
		}},
		{"infrastructure Servers.Get (typed)", func(b *testing.B) {
			for b.Loop() {
				if _, err := servers.Get(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
		}},
	})
	for _, s := range stats {
		if s.Err != nil {
			return SDKOverheadResult{}, s.Err
		}
	}
	return SDKOverheadResult{BodyBytes: len(recorded.Body), Stats: stats}, nil
}

// record fetches path from the emulator once, through the client core.
func record(ctx context.Context, cfg dcm.Config, path string) (RecordedAnswer, error) {
	c, err := dcm.New(cfg)
	if err != nil {
		return RecordedAnswer{}, err
	}
	resp, err := c.Get(ctx, path, nil)
	if err != nil {
		return RecordedAnswer{}, err
	}
	h := resp.Header.Clone()
	h.Del("Date")
	h.Del("Content-Length")
	return RecordedAnswer{Status: resp.StatusCode, Header: h, Body: resp.Body}, nil
}

// FixedHandler answers every request with the recorded answer; it checks
// nothing, so it is the cheapest server that sends the same bytes (the
// baseline of the throughput comparisons, in process and as bareserver).
func FixedHandler(a RecordedAnswer) http.Handler {
	length := strconv.Itoa(len(a.Body))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		for k, v := range a.Header {
			h[k] = v
		}
		h.Set("Content-Length", length)
		w.WriteHeader(a.Status)
		_, _ = w.Write(a.Body)
	})
}

// bareGetter returns a function doing what a careful hand-written client
// does for one signed GET: sign with a fresh timestamp, send, read the body.
func bareGetter(hc *http.Client, cfg dcm.Config, path string) func(context.Context) ([]byte, error) {
	u, err := url.Parse(cfg.Endpoint)
	if err != nil {
		panic(err) // cfg came from a working emulator
	}
	signedPath := wire.SignedPath(u.Path, path)
	full := u.Scheme + "://" + u.Host + signedPath
	ua := dcm.DefaultUserAgent
	return func(ctx context.Context) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, full, nil)
		if err != nil {
			return nil, err
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
			return nil, err
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		if resp.ContentLength > 0 {
			buf.Grow(int(resp.ContentLength))
		}
		if _, err := buf.ReadFrom(resp.Body); err != nil {
			return nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("bench: status %d: %s", resp.StatusCode, buf.Bytes())
		}
		return buf.Bytes(), nil
	}
}

// firstCustomer is the customer the default seed's first key belongs to.
func firstCustomer() int64 {
	sd, err := SeedWithServers(0)
	if err != nil {
		panic(err) // the embedded default seed always parses
	}
	return sd.Customers[0].CustomerID
}
