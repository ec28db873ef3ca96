package storetest

import (
	"bytes"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

var itemCases = []suiteCase{
	{"ItemReaderIsTheViewsReads", itemReads},
}

// itemReads checks a store.ItemReader: ReadItem answers what the same
// reads in a View answer (store.ReadItemIn), and what they mean: the
// customer's record before the global one, the meta value, and a due
// record only of the customer's own and strictly inside the range. A
// store that is no ItemReader is skipped.
func itemReads(t *testing.T, s store.Store) {
	st, ok := s.(store.ItemReader)
	if !ok {
		t.Skip("not a store.ItemReader")
	}
	ctx := ctxOf(t)
	err := s.Update(ctx, func(tx store.Tx) error {
		for _, r := range []store.Record{
			{Customer: 7, Kind: "Server", ID: "1", Data: []byte(`{"own":1}`), Internal: []byte(`{"i":1}`)},
			{Customer: 0, Kind: "Server", ID: "1", Data: []byte(`{"global":1}`)},
			{Customer: 0, Kind: "Server", ID: "2", Data: []byte(`{"global":2}`)},
			{Customer: 7, Kind: "ev", ID: "005|a", Data: []byte(`{}`)},
			{Customer: 0, Kind: "ev", ID: "001|g", Data: []byte(`{}`)},
			{Customer: 8, Kind: "ev", ID: "001|b", Data: []byte(`{}`)},
		} {
			if err := tx.Put(ctx, r); err != nil {
				return err
			}
		}
		if err := tx.PutMeta(ctx, "k", []byte(`v`)); err != nil {
			return err
		}
		return tx.PutMeta(ctx, "empty", nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		q                      store.ItemRead
		data                   string // "" = not found
		meta                   string
		metaFound, due, global bool
	}{
		{q: store.ItemRead{Customer: 7, Kind: "Server", ID: "1", MetaKey: "k", DueKind: "ev", DueAfter: "/", DueBefore: "006"},
			data: `{"own":1}`, meta: "v", metaFound: true, due: true},
		{q: store.ItemRead{Customer: 7, Kind: "Server", ID: "2", MetaKey: "empty", DueKind: "ev", DueAfter: "/", DueBefore: "005"},
			data: `{"global":2}`, metaFound: true, global: true},
		{q: store.ItemRead{Customer: 7, Kind: "Server", ID: "3", MetaKey: "none", DueKind: "ev", DueAfter: "/", DueBefore: "005|a"}},
		{q: store.ItemRead{Customer: 8, Kind: "Server", ID: "1", DueKind: "ev", DueAfter: "/", DueBefore: "002"},
			data: `{"global":1}`, due: true, global: true},
		{q: store.ItemRead{Customer: 8, Kind: "Server", ID: "1", DueKind: "ev", DueAfter: "001|b", DueBefore: "9"},
			data: `{"global":1}`, global: true},
		{q: store.ItemRead{Customer: 9, Kind: "Server", ID: "1", DueKind: "ev", DueAfter: "/", DueBefore: "9"},
			data: `{"global":1}`, global: true},
		{q: store.ItemRead{Customer: 7, Kind: "Server", ID: "1"}, data: `{"own":1}`},
	} {
		got, err := st.ReadItem(ctx, c.q)
		if err != nil {
			t.Fatalf("%+v: %v", c.q, err)
		}
		var want store.ItemResult
		if err := s.View(ctx, func(tx store.Tx) error {
			want, err = store.ReadItemIn(ctx, tx, c.q)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		same := got.Found == want.Found && got.Due == want.Due && got.MetaFound == want.MetaFound &&
			bytes.Equal(got.Meta, want.Meta) && got.Record.Customer == want.Record.Customer && got.Record.ID == want.Record.ID &&
			bytes.Equal(got.Record.Data, want.Record.Data) && bytes.Equal(got.Record.Internal, want.Record.Internal) &&
			got.Record.Created.Equal(want.Record.Created) && got.Record.Updated.Equal(want.Record.Updated) && got.Record.Kind == want.Record.Kind
		if !same {
			t.Errorf("%+v:\nReadItem   %+v\nReadItemIn %+v", c.q, got, want)
		}
		if got.Found != (c.data != "") || string(got.Record.Data) != c.data || string(got.Meta) != c.meta ||
			got.MetaFound != c.metaFound || got.Due != c.due || got.Found && (got.Record.Customer == 0) != c.global {
			t.Errorf("%+v: got %+v (data %s)", c.q, got, got.Record.Data)
		}
	}
}
