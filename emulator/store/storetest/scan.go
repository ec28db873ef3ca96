package storetest

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

var scanCases = []suiteCase{
	{"ScanOrderNumericThenText", func(t *testing.T, s store.Store) {
		// The order the store promises: integers numerically (equal values
		// by text), then other ids bytewise (too large for int64 = text).
		want := []string{"-3", "2", "007", "7", "9", "10", "100", "9223372036854775807",
			"99999999999999999999", "Abc", "abc", "b", "x-1"}
		ids := append([]string(nil), want...)
		rand.New(rand.NewPCG(1, 2)).Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		for _, id := range ids {
			put(t, s, rec(4, "Server", id))
		}
		put(t, s, rec(4, "Servers", "1"), rec(4, "Serve", "1"), rec(3, "Server", "1"), rec(5, "Server", "1"))
		got := scanIDs(t, s, store.Filter{Customer: 4, Kind: "Server"})
		if !equalStrings(got, prefixed(4, want)) {
			t.Errorf("scan order\n got %v\nwant %v", got, prefixed(4, want))
		}
	}},
	{"AfterIDAndLimit", func(t *testing.T, s store.Store) {
		var all []string
		var recs []store.Record
		for i := 2; i <= 50; i += 2 {
			recs = append(recs, rec(1, "Job", strconv.Itoa(i)))
			all = append(all, strconv.Itoa(i))
		}
		recs = append(recs, rec(1, "Job", "z"), rec(0, "Job", "a"))
		put(t, s, recs...)
		all = append(all, "a", "z")
		// Paging with Limit 7 visits everything once, in order.
		var paged []string
		after := ""
		for pages := 0; ; pages++ {
			if pages > len(all) {
				t.Fatalf("paging does not end: %v", paged)
			}
			f := store.Filter{Customer: 1, Kind: "Job", AfterID: after, Limit: 7}
			page := scanIDs(t, s, f)
			if len(page) > 7 {
				t.Fatalf("page of %d records with limit 7", len(page))
			}
			if n := count(t, s, f); n != len(page) {
				t.Errorf("count %+v = %d, scan visited %d", f, n, len(page))
			}
			if len(page) == 0 {
				break
			}
			for _, p := range page {
				paged = append(paged, p[2:])
			}
			after = paged[len(paged)-1]
		}
		if !equalStrings(paged, all) {
			t.Errorf("paged ids\n got %v\nwant %v", paged, all)
		}
		// AfterID need not exist; numeric ids compare numerically.
		for _, c := range []struct {
			after string
			first string
			count int
		}{{"15", "1/16", 20}, {"9", "1/10", 23}, {"-1", "1/2", 27}, {"50", "0/a", 2}, {"b", "1/z", 1}, {"zz", "", 0}} {
			f := store.Filter{Customer: 1, Kind: "Job", AfterID: c.after}
			got := scanIDs(t, s, f)
			first := ""
			if len(got) > 0 {
				first = got[0]
			}
			if first != c.first || len(got) != c.count {
				t.Errorf("after %q: first %q of %d, want %q of %d", c.after, first, len(got), c.first, c.count)
			}
			if n := count(t, s, f); n != c.count {
				t.Errorf("count after %q = %d, want %d", c.after, n, c.count)
			}
		}
	}},
	{"ScanStopsEarly", func(t *testing.T, s store.Store) {
		var recs []store.Record
		for i := range 20 {
			recs = append(recs, rec(1, "Volume", strconv.Itoa(i)))
		}
		put(t, s, recs...)
		calls := 0
		err := s.View(ctxOf(t), func(tx store.Tx) error {
			return tx.Scan(ctxOf(t), store.Filter{Customer: 1, Kind: "Volume"}, func(store.Record) bool {
				calls++
				return calls < 3
			})
		})
		if err != nil || calls != 3 {
			t.Errorf("scan stopping at the 3rd record: %d calls, err %v", calls, err)
		}
	}},
	{"ScanEmptyKind", func(t *testing.T, s store.Store) {
		put(t, s, rec(1, "Server", "1"))
		if got := scanIDs(t, s, store.Filter{Customer: 1, Kind: "Volume"}); len(got) != 0 {
			t.Errorf("scan of a kind with no records = %v", got)
		}
		if n := count(t, s, store.Filter{Customer: 1, Kind: "Volume"}); n != 0 {
			t.Errorf("count of a kind with no records = %d", n)
		}
	}},
	{"ManyRecordsInOrder", func(t *testing.T, s store.Store) {
		const n = 600
		perm := rand.New(rand.NewPCG(3, 4)).Perm(n)
		recs := make([]store.Record, 0, n)
		for _, i := range perm {
			recs = append(recs, rec(int64(i%2), "Snapshot", strconv.Itoa(i)))
		}
		put(t, s, recs...)
		got := scanIDs(t, s, store.Filter{Customer: 1, Kind: "Snapshot"})
		if len(got) != n {
			t.Fatalf("scan visited %d records, want %d", len(got), n)
		}
		for i, g := range got {
			if want := fmt.Sprintf("%d/%d", i%2, i); g != want {
				t.Fatalf("record %d = %s, want %s", i, g, want)
			}
		}
		if c := count(t, s, store.Filter{Customer: 0, Kind: "Snapshot"}); c != n/2 {
			t.Errorf("global count = %d, want %d", c, n/2)
		}
	}},
}

func prefixed(customer int64, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = fmt.Sprintf("%d/%s", customer, id)
	}
	return out
}
