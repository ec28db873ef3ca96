package pydict

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// MaxDepth bounds the nesting of lists, tuples and dicts.
const MaxDepth = 32

// MaxLen bounds the input size in bytes.
const MaxLen = 1 << 20

// SyntaxError is a parse failure at a position of the input.
type SyntaxError struct {
	Offset   int // byte offset into the input
	Position int // 1-based character position (runes), for messages
	Msg      string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("position %d: %s", e.Position, e.Msg)
}

// Parse parses one Python literal. Surrounding whitespace and comments are
// allowed; anything after the literal is an error.
func Parse(src string) (Value, error) {
	if len(src) > MaxLen {
		return Value{}, &SyntaxError{Position: 1, Msg: fmt.Sprintf("input is longer than %d bytes", MaxLen)}
	}
	p := &parser{src: src}
	if err := p.checkSource(); err != nil {
		return Value{}, err
	}
	p.skipSpace()
	if p.pos >= len(p.src) {
		return Value{}, p.errorf(p.pos, "empty input: expected a literal such as {'regionId': 19344}")
	}
	v, err := p.value(0)
	if err != nil {
		return Value{}, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return Value{}, p.errorf(p.pos, "unexpected %s after the literal", p.describe(p.pos))
	}
	return v, nil
}

type parser struct {
	src string
	pos int
}

func (p *parser) errorf(off int, format string, args ...any) *SyntaxError {
	return &SyntaxError{
		Offset:   off,
		Position: utf8.RuneCountInString(p.src[:off]) + 1,
		Msg:      fmt.Sprintf(format, args...),
	}
}

// describe names the token starting at off for error messages.
func (p *parser) describe(off int) string {
	if off >= len(p.src) {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(p.src[off:])
	if isNameStart(r) {
		end := off
		for end < len(p.src) {
			r, n := utf8.DecodeRuneInString(p.src[end:])
			if !isNameChar(r) {
				break
			}
			end += n
		}
		return fmt.Sprintf("name %q", p.src[off:end])
	}
	return fmt.Sprintf("character %q", r)
}

// checkSource rejects what Python's tokenizer rejects before parsing.
func (p *parser) checkSource() error {
	for i, r := range p.src {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(p.src[i:]); n == 1 {
				return p.errorf(i, "invalid UTF-8")
			}
		}
		if r == 0 {
			return p.errorf(i, "NUL character")
		}
	}
	return nil
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch c := p.src[p.pos]; c {
		case ' ', '\t', '\n', '\r', '\f':
			p.pos++
		case '#':
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (Value, error) {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return Value{}, p.errorf(p.pos, "unexpected end of input: expected a value")
	}
	start := p.pos
	c := p.src[p.pos]
	switch {
	case c == '{' || c == '[' || c == '(':
		if depth >= MaxDepth {
			return Value{}, p.errorf(start, "nesting deeper than %d levels", MaxDepth)
		}
		return p.container(depth + 1)
	case c == '\'' || c == '"':
		return p.strings("")
	case c == '-' || c == '+':
		p.pos++
		p.skipSpace()
		if p.pos >= len(p.src) || !startsNumber(p.src, p.pos) {
			return Value{}, p.errorf(start, "sign %q must be followed by a number", c)
		}
		return p.number(c == '-')
	case startsNumber(p.src, p.pos):
		return p.number(false)
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	if isNameStart(r) {
		return p.name()
	}
	return Value{}, p.errorf(start, "unexpected %s: expected a string, number, True, False, None, list, tuple or dict", p.describe(start))
}

// name handles True/False/None and string prefixes; every other name would
// be code and is refused.
func (p *parser) name() (Value, error) {
	start := p.pos
	for p.pos < len(p.src) {
		r, n := utf8.DecodeRuneInString(p.src[p.pos:])
		if !isNameChar(r) {
			break
		}
		p.pos += n
	}
	word := p.src[start:p.pos]
	if p.pos < len(p.src) && (p.src[p.pos] == '\'' || p.src[p.pos] == '"') {
		if prefix, ok := stringPrefix(word); ok {
			return p.strings(prefix)
		}
		if isFormatPrefix(word) {
			return Value{}, p.errorf(start, "f-strings are not allowed (they evaluate code)")
		}
		return Value{}, p.errorf(start, "unknown string prefix %q", word)
	}
	switch word {
	case "True":
		return Value{Kind: Bool, Bool: true}, nil
	case "False":
		return Value{Kind: Bool}, nil
	case "None":
		return Value{Kind: None}, nil
	}
	return Value{}, p.errorf(start, "name %q is not allowed: only literals (strings, numbers, True, False, None, lists, tuples, dicts) are accepted, nothing is evaluated", word)
}

func (p *parser) container(depth int) (Value, error) {
	open := p.src[p.pos]
	start := p.pos
	p.pos++
	closer := map[byte]byte{'{': '}', '[': ']', '(': ')'}[open]
	var items []Value
	var entries []Entry
	sawComma := false
	for first := true; ; first = false {
		p.skipSpace()
		if p.pos >= len(p.src) {
			return Value{}, p.errorf(start, "%q is never closed", open)
		}
		if p.src[p.pos] == closer {
			p.pos++
			break
		}
		if !first {
			if p.src[p.pos] != ',' {
				return Value{}, p.errorf(p.pos, "unexpected %s: expected ',' or %q", p.describe(p.pos), closer)
			}
			sawComma = true
			p.pos++
			p.skipSpace()
			if p.pos < len(p.src) && p.src[p.pos] == closer {
				p.pos++
				break
			}
		}
		itemStart := p.pos
		v, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		if open != '{' {
			items = append(items, v)
			continue
		}
		p.skipSpace()
		hasColon := p.pos < len(p.src) && p.src[p.pos] == ':'
		if first && !hasColon && p.pos < len(p.src) && (p.src[p.pos] == ',' || p.src[p.pos] == '}') {
			return Value{}, p.errorf(start, "sets are not supported: use a list [...] or a dict {key: value}")
		}
		if !hasColon {
			return Value{}, p.errorf(p.pos, "unexpected %s: expected ':' after a dict key", p.describe(p.pos))
		}
		if v.Kind == List || v.Kind == Dict {
			return Value{}, p.errorf(itemStart, "unhashable type %s used as a dict key", v.Kind)
		}
		p.pos++
		val, err := p.value(depth)
		if err != nil {
			return Value{}, err
		}
		entries = mergeEntry(entries, Entry{Key: v, Value: val})
	}
	switch open {
	case '[':
		return Value{Kind: List, Items: items}, nil
	case '(':
		if len(items) == 1 && !sawComma {
			return items[0], nil // parenthesised expression, not a tuple
		}
		return Value{Kind: Tuple, Items: items}, nil
	}
	return Value{Kind: Dict, Entries: entries}, nil
}

// mergeEntry adds e, or, like Python, replaces the value of an equal key
// while keeping the key's first position.
func mergeEntry(entries []Entry, e Entry) []Entry {
	for i := range entries {
		if sameKey(entries[i].Key, e.Key) {
			entries[i].Value = e.Value
			return entries
		}
	}
	return append(entries, e)
}

func isNameStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isNameChar(r rune) bool  { return isNameStart(r) || unicode.IsDigit(r) }

func startsNumber(s string, i int) bool {
	if s[i] >= '0' && s[i] <= '9' {
		return true
	}
	return s[i] == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9'
}
