// Package safetext makes server-supplied text safe to show on a terminal.
//
// Anything an API answer carries (names, descriptions, job and error
// messages) may be hostile: an escape sequence can rewrite the clipboard
// (OSC 52), retitle the window, clear the screen, or move the cursor; a
// carriage return or newline can forge a line of output ("\r\nFAKE: ok");
// bidirectional overrides can make text read other than it is. Every
// human-facing renderer (tables, detail views, CSV and TSV on a terminal,
// messages on stderr, progress) passes such text through Escape. Machine
// formats written for programs (JSON, YAML, XML, JSON lines, CSV to a file
// or pipe) keep the exact bytes and never use this package.
package safetext

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Escape returns s with every byte or rune that a terminal would act on
// rather than print replaced by a visible escape: C0 controls (including
// ESC, BEL, CR, LF and TAB), DEL, C1 controls, Unicode bidirectional
// controls and other invisible format characters, line and paragraph
// separators, and invalid UTF-8. Control characters with a short Go escape
// use it (\n, \r, \t), others \xNN or \uNNNN. Text that holds none of these
// is returned unchanged, without allocating.
func Escape(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case unsafeRune(r):
			b.WriteString(escapeRune(r))
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// Safe reports whether s needs no escaping.
func Safe(s string) bool { return firstUnsafe(s) < 0 }

// firstUnsafe is the index of the first byte Escape would change, or -1.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || unsafeRune(r) {
			return i
		}
		i += n
	}
	return -1
}

// unsafeRune reports runes a terminal acts on or that change how the text
// around them reads, without being visible themselves.
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f: // C0, DEL, C1
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f: // Arabic letter mark, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e: // embeddings and overrides
		return true
	case r >= 0x2066 && r <= 0x2069: // isolates
		return true
	case r == 0x2028, r == 0x2029: // line and paragraph separators
		return true
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff: // zero-width spaces and joiners, BOM
		return true
	case r >= 0xfff9 && r <= 0xfffb: // interlinear annotation controls
		return true
	}
	return false
}

func escapeRune(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	if r < 0x100 {
		return `\x` + hex2(byte(r))
	}
	q := strconv.QuoteRuneToASCII(r) // '\u202e'
	return q[1 : len(q)-1]
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
