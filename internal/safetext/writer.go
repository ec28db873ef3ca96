package safetext

import (
	"bytes"
	"io"
)

// maxLine bounds what LineWriter holds while it waits for a newline: a
// longer line is escaped and written in pieces (a piece boundary may fall
// inside a multi-byte rune, which then shows as \x escapes).
const maxLine = 64 << 10

// LineWriter escapes a stream of lines for a terminal: each line is
// passed through Escape and written with its newline, so the output keeps
// its lines while nothing inside one can act on the terminal. Close writes
// what is left after the last newline. It is for documents shown to a
// person (raw answers, old-format tables on a terminal); a pipe or a file
// gets the bytes unchanged from the caller instead.
type LineWriter struct {
	w   io.Writer
	buf []byte
}

// NewLineWriter returns a LineWriter writing to w.
func NewLineWriter(w io.Writer) *LineWriter { return &LineWriter{w: w} }

// Write escapes and writes every complete line of p and keeps the rest.
func (l *LineWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			l.buf = append(l.buf, p...)
			if len(l.buf) >= maxLine {
				return n, l.flush(false)
			}
			return n, nil
		}
		l.buf = append(l.buf, p[:i]...)
		p = p[i+1:]
		if err := l.flush(true); err != nil {
			return n - len(p), err
		}
	}
	return n, nil
}

// Close writes the escaped rest of the last line, if any.
func (l *LineWriter) Close() error {
	if len(l.buf) == 0 {
		return nil
	}
	return l.flush(false)
}

func (l *LineWriter) flush(newline bool) error {
	out := Escape(string(l.buf))
	if newline {
		out += "\n"
	}
	l.buf = l.buf[:0]
	_, err := io.WriteString(l.w, out)
	return err
}
