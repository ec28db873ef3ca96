// Package py2 reproduces the parts of CPython 2.7 (64-bit Linux build,
// hash randomisation off, as it shipped) and of the Python libraries
// mixcoatl 1.5.1's tools printed with (json, xmltodict 0.9.2, prettytable
// 0.7.2, pprint) that decide what those tools printed: the iteration order
// of a dict or set, str() and repr() of values, json.dumps with indent and
// sorted keys, xmltodict.unparse, a PrettyTable and pprint.pformat.
//
// Only behaviour is reproduced, from the documented rules of those
// libraries and of CPython; no Python is run. Values are modelled as Go
// values: nil (None), bool, Int, float64, string (unicode), []any (list)
// and *Dict (dict).
package py2

// A hash table ordered as CPython 2.7's dict and set were: open addressing
// over a power-of-two table, probing i = 5*i + perturb + 1 with perturb
// shifted right by 5 each step, growing to the smallest power of two above
// 4*used when two thirds of the slots are taken. Iteration walks the slots
// in order, so the order of keys depends on their hashes, on the order of
// insertion and on every resize: all of it is reproduced. Deletion is not
// needed by the tools and is not supported.

const (
	minSize      = 8 // PyDict_MINSIZE, PySet_MINSIZE
	perturbShift = 5
)

type slot struct {
	key  string
	hash uint64
	used bool
}

// table is the slot array of one dict or set.
type table struct {
	slots []slot
	fill  int // slots ever taken (no deletion: the same as used)
	used  int
}

func newTable() *table { return &table{slots: make([]slot, minSize)} }

// find is the slot of key: where it is, or the first free slot of its
// probe sequence.
func (t *table) find(key string, h uint64) int {
	mask := uint64(len(t.slots) - 1)
	i := h & mask
	if s := t.slots[i]; !s.used || (s.hash == h && s.key == key) {
		return int(i)
	}
	for perturb := h; ; perturb >>= perturbShift {
		i = (i << 2) + i + perturb + 1
		if s := t.slots[i&mask]; !s.used || (s.hash == h && s.key == key) {
			return int(i & mask)
		}
	}
}

// insert adds key without a resize check (insertdict); it reports whether
// the key is new.
func (t *table) insert(key string) bool {
	h := Hash(key)
	i := t.find(key, h)
	if t.slots[i].used {
		return false
	}
	t.slots[i] = slot{key: key, hash: h, used: true}
	t.fill++
	t.used++
	return true
}

// add is PyDict_SetItem / set.add: insert, then grow when the table is two
// thirds full after a new key.
func (t *table) add(key string) {
	if t.insert(key) && t.fill*3 >= len(t.slots)*2 {
		growth := 4
		if t.used > 50000 {
			growth = 2
		}
		t.resize(growth * t.used)
	}
}

// resize rebuilds the table with the smallest power of two above minUsed
// slots, reinserting the keys in slot order.
func (t *table) resize(minUsed int) {
	size := minSize
	for size <= minUsed {
		size <<= 1
	}
	old := t.slots
	t.slots = make([]slot, size)
	t.fill, t.used = 0, 0
	for _, s := range old {
		if s.used {
			t.insert(s.key)
		}
	}
}

// copyTable is PyDict_Copy: an empty dict merged with t, which sizes the
// new table once for all of t's keys, then inserts them in t's slot order.
func (t *table) copyTable() *table {
	c := newTable()
	if t.used == 0 {
		return c
	}
	if (c.fill+t.used)*3 >= len(c.slots)*2 {
		c.resize((c.used + t.used) * 2)
	}
	for _, s := range t.slots {
		if s.used {
			c.insert(s.key)
		}
	}
	return c
}

// keys are the keys in iteration order.
func (t *table) keys() []string {
	out := make([]string, 0, t.used)
	for _, s := range t.slots {
		if s.used {
			out = append(out, s.key)
		}
	}
	return out
}

// Hash is CPython 2.7's hash of a str or unicode (the same for ASCII
// text): code points of a wide (UCS-4) build, a 64-bit C long, no
// randomisation prefix or suffix.
func Hash(s string) uint64 {
	if s == "" {
		return 0
	}
	var n int64
	var x int64
	first := true
	for _, r := range s {
		if first {
			x = int64(r) << 7
			first = false
		}
		x = (1000003 * x) ^ int64(r)
		n++
	}
	x ^= n
	if x == -1 {
		x = -2
	}
	return uint64(x)
}

// SetOrder is the order in which list(set(items)) lists items.
func SetOrder(items []string) []string {
	t := newTable()
	for _, it := range items {
		t.add(it)
	}
	return t.keys()
}
