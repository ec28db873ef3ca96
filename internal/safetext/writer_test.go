package safetext

import (
	"bytes"
	"strings"
	"testing"
)

func TestLineWriterKeepsLinesAndEscapesTheirContent(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	w := NewLineWriter(&out)
	// Written in odd pieces, as a stream arrives.
	in := "name: \x1b]52;c;aGk=\x07ok\nsecond\r\nFAKE: ok\nlast \u202e"
	for i := 0; i < len(in); i += 3 {
		if _, err := w.Write([]byte(in[i:min(i+3, len(in))])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := `name: \x1b]52;c;aGk=\x07ok` + "\n" + `second\r` + "\n" + "FAKE: ok\n" + `last \u202e`
	if out.String() != want {
		t.Errorf("got %q\nwant %q", out.String(), want)
	}
}

func TestLineWriterBoundsALineWithoutNewline(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	w := NewLineWriter(&out)
	long := strings.Repeat("a", 3*maxLine)
	if _, err := w.Write([]byte(long)); err != nil {
		t.Fatal(err)
	}
	if len(w.buf) >= maxLine || out.Len() == 0 {
		t.Errorf("holds %d bytes after a %d-byte line, wrote %d", len(w.buf), len(long), out.Len())
	}
	_ = w.Close()
	if out.String() != long {
		t.Error("a safe long line was changed")
	}
}
