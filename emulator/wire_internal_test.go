package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// wireGet is one GET of one record as one customer.
type wireGet struct {
	key      seed.APIKey
	customer int64 // the caller's
	res      *catalog.Resource
	rec      store.Record
	path     string
}

// TestGetByIDAnswersDoNotDependOnStorage proves the fast path of GET by id
// (engine.WireItem: stored Data copied verbatim, or a remembered rendering)
// is invisible. For every record of the default seed, at every detail level
// in both formats, the answer stays the same as seeded, after the records
// are rewritten in canonical form, and when a canonical record's Data no
// longer matches its marker; the basic JSON answer holds what the engine
// renders, key first; and canonical records are answered with their stored
// Data verbatim.
func TestGetByIDAnswersDoNotDependOnStorage(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	defer st.Close()
	sd := seed.Default()
	if err := seed.Load(ctx, st, sd, nil); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	srv, err := New(Options{Store: st, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	cat, version := srv.Catalog(), srv.Catalog().DefaultVersion

	var gets []wireGet
	customers := map[int64]bool{0: true}
	err = st.View(ctx, func(tx store.Tx) error {
		for _, c := range sd.Customers {
			customers[c.CustomerID] = true
			for _, res := range cat.Resources {
				op, ok := res.Op(catalog.KindGet, "", version)
				if res.Flat || res.Key == "" || !ok || op.Mutates {
					continue
				}
				err := tx.Scan(ctx, store.Filter{Customer: c.CustomerID, Kind: res.Name}, func(rec store.Record) bool {
					gets = append(gets, wireGet{key: c.APIKey, customer: c.CustomerID, res: res, rec: rec,
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
	get := func(g wireGet, v variant) (int, string, []byte) {
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
	type answer struct {
		hdr  string
		body []byte
	}
	baseline := map[string]answer{}
	compare := func(stage string) {
		for _, g := range gets {
			for _, v := range variants {
				id := g.key.AccessKey + " " + g.path + " " + v.details + " " + v.accept // shared records answer with the caller's customer
				for range 2 {                                                           // the second read may come from the remembered rendering
					code, hdr, body := get(g, v)
					if code != http.StatusOK {
						t.Fatalf("%s: %s: %d %s", stage, id, code, body)
					}
					if b, ok := baseline[id]; !ok {
						baseline[id] = answer{hdr, body}
					} else if b.hdr != hdr || !bytes.Equal(b.body, body) {
						t.Errorf("%s: answer of %s changed:\n got %s %s\nwant %s %s", stage, id, hdr, body, b.hdr, b.body)
					}
				}
			}
		}
	}
	compare("as seeded")
	for _, g := range gets {
		_, _, body := get(g, variant{"basic", "application/json"})
		checkRendered(t, srv, g, body)
	}

	rewritten := 0
	err = st.Update(ctx, func(tx store.Tx) error {
		for c := range customers {
			for _, res := range cat.Resources {
				n, err := srv.Engine().Canonicalize(ctx, tx, c, res.Name)
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
			if !srv.eng.AnswersStored(g.res, version, rec) {
				continue // the version or the caller changes the answer
			}
			_, _, body := get(g, variant{"basic", "application/json"})
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
			if err := resortData(ctx, tx, rec); err != nil {
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

// resortData stores rec again with its Data's keys sorted (encoding/json)
// and its Internal, canonical marker included, unchanged: a record whose
// marker no longer matches its Data.
func resortData(ctx context.Context, tx store.Tx, rec store.Record) error {
	var m map[string]any
	if err := json.Unmarshal(rec.Data, &m); err != nil {
		return err
	}
	var err error
	if rec.Data, err = json.Marshal(m); err != nil {
		return err
	}
	return tx.Put(ctx, rec)
}

// checkRendered checks a basic JSON answer against what the engine answers
// and renders for the record: the same members, the id key first.
func checkRendered(t *testing.T, srv *Server, g wireGet, body []byte) {
	t.Helper()
	prefix := `{"` + g.res.Collection + `":[{"` + g.res.Key + `":`
	if !bytes.HasPrefix(body, []byte(prefix)) {
		t.Errorf("%s: answer does not start with %s: %s", g.path, prefix, body)
	}
	var got map[string][]map[string]any
	if err := json.Unmarshal(body, &got); err != nil || len(got[g.res.Collection]) != 1 {
		t.Fatalf("%s: answer %s: %v", g.path, body, err)
	}
	ctx := context.Background()
	op, _ := g.res.Op(catalog.KindGet, "", srv.Catalog().DefaultVersion)
	var want map[string]any
	err := srv.st.View(ctx, func(tx store.Tx) error {
		out, err := srv.eng.Handle(ctx, tx, &engine.Request{Customer: g.customer, UserID: g.key.UserID,
			Resource: g.res, Op: op, ID: g.rec.ID, Version: srv.Catalog().DefaultVersion})
		if err != nil {
			return err
		}
		want = srv.eng.RenderAt(ctx, tx, g.customer, g.res, out.Items[0], "basic", out.Version)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	var norm map[string]any
	if err := json.Unmarshal(b, &norm); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got[g.res.Collection][0], norm) {
		t.Errorf("%s: answer %v\nengine renders %v", g.path, got[g.res.Collection][0], norm)
	}
}
