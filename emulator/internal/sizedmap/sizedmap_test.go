package sizedmap

import "testing"

// The total never exceeds the bound, a replaced value's size is given
// back, an oversized value is refused, and Clear empties.
func TestBound(t *testing.T) {
	m := New[int, string](100)
	for i := range 50 {
		if !m.Put(i, "v", 10) {
			t.Fatalf("put %d refused", i)
		}
		if m.Size() > 100 || m.Size() != 10*m.Len() {
			t.Fatalf("after put %d: size %d for %d entries", i, m.Size(), m.Len())
		}
		if v, ok := m.Get(i); !ok || v != "v" {
			t.Fatalf("the value just put is %q, %v", v, ok)
		}
	}
	if m.Len() != 10 {
		t.Fatalf("%d entries of 10 in a bound of 100", m.Len())
	}
	m.Clear()
	m.Put(1, "a", 20)
	m.Put(1, "b", 5)
	if v, _ := m.Get(1); v != "b" || m.Size() != 5 || m.Len() != 1 {
		t.Fatalf("after replacing: %q, size %d, %d entries", v, m.Size(), m.Len())
	}
	if m.Put(2, "big", 26) {
		t.Fatal("a value over a quarter of the bound was kept")
	}
	if _, ok := m.Get(2); ok || m.Size() != 5 {
		t.Fatalf("the refused value is there, or changed the size (%d)", m.Size())
	}
	m.Clear()
	if m.Len() != 0 || m.Size() != 0 {
		t.Fatalf("after Clear: %d entries, size %d", m.Len(), m.Size())
	}
}
