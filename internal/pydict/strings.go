package pydict

import (
	"strings"
	"unicode/utf8"
)

// stringPrefix reports whether word is a string prefix we accept and returns
// it lower-cased: u (Python 2 unicode, as pasted from old output), r (raw),
// b (bytes) and the raw-bytes combinations.
func stringPrefix(word string) (string, bool) {
	switch w := strings.ToLower(word); w {
	case "u", "r", "b", "br", "rb":
		return w, true
	}
	return "", false
}

// isFormatPrefix reports f-string prefixes, which embed code.
func isFormatPrefix(word string) bool {
	switch strings.ToLower(word) {
	case "f", "rf", "fr", "t", "rt", "tr":
		return true
	}
	return false
}

// strings parses one string literal (whose prefix, if any, was consumed)
// and any adjacent literals, which Python concatenates.
func (p *parser) strings(prefix string) (Value, error) {
	var b strings.Builder
	isBytes := strings.Contains(prefix, "b")
	for {
		if err := p.oneString(&b, prefix); err != nil {
			return Value{}, err
		}
		p.skipSpace()
		next, ok := p.adjacentPrefix()
		if !ok {
			break
		}
		if strings.Contains(next, "b") != isBytes {
			return Value{}, p.errorf(p.pos, "cannot mix bytes and str literals")
		}
		p.pos += len(next)
		prefix = next
	}
	return Value{Kind: String, Text: b.String()}, nil
}

// adjacentPrefix reports whether a string literal starts at p.pos and
// returns its prefix (not yet consumed).
func (p *parser) adjacentPrefix() (string, bool) {
	end := p.pos
	for end < len(p.src) && end-p.pos < 2 && isASCIILetter(p.src[end]) {
		end++
	}
	if end >= len(p.src) || (p.src[end] != '\'' && p.src[end] != '"') {
		return "", false
	}
	if end == p.pos {
		return "", true
	}
	word := p.src[p.pos:end]
	if _, ok := stringPrefix(word); ok {
		return word, true
	}
	return "", false
}

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

// oneString parses a single quoted literal at p.pos into b.
func (p *parser) oneString(b *strings.Builder, prefix string) error {
	start := p.pos - len(prefix) // errors point at the literal's prefix
	quote := p.src[p.pos]
	raw := strings.Contains(prefix, "r")
	isBytes := strings.Contains(prefix, "b")
	triple := strings.HasPrefix(p.src[p.pos:], strings.Repeat(string(quote), 3))
	if triple {
		p.pos += 3
	} else {
		p.pos++
	}
	for {
		if p.pos >= len(p.src) {
			return p.errorf(start, "string literal is never closed")
		}
		c := p.src[p.pos]
		switch {
		case c == quote && !triple:
			p.pos++
			return nil
		case c == quote && strings.HasPrefix(p.src[p.pos:], strings.Repeat(string(quote), 3)):
			p.pos += 3
			return nil
		case c == '\n' && !triple:
			return p.errorf(start, "string literal is never closed on its line")
		case c == '\\':
			if err := p.escape(b, raw, isBytes); err != nil {
				return err
			}
		default:
			r, n := utf8.DecodeRuneInString(p.src[p.pos:])
			if isBytes && r >= utf8.RuneSelf {
				return p.errorf(p.pos, "bytes literal may only contain ASCII characters")
			}
			b.WriteString(p.src[p.pos : p.pos+n])
			p.pos += n
		}
	}
}

// escape decodes the backslash sequence at p.pos with Python's rules:
// unknown escapes keep their backslash.
func (p *parser) escape(b *strings.Builder, raw, isBytes bool) error {
	start := p.pos
	p.pos++ // the backslash
	if p.pos >= len(p.src) {
		return p.errorf(start, "string literal ends with a lone backslash")
	}
	c := p.src[p.pos]
	if raw {
		// A raw string keeps the backslash, but it still protects the next
		// character from ending the literal.
		_, n := utf8.DecodeRuneInString(p.src[p.pos:])
		b.WriteByte('\\')
		b.WriteString(p.src[p.pos : p.pos+n])
		p.pos += n
		return nil
	}
	simple := map[byte]string{
		'\n': "", '\\': `\`, '\'': `'`, '"': `"`, 'a': "\a", 'b': "\b",
		'f': "\f", 'n': "\n", 'r': "\r", 't': "\t", 'v': "\v",
	}
	if s, ok := simple[c]; ok {
		b.WriteString(s)
		p.pos++
		return nil
	}
	switch {
	case c >= '0' && c <= '7':
		v, end := 0, p.pos
		for end < len(p.src) && end-p.pos < 3 && p.src[end] >= '0' && p.src[end] <= '7' {
			v = v*8 + int(p.src[end]-'0')
			end++
		}
		p.pos = end
		return p.writeCode(b, start, v, isBytes)
	case c == 'x':
		return p.hexEscape(b, start, 2, isBytes)
	case c == 'u' && !isBytes:
		return p.hexEscape(b, start, 4, false)
	case c == 'U' && !isBytes:
		return p.hexEscape(b, start, 8, false)
	case c == 'N' && !isBytes:
		return p.errorf(start, `\N{...} named escapes are not supported`)
	}
	b.WriteByte('\\') // unknown escape: Python keeps it verbatim
	return nil
}

func (p *parser) hexEscape(b *strings.Builder, start, digits int, isBytes bool) error {
	p.pos++ // x, u or U
	if p.pos+digits > len(p.src) {
		return p.errorf(start, "truncated \\%c escape: needs %d hex digits", p.src[start+1], digits)
	}
	v := 0
	for i := 0; i < digits; i++ {
		d := hexDigit(p.src[p.pos+i])
		if d < 0 {
			return p.errorf(start, "truncated \\%c escape: needs %d hex digits", p.src[start+1], digits)
		}
		v = v*16 + d
	}
	p.pos += digits
	return p.writeCode(b, start, v, isBytes)
}

// writeCode writes a code point (str) or a byte value (bytes).
func (p *parser) writeCode(b *strings.Builder, start, v int, isBytes bool) error {
	if isBytes {
		if v > 0xff {
			return p.errorf(start, "octal escape value %d is out of range for bytes", v)
		}
		b.WriteByte(byte(v))
		return nil
	}
	if v > utf8.MaxRune {
		return p.errorf(start, "escape value 0x%x is beyond the last Unicode code point", v)
	}
	if v >= 0xd800 && v <= 0xdfff {
		return p.errorf(start, "escape value 0x%x is a lone surrogate, which cannot be sent as UTF-8", v)
	}
	b.WriteRune(rune(v))
	return nil
}

func hexDigit(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
