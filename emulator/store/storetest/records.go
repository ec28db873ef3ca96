package storetest

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

var recordCases = []suiteCase{
	{"PutGetVerbatim", func(t *testing.T, s store.Store) {
		// Key order and spacing are the wire form; the store must not re-encode.
		r := store.Record{
			Customer: 7, Kind: "Server", ID: "331810",
			Data:     []byte(`{"serverId":331810, "name":"web-1","agent":{"version":2}}`),
			Internal: []byte(`{"polls":3}`),
			Created:  at(0), Updated: at(time.Minute),
		}
		put(t, s, r)
		got := mustGet(t, s, 7, "Server", "331810")
		if got.Customer != 7 || got.Kind != "Server" || got.ID != "331810" {
			t.Errorf("key = %d/%s/%s, want 7/Server/331810", got.Customer, got.Kind, got.ID)
		}
		if !bytes.Equal(got.Data, r.Data) || !bytes.Equal(got.Internal, r.Internal) {
			t.Errorf("got data %s internal %s, want %s and %s", got.Data, got.Internal, r.Data, r.Internal)
		}
		if !got.Created.Equal(r.Created) || !got.Updated.Equal(r.Updated) {
			t.Errorf("times = %v, %v; want %v, %v", got.Created, got.Updated, r.Created, r.Updated)
		}
	}},
	{"ZeroTimesAreFilled", func(t *testing.T, s store.Store) {
		put(t, s, rec(1, "Job", "1"))
		got := mustGet(t, s, 1, "Job", "1")
		if got.Created.IsZero() || !got.Updated.Equal(got.Created) {
			t.Errorf("created %v updated %v; want both set to the same now", got.Created, got.Updated)
		}
		if len(got.Internal) != 0 {
			t.Errorf("internal = %q, want empty", got.Internal)
		}
	}},
	{"ReplaceKeepsCreated", func(t *testing.T, s store.Store) {
		first := rec(1, "Volume", "5")
		first.Created, first.Updated = at(0), at(0)
		put(t, s, first)
		second := rec(1, "Volume", "5")
		second.Data = []byte(`{"volumeId":5,"name":"renamed"}`)
		second.Created, second.Updated = at(time.Hour), at(2*time.Hour)
		put(t, s, second)
		got := mustGet(t, s, 1, "Volume", "5")
		if !bytes.Equal(got.Data, second.Data) {
			t.Errorf("data = %s, want the replacement %s", got.Data, second.Data)
		}
		if !got.Created.Equal(at(0)) || !got.Updated.Equal(at(2*time.Hour)) {
			t.Errorf("created %v updated %v; want %v and %v", got.Created, got.Updated, at(0), at(2*time.Hour))
		}
		if n := count(t, s, store.Filter{Customer: 1, Kind: "Volume"}); n != 1 {
			t.Errorf("count after replace = %d, want 1", n)
		}
	}},
	{"DeleteAndNotFound", func(t *testing.T, s store.Store) {
		put(t, s, rec(1, "Server", "1"), rec(1, "Server", "2"))
		wantNotFound(t, s, 1, "Server", "3")
		wantNotFound(t, s, 1, "Volume", "1")
		err := s.Update(ctxOf(t), func(tx store.Tx) error { return tx.Delete(ctxOf(t), 1, "Server", "1") })
		if err != nil {
			t.Fatalf("delete: %v", err)
		}
		wantNotFound(t, s, 1, "Server", "1")
		mustGet(t, s, 1, "Server", "2")
		err = s.Update(ctxOf(t), func(tx store.Tx) error { return tx.Delete(ctxOf(t), 1, "Server", "1") })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("second delete = %v, want ErrNotFound", err)
		}
	}},
	{"ReturnedBytesAreCopies", func(t *testing.T, s store.Store) {
		r := rec(1, "Server", "1")
		want := bytes.Clone(r.Data)
		put(t, s, r)
		r.Data[2] = 'X' // the caller reusing its buffer must not change the store
		got := mustGet(t, s, 1, "Server", "1")
		got.Data[2] = 'Y'
		if again := mustGet(t, s, 1, "Server", "1"); !bytes.Equal(again.Data, want) {
			t.Errorf("data = %s, want %s", again.Data, want)
		}
	}},
	{"CustomerIsolationAndGlobal", func(t *testing.T, s store.Store) {
		put(t, s,
			rec(0, "Cloud", "1"), rec(0, "Cloud", "3"),
			rec(1, "Cloud", "2"), rec(1, "Cloud", "3"),
			rec(2, "Cloud", "4"),
		)
		cases := []struct {
			customer int64
			want     []string
		}{
			{0, []string{"0/1", "0/3"}},
			{1, []string{"0/1", "1/2", "0/3", "1/3"}},
			{2, []string{"0/1", "0/3", "2/4"}},
			{3, []string{"0/1", "0/3"}},
		}
		for _, c := range cases {
			f := store.Filter{Customer: c.customer, Kind: "Cloud"}
			if got := scanIDs(t, s, f); !equalStrings(got, c.want) {
				t.Errorf("scan customer %d = %v, want %v", c.customer, got, c.want)
			}
			if n := count(t, s, f); n != len(c.want) {
				t.Errorf("count customer %d = %d, want %d", c.customer, n, len(c.want))
			}
		}
		if r := mustGet(t, s, 2, "Cloud", "1"); r.Customer != 0 {
			t.Errorf("customer 2 get of global cloud 1: customer %d, want 0", r.Customer)
		}
		if r := mustGet(t, s, 1, "Cloud", "3"); r.Customer != 1 {
			t.Errorf("customer 1 get of its own cloud 3: customer %d, want its own record", r.Customer)
		}
		wantNotFound(t, s, 1, "Cloud", "4")
		wantNotFound(t, s, 0, "Cloud", "2")
		err := s.Update(ctxOf(t), func(tx store.Tx) error { return tx.Delete(ctxOf(t), 2, "Cloud", "1") })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("customer 2 deleting global cloud 1 = %v, want ErrNotFound", err)
		}
		mustGet(t, s, 0, "Cloud", "1")
	}},
	{"Meta", func(t *testing.T, s store.Store) {
		err := s.Update(ctxOf(t), func(tx store.Tx) error {
			if _, ok, err := tx.GetMeta(ctxOf(t), "jobMode"); err != nil || ok {
				t.Errorf("missing meta: ok %v err %v", ok, err)
			}
			if err := tx.PutMeta(ctxOf(t), "jobMode", []byte(`{"mode":"polls"}`)); err != nil {
				return err
			}
			if err := tx.PutMeta(ctxOf(t), "empty", nil); err != nil {
				return err
			}
			return tx.PutMeta(ctxOf(t), "jobMode", []byte(`{"mode":"immediate"}`))
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.View(ctxOf(t), func(tx store.Tx) error {
			v, ok, err := tx.GetMeta(ctxOf(t), "jobMode")
			if err != nil || !ok || string(v) != `{"mode":"immediate"}` {
				t.Errorf("meta jobMode = %q, %v, %v; want the last value", v, ok, err)
			}
			v, ok, err = tx.GetMeta(ctxOf(t), "empty")
			if err != nil || !ok || len(v) != 0 {
				t.Errorf("meta empty = %q, %v, %v; want present and empty", v, ok, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}},
}
