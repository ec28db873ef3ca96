package storetest

import (
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

var inputCases = []suiteCase{
	{"BadInputIsNamed", func(t *testing.T, s store.Store) {
		const secret = "s3cr3t-value"
		good := rec(1, "Server", "1")
		withData := func(data string) store.Record { r := good; r.Data = []byte(data); return r }
		withInternal := func(data string) store.Record { r := good; r.Internal = []byte(data); return r }
		cases := []struct {
			name string
			op   func(tx store.Tx) error
			want string // a word the error must contain
		}{
			{"empty kind", func(tx store.Tx) error { r := good; r.Kind = ""; return tx.Put(ctxOf(t), r) }, "kind"},
			{"empty id", func(tx store.Tx) error { r := good; r.ID = ""; return tx.Put(ctxOf(t), r) }, "id"},
			{"negative customer", func(tx store.Tx) error { r := good; r.Customer = -1; return tx.Put(ctxOf(t), r) }, "customer"},
			{"invalid data", func(tx store.Tx) error { return tx.Put(ctxOf(t), withData(`{"secret":"`+secret)) }, "data"},
			{"empty data", func(tx store.Tx) error { return tx.Put(ctxOf(t), withData(``)) }, "data"},
			{"invalid internal", func(tx store.Tx) error { return tx.Put(ctxOf(t), withInternal(secret)) }, "internal"},
			{"get empty kind", func(tx store.Tx) error { _, err := tx.Get(ctxOf(t), 1, "", "1"); return err }, "kind"},
			{"delete empty id", func(tx store.Tx) error { return tx.Delete(ctxOf(t), 1, "Server", "") }, "id"},
			{"scan empty kind", func(tx store.Tx) error {
				return tx.Scan(ctxOf(t), store.Filter{Customer: 1}, func(store.Record) bool { return true })
			}, "kind"},
			{"count negative limit", func(tx store.Tx) error {
				_, err := tx.Count(ctxOf(t), store.Filter{Customer: 1, Kind: "Server", Limit: -1})
				return err
			}, "limit"},
			{"empty sequence", func(tx store.Tx) error { _, err := tx.NextID(ctxOf(t), "", 1); return err }, "sequence"},
			{"empty meta key", func(tx store.Tx) error { return tx.PutMeta(ctxOf(t), "", nil) }, "key"},
			{"get empty meta key", func(tx store.Tx) error { _, _, err := tx.GetMeta(ctxOf(t), ""); return err }, "key"},
		}
		for _, c := range cases {
			err := s.Update(ctxOf(t), func(tx store.Tx) error { return c.op(tx) })
			switch {
			case err == nil:
				t.Errorf("%s: no error", c.name)
			case !strings.Contains(err.Error(), c.want):
				t.Errorf("%s: error %q does not name %q", c.name, err, c.want)
			case strings.Contains(err.Error(), secret):
				t.Errorf("%s: error %q repeats the record's content", c.name, err)
			}
		}
		wantNotFound(t, s, 1, "Server", "1")
	}},
}
