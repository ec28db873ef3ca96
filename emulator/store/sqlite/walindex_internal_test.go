package sqlite

import (
	"encoding/binary"
	"testing"
)

// validHeader is a WAL-index header as walIndexWriteHdr writes it (both
// copies), with the checksum SQLite computes.
func validHeader(iChange, mxFrame uint32) [walIndexWords]uint32 {
	var b [4]byte
	b[0] = 1                                   // isInit
	binary.NativeEndian.PutUint16(b[2:], 4096) // szPage
	h := walHeader{walIndexVersion, 0, iChange, binary.NativeEndian.Uint32(b[:]), mxFrame, 7, 11, 13, 17, 19}
	var s1, s2 uint32
	for i := 0; i < 10; i += 2 {
		s1 += h[i] + s2
		s2 += h[i+1] + s1
	}
	h[10], h[11] = s1, s2
	var m [walIndexWords]uint32
	copy(m[:], h[:])
	copy(m[len(h):], h[:])
	return m
}

// A header is trusted only as walIndexTryHdr trusts it: both copies
// equal, initialised, the known version and a matching checksum.
func TestReadWALHeader(t *testing.T) {
	m := validHeader(5, 42)
	h, ok := readWALHeader(&m)
	if !ok || h[2] != 5 || h[4] != 42 {
		t.Fatalf("valid header: %v %v", h, ok)
	}
	if other, _ := readWALHeader(ptr(validHeader(6, 43))); other == h {
		t.Fatal("two commits read as one header")
	}
	cases := map[string]func(m *[walIndexWords]uint32){
		"torn: first copy newer": func(m *[walIndexWords]uint32) {
			n := validHeader(6, 43)
			copy(m[:12], n[:12])
		},
		"torn: second copy newer": func(m *[walIndexWords]uint32) {
			n := validHeader(6, 43)
			copy(m[12:], n[12:])
		},
		"half-written word": func(m *[walIndexWords]uint32) { m[4], m[16] = 43, 43 },
		"not initialised": func(m *[walIndexWords]uint32) {
			var b [4]byte
			binary.NativeEndian.PutUint32(b[:], m[3])
			b[0] = 0
			m[3], m[15] = binary.NativeEndian.Uint32(b[:]), binary.NativeEndian.Uint32(b[:])
		},
		"other version": func(m *[walIndexWords]uint32) { m[0], m[12] = 3007001, 3007001 },
		"bad checksum":  func(m *[walIndexWords]uint32) { m[11]++; m[23]++ },
		"zeroed":        func(m *[walIndexWords]uint32) { *m = [walIndexWords]uint32{} },
	}
	for name, spoil := range cases {
		m := validHeader(5, 42)
		spoil(&m)
		if h, ok := readWALHeader(&m); ok {
			t.Errorf("%s: trusted %v", name, h)
		}
	}
}

func ptr(m [walIndexWords]uint32) *[walIndexWords]uint32 { return &m }

// A closed or absent walIndex reads nothing, so ReadItem falls back.
func TestWALIndexClosed(t *testing.T) {
	var none *walIndex
	if _, ok := none.header(); ok {
		t.Fatal("nil walIndex read a header")
	}
	m := validHeader(1, 1)
	released := 0
	w := &walIndex{words: &m, release: func() error { released++; return nil }}
	if _, ok := w.header(); !ok {
		t.Fatal("open walIndex read no header")
	}
	if err := w.close(); err != nil || released != 1 {
		t.Fatalf("close: %v, released %d", err, released)
	}
	if _, ok := w.header(); ok {
		t.Fatal("closed walIndex read a header")
	}
	if err := w.close(); err != nil || released != 1 {
		t.Fatalf("second close: %v, released %d", err, released)
	}
}
