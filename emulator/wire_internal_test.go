package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// wireGet is one GET of one record as one customer.
type wireGet struct {
	key  seed.APIKey
	res  *catalog.Resource
	rec  store.Record
	path string
}

// TestWireFastPathBytes proves the fast path of GET-by-id (engine.WireItem:
// stored Data copied verbatim, or a remembered rendering) answers exactly
// the slow path's bytes for every record of the default seed, before and
// after the records are rewritten in canonical form, and that rewriting
// them changes no answer at any detail level in either format.
func TestWireFastPathBytes(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	defer st.Close()
	sd := seed.Default()
	if err := seed.Load(ctx, st, sd, nil); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	clock := func() time.Time { return now }
	fast, err := New(Options{Store: st, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	slow, err := New(Options{Store: st, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	slow.slowReads = true
	cat, version := fast.Catalog(), fast.Catalog().DefaultVersion

	var gets []wireGet
	customers := map[int64]bool{0: true}
	err = st.View(ctx, func(tx store.Tx) error {
		for _, c := range sd.Customers {
			customers[c.CustomerID] = true
			for _, res := range cat.Resources {
				if res.Flat || res.Key == "" || res.Name == "Job" {
					continue
				}
				if _, ok := res.Op(catalog.KindGet, "", version); !ok {
					continue
				}
				err := tx.Scan(ctx, store.Filter{Customer: c.CustomerID, Kind: res.Name}, func(rec store.Record) bool {
					gets = append(gets, wireGet{key: c.APIKey, res: res, rec: rec,
						path: wire.BasePath + "/" + version + "/" + res.Path + "/" + url.PathEscape(rec.ID)})
					return true
				})
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d records", len(gets))
	if len(gets) < 50 {
		t.Fatalf("only %d records to read", len(gets))
	}
	type variant struct{ details, accept string }
	var variants []variant
	for _, d := range []string{"none", "basic", "extended", ""} {
		for _, a := range []string{"", "application/json", "application/xml"} {
			variants = append(variants, variant{d, a})
		}
	}
	get := func(srv *Server, g wireGet, v variant) (int, string, []byte) {
		req := httptest.NewRequest(http.MethodGet, g.path, nil)
		req.Header.Set("User-Agent", "wire-test")
		if v.details != "" {
			req.Header.Set(wire.HeaderDetails, v.details)
		}
		if v.accept != "" {
			req.Header.Set("Accept", v.accept)
		}
		ts := now.UnixMilli()
		req.Header.Set(wire.HeaderAccess, g.key.AccessKey)
		req.Header.Set(wire.HeaderTimestamp, strconv.FormatInt(ts, 10))
		req.Header.Set(wire.HeaderSignature, wire.Sign(g.key.SecretKey,
			wire.StringToSign(g.key.AccessKey, http.MethodGet, g.path, ts, "wire-test")))
		rr := httptest.NewRecorder()
		srv.ServeHTTP(rr, req)
		h := rr.Header()
		return rr.Code, h.Get("Content-Type") + " " + h.Get("Content-Length"), rr.Body.Bytes()
	}
	baseline := map[string][]byte{}
	compare := func(stage string) {
		for _, g := range gets {
			for _, v := range variants {
				id := g.path + " " + v.details + " " + v.accept
				code, hdr, want := get(slow, g, v)
				if code != http.StatusOK {
					t.Fatalf("%s: slow %s: %d %s", stage, id, code, want)
				}
				if b, ok := baseline[id]; !ok {
					baseline[id] = want
				} else if !bytes.Equal(b, want) {
					t.Errorf("%s: slow path of %s changed:\n got %s\nwant %s", stage, id, want, b)
				}
				for range 2 { // the second read may come from the remembered rendering
					fcode, fhdr, got := get(fast, g, v)
					if fcode != code || fhdr != hdr || !bytes.Equal(got, want) {
						t.Errorf("%s: fast path of %s:\n got %d %s %s\nwant %d %s %s", stage, id, fcode, fhdr, got, code, hdr, want)
					}
				}
			}
		}
	}
	compare("as seeded")

	rewritten := 0
	err = st.Update(ctx, func(tx store.Tx) error {
		for c := range customers {
			for _, res := range cat.Resources {
				n, err := fast.Engine().Canonicalize(ctx, tx, c, res.Name)
				if err != nil {
					return err
				}
				rewritten += n
			}
		}
		return nil
	})
	if err != nil || rewritten < len(gets)/2 {
		t.Fatalf("canonicalized %d records: %v", rewritten, err)
	}
	compare("canonical")

	// Canonical records are answered with their stored Data verbatim.
	err = st.View(ctx, func(tx store.Tx) error {
		for _, g := range gets {
			rec, err := tx.Get(ctx, g.rec.Customer, g.rec.Kind, g.rec.ID)
			if err != nil {
				return err
			}
			_, _, body := get(fast, g, variant{"basic", "application/json"})
			want := append(append([]byte(`{"`+g.res.Collection+`":[`), rec.Data...), ']', '}')
			if !bytes.Equal(body, want) {
				t.Errorf("%s: stored Data is not the answer:\nstored %s\nanswer %s", g.path, rec.Data, body)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// A canonical record's Internal copied onto other bytes (a tool writing
	// records directly, as the scale benchmarks do) must not pass its marker.
	err = st.Update(ctx, func(tx store.Tx) error {
		for _, g := range gets {
			rec, err := tx.Get(ctx, g.rec.Customer, g.rec.Kind, g.rec.ID)
			if err != nil {
				return err
			}
			var m map[string]any
			if err := json.Unmarshal(rec.Data, &m); err != nil {
				return err
			}
			if rec.Data, err = json.Marshal(m); err != nil { // keys sorted
				return err
			}
			if err := tx.Put(ctx, rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	compare("re-sorted under a stale marker")
}
