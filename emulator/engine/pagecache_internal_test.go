package engine

import (
	"bytes"
	"strconv"
	"testing"
)

// The page cache answers only the snapshot a page was read from, keeps a
// key's last pageSnapshots snapshots (sharing equal bodies), stays within
// its bound, and does not keep a page bigger than a quarter of it.
func TestPageCacheRule(t *testing.T) {
	t.Parallel()
	type snap struct{ conn, version int }
	c := newPageCache(1 << 20)
	k := pageKey{customer: 1, kind: "Server", version: "v", query: "activeOnly=true"}
	page := func(s string) WirePage { return WirePage{Body: []byte(s), Count: 1} }
	c.put(k, snap{1, 1}, page(`{"servers":[1]}`))
	if p, ok := c.get(k, snap{1, 1}); !ok || string(p.Body) != `{"servers":[1]}` {
		t.Fatalf("the page is not answered for its snapshot: %q %v", p.Body, ok)
	}
	if _, ok := c.get(k, snap{1, 2}); ok {
		t.Fatal("a page is answered for another snapshot")
	}
	other := k
	other.from = Cursor{After: "7"}
	if _, ok := c.get(other, snap{1, 1}); ok {
		t.Fatal("a page is answered for another request")
	}
	// Another connection's snapshot of the same state: both kept, one body.
	c.put(k, snap{2, 9}, page(`{"servers":[1]}`))
	a, _ := c.get(k, snap{1, 1})
	b, ok := c.get(k, snap{2, 9})
	if !ok || &a.Body[0] != &b.Body[0] {
		t.Fatal("equal pages of two snapshots are not shared")
	}
	for i := range 2 * pageSnapshots {
		c.put(k, snap{3, i}, page(`{"servers":[`+strconv.Itoa(i)+`]}`))
	}
	if n := len(c.entries[k]); n != pageSnapshots {
		t.Fatalf("a key keeps %d snapshots, want %d", n, pageSnapshots)
	}
	if _, ok := c.get(k, snap{1, 1}); ok {
		t.Fatal("the oldest snapshot is still kept")
	}
	big := bytes.Repeat([]byte{'x'}, 1<<18)
	c.put(other, snap{1, 1}, WirePage{Body: big})
	if _, ok := c.get(other, snap{1, 1}); ok {
		t.Fatal("a page over a quarter of the bound is kept")
	}
	for i := range 40 {
		key := k
		key.query = strconv.Itoa(i)
		c.put(key, snap{1, 1}, WirePage{Body: big[:1<<17]})
		if c.size > c.max {
			t.Fatalf("%d bytes kept, bound %d", c.size, c.max)
		}
	}
	want := 0
	for key, ens := range c.entries {
		want += key.cost(ens)
	}
	if want != c.size {
		t.Fatalf("size %d, entries cost %d", c.size, want)
	}
}
