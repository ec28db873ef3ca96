package emulator

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// TestListAnswersDoNotDependOnStorage proves the fast path of lists
// (engine.WireList: stored Data copied verbatim, or a remembered rendering)
// answers what the slow path (Handle, RenderAt at basic detail, the codec
// envelope) answers: for every listable resource of the default seed, at
// every API version, for every customer, with and without a filter, page
// by page (pages of 2 from the cursors WireList hands out), as seeded,
// after the records are rewritten in canonical form, and when canonical
// Data no longer matches its marker.
func TestListAnswersDoNotDependOnStorage(t *testing.T) {
	ctx := context.Background()
	srv, st, sd, _ := seededServer(t)
	var err error
	cat := srv.Catalog()
	customers := map[int64]bool{0: true}
	for _, c := range sd.Customers {
		customers[c.CustomerID] = true
	}
	queries := []url.Values{{}, {"activeOnly": {"true"}}}

	compare := func(stage string) (items int) {
		err := st.View(ctx, func(tx store.Tx) error {
			for _, c := range sd.Customers {
				for _, res := range cat.Resources {
					for _, v := range cat.Versions {
						op, ok := res.Op(catalog.KindList, "", v)
						if !ok {
							continue
						}
						for _, q := range queries {
							items += compareListPages(t, srv, tx, stage, &engine.Request{Customer: c.CustomerID,
								UserID: c.APIKey.UserID, Resource: res, Op: op, Query: q, Version: v, Limit: 2})
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return items
	}
	if n := compare("as seeded"); n < 100 {
		t.Fatalf("only %d listed items compared", n)
	}
	err = st.Update(ctx, func(tx store.Tx) error {
		for c := range customers {
			for _, res := range cat.Resources {
				if _, err := srv.Engine().Canonicalize(ctx, tx, c, res.Name); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	compare("canonical")
	err = st.Update(ctx, func(tx store.Tx) error {
		for c := range customers {
			for _, res := range cat.Resources {
				var recs []store.Record
				err := tx.Scan(ctx, store.Filter{Customer: c, Kind: res.Name}, func(rec store.Record) bool {
					if rec.Customer == c {
						recs = append(recs, rec)
					}
					return true
				})
				if err != nil {
					return err
				}
				for _, rec := range recs {
					if err := resortData(ctx, tx, rec); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	compare("re-sorted under a stale marker")
}

// seededServer is a server over a memory store holding the default seed
// (stored as seed.Load writes it, not in canonical form), on a stopped
// clock.
func seededServer(t *testing.T) (*Server, store.Store, *seed.Seed, time.Time) {
	t.Helper()
	st := store.NewMemory()
	t.Cleanup(func() { _ = st.Close() })
	sd := seed.Default()
	if err := seed.Load(context.Background(), st, sd, nil); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	srv, err := New(Options{Store: st, Clock: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return srv, st, sd, now
}

// compareListPages walks req's list page by page through WireList and
// checks each page against the slow path; it returns how many items it
// compared.
func compareListPages(t *testing.T, srv *Server, tx store.Tx, stage string, req *engine.Request) int {
	t.Helper()
	ctx := context.Background()
	what := stage + ": " + req.Resource.Name + " at " + req.Version + " for " + strconv.FormatInt(req.Customer, 10) + " ?" + req.Query.Encode()
	n := 0
	for page := 1; ; page++ {
		fast, ok, ferr := srv.eng.WireList(ctx, tx, req)
		out, serr := srv.eng.Handle(ctx, tx, req)
		if (ferr != nil) != (serr != nil) || ferr != nil && ferr.Error() != serr.Error() {
			t.Fatalf("%s page %d: fast path error %v, slow path error %v", what, page, ferr, serr)
		}
		if serr != nil {
			return n
		}
		if !ok {
			t.Fatalf("%s page %d: no fast path for a stored list", what, page)
		}
		rendered := make([]map[string]any, len(out.Items))
		for i, it := range out.Items {
			rendered[i] = srv.eng.RenderAt(ctx, tx, req.Customer, req.Resource, it, "basic", out.Version)
		}
		slow, err := codec.AppendJSON(nil, rendered, codec.Of(srv.Catalog(), req.Resource))
		if err != nil {
			t.Fatal(err)
		}
		// The slow path's envelope, as writeResult writes it.
		slow = append(append(codec.AppendString([]byte{'{'}, req.Resource.Collection), ':'), slow...)
		slow = append(slow, '}')
		if !bytes.Equal(fast.Body, slow) || fast.Count != len(out.Items) {
			t.Fatalf("%s page %d:\nfast (%d) %s\nslow (%d) %s", what, page, fast.Count, fast.Body, len(out.Items), slow)
		}
		if fast.More != out.More || fast.Next != out.Next {
			t.Fatalf("%s page %d: fast path continues %v at %+v, slow path %v at %+v", what, page, fast.More, fast.Next, out.More, out.Next)
		}
		n += fast.Count
		if !fast.More {
			return n
		}
		next := *req
		next.Cursor = fast.Next
		req = &next
	}
}

// TestListAnswersStoredDataVerbatim: a list of canonical records served
// over HTTP is the envelope of their stored Data, byte for byte.
func TestListAnswersStoredDataVerbatim(t *testing.T) {
	ctx := context.Background()
	srv, st, sd, now := seededServer(t)
	var err error
	c := sd.Customers[0]
	version := srv.Catalog().DefaultVersion
	var res *catalog.Resource
	var want []byte
	// The first stored resource whose customer's records (two or more, and
	// no shared ones) are all answered as stored at the version.
	err = st.Update(ctx, func(tx store.Tx) error {
		for _, r := range srv.Catalog().Resources {
			if _, ok := r.Op(catalog.KindList, "", version); !ok || r.Flat {
				continue
			}
			if _, err := srv.Engine().Canonicalize(ctx, tx, c.CustomerID, r.Name); err != nil {
				return err
			}
			body := []byte(`{"` + r.Collection + `":[`)
			n, plain := 0, true
			err := tx.Scan(ctx, store.Filter{Customer: c.CustomerID, Kind: r.Name}, func(rec store.Record) bool {
				if plain = rec.Customer == c.CustomerID && srv.eng.AnswersStored(r, version, rec); !plain {
					return false
				}
				if n > 0 {
					body = append(body, ',')
				}
				body = append(body, rec.Data...)
				n++
				return true
			})
			if err != nil {
				return err
			}
			if plain && n >= 2 {
				res, want = r, append(body, ']', '}')
				return nil
			}
		}
		return nil
	})
	if err != nil || res == nil {
		t.Fatalf("no resource with records answered as stored (%v)", err)
	}
	path := wire.BasePath + "/" + version + "/" + res.Path
	req := httptest.NewRequest(http.MethodGet, path, nil)
	ts := now.UnixMilli()
	req.Header.Set(wire.HeaderAccess, c.APIKey.AccessKey)
	req.Header.Set(wire.HeaderTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(wire.HeaderSignature, wire.Sign(c.APIKey.SecretKey, wire.StringToSign(c.APIKey.AccessKey, http.MethodGet, path, ts, "")))
	rr := httptest.NewRecorder()
	srv.ServeHTTP(rr, req)
	if rr.Code != http.StatusOK || !bytes.Equal(rr.Body.Bytes(), want) {
		t.Fatalf("list answered %d:\n%s\nwant the stored Data:\n%s", rr.Code, rr.Body, want)
	}
}

// writeParts sends the parts in order, whatever their sizes against its
// chunk, with the length of them all.
func TestWritePartsSendsEveryPart(t *testing.T) {
	t.Parallel()
	var parts [][]byte
	var want []byte
	for i, size := range []int{1, 3000, partsChunk - 10, 20, partsChunk, 7, 2 * partsChunk, 0, 5} {
		p := bytes.Repeat([]byte{byte('a' + i)}, size)
		parts, want = append(parts, p), append(want, p...)
	}
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		rr := httptest.NewRecorder()
		writeParts(rr, httptest.NewRequest(method, "/", nil), http.StatusOK, formatJSON, parts...)
		body := want
		if method == http.MethodHead {
			body = nil
		}
		if !bytes.Equal(rr.Body.Bytes(), body) || rr.Header().Get("Content-Length") != strconv.Itoa(len(want)) {
			t.Errorf("%s: %d bytes with Content-Length %s, want %d bytes", method, rr.Body.Len(), rr.Header().Get("Content-Length"), len(want))
		}
	}
}
