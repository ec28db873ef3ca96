// Package sizedmap is the map the emulator's caches keep their entries
// in: bounded by the sizes the entries are given, making room by dropping
// arbitrary entries (Go's map order), which needs no bookkeeping per read.
// It is not safe for concurrent use: each cache guards its own.
package sizedmap

// Map holds values of K up to max in total size.
type Map[K comparable, V any] struct {
	max, size int
	entries   map[K]entry[V]
}

type entry[V any] struct {
	v    V
	size int
}

// New returns an empty map bounded by max.
func New[K comparable, V any](max int) *Map[K, V] {
	return &Map[K, V]{max: max, entries: map[K]entry[V]{}}
}

// Get returns k's value.
func (m *Map[K, V]) Get(k K) (V, bool) {
	en, ok := m.entries[k]
	return en.v, ok
}

// Put keeps v under k, of size n, in place of k's value: other entries
// are dropped while the total would exceed the bound. A value larger than
// a quarter of the bound is not kept (it would empty most of the map),
// and Put reports false.
func (m *Map[K, V]) Put(k K, v V, n int) bool {
	if n > m.max/4 {
		return false
	}
	if old, ok := m.entries[k]; ok {
		delete(m.entries, k)
		m.size -= old.size
	}
	for victim, old := range m.entries {
		if m.size+n <= m.max {
			break
		}
		delete(m.entries, victim)
		m.size -= old.size
	}
	m.entries[k] = entry[V]{v: v, size: n}
	m.size += n
	return true
}

// Clear drops every entry.
func (m *Map[K, V]) Clear() {
	clear(m.entries)
	m.size = 0
}

// Size is the total size of the entries kept.
func (m *Map[K, V]) Size() int { return m.size }

// Len is the number of entries kept.
func (m *Map[K, V]) Len() int { return len(m.entries) }
