// Package jsonscan is a small validating JSON scanner: it finds where
// values begin and end without building anything, so that the SDK's
// generated model decoders can fill their typed fields in one pass over an
// object and keep the rest raw, and the emulator can read one or two
// members of a stored record without decoding it. Whatever it accepts is
// valid JSON (RFC 8259); whatever it does not, a caller hands to
// encoding/json, whose answer (and error) then stands.
//
// It imports nothing of the project, so code with no business with the
// catalogue (the stores) uses it without importing the catalogue.
package jsonscan

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// MaxDepth bounds nesting as encoding/json does.
const MaxDepth = 10000

// IsSpace reports JSON white space.
func IsSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// SkipSpace returns the index of the first non-space byte at or after i.
func SkipSpace(data []byte, i int) int {
	for i < len(data) && IsSpace(data[i]) {
		i++
	}
	return i
}

// IsCompact reports whether the valid JSON value v has no white space
// outside its strings, so that json.Compact would return it unchanged:
// a scan for white space that steps over strings, several times faster
// than compacting into a buffer to compare lengths.
func IsCompact(v []byte) bool {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case ' ', '\t', '\n', '\r':
			return false
		case '"':
			for i++; i < len(v) && v[i] != '"'; i++ {
				if v[i] == '\\' {
					i++
				}
			}
		}
	}
	return true
}

// SkipValue returns the index just past the value at data[i:] (which
// starts at i, no leading space), or false if it is not valid JSON or
// nests deeper than MaxDepth.
func SkipValue(data []byte, i int) (int, bool) { return skipValue(data, i, 0) }

func skipValue(data []byte, i, depth int) (int, bool) {
	if i >= len(data) {
		return 0, false
	}
	switch c := data[i]; {
	case c == '"':
		end, _, ok := SkipString(data, i)
		return end, ok
	case c == '{':
		return skipObject(data, i, depth+1)
	case c == '[':
		return skipArray(data, i, depth+1)
	case c == 't':
		return skipLiteral(data, i, "true")
	case c == 'f':
		return skipLiteral(data, i, "false")
	case c == 'n':
		return skipLiteral(data, i, "null")
	case c == '-' || ('0' <= c && c <= '9'):
		return skipNumber(data, i)
	}
	return 0, false
}

func skipLiteral(data []byte, i int, lit string) (int, bool) {
	if len(data)-i >= len(lit) && string(data[i:i+len(lit)]) == lit {
		return i + len(lit), true
	}
	return 0, false
}

// SkipString scans the string starting at data[i] == '"'; plain reports
// that it holds neither escapes nor non-ASCII bytes (its contents are its
// value).
func SkipString(data []byte, i int) (end int, plain, ok bool) {
	plain = true
	for j := i + 1; j < len(data); j++ {
		switch c := data[j]; {
		case c == '"':
			return j + 1, plain, true
		case c == '\\':
			plain = false
			j++
			if j >= len(data) {
				return 0, false, false
			}
			switch data[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if len(data)-j <= 4 {
					return 0, false, false
				}
				for _, h := range data[j+1 : j+5] {
					if !isHex(h) {
						return 0, false, false
					}
				}
				j += 4
			default:
				return 0, false, false
			}
		case c < 0x20:
			return 0, false, false
		case c >= utf8.RuneSelf:
			plain = false
		}
	}
	return 0, false, false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func skipDigits(data []byte, i int) int {
	for i < len(data) && '0' <= data[i] && data[i] <= '9' {
		i++
	}
	return i
}

func skipNumber(data []byte, i int) (int, bool) {
	if data[i] == '-' {
		i++
	}
	switch {
	case i >= len(data):
		return 0, false
	case data[i] == '0':
		i++
	case '1' <= data[i] && data[i] <= '9':
		i = skipDigits(data, i+1)
	default:
		return 0, false
	}
	if i < len(data) && data[i] == '.' {
		j := skipDigits(data, i+1)
		if j == i+1 {
			return 0, false
		}
		i = j
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		j := skipDigits(data, i)
		if j == i {
			return 0, false
		}
		i = j
	}
	return i, true
}

func skipObject(data []byte, i, depth int) (int, bool) {
	if depth > MaxDepth {
		return 0, false
	}
	i = SkipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return i + 1, true
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return 0, false
		}
		end, _, ok := SkipString(data, i)
		if !ok {
			return 0, false
		}
		i = SkipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return 0, false
		}
		if i, ok = skipValue(data, SkipSpace(data, i+1), depth); !ok {
			return 0, false
		}
		i = SkipSpace(data, i)
		switch {
		case i >= len(data):
			return 0, false
		case data[i] == '}':
			return i + 1, true
		case data[i] != ',':
			return 0, false
		}
		i = SkipSpace(data, i+1)
	}
}

func skipArray(data []byte, i, depth int) (int, bool) {
	if depth > MaxDepth {
		return 0, false
	}
	i = SkipSpace(data, i+1)
	if i < len(data) && data[i] == ']' {
		return i + 1, true
	}
	for {
		var ok bool
		if i, ok = skipValue(data, i, depth); !ok {
			return 0, false
		}
		i = SkipSpace(data, i)
		switch {
		case i >= len(data):
			return 0, false
		case data[i] == ']':
			return i + 1, true
		case data[i] != ',':
			return 0, false
		}
		i = SkipSpace(data, i+1)
	}
}

// skipChecked returns the index just past the value at data[i], which the
// scanner has already validated: it only has to follow strings and
// brackets.
func skipChecked(data []byte, i int) int {
	switch data[i] {
	case '"':
		for j := i + 1; j < len(data); j++ {
			switch data[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return len(data)
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				j = skipChecked(data, j) - 1
			case '{', '[':
				depth++
			case '}', ']':
				if depth--; depth == 0 {
					return j + 1
				}
			}
		}
		return len(data)
	}
	j := i
	for j < len(data) && data[j] != ',' && data[j] != '}' && data[j] != ']' && !IsSpace(data[j]) {
		j++
	}
	return j
}

// Elements calls f with each element of the valid JSON array arr (as
// returned by the scanner, so already checked) until f returns false.
func Elements(arr []byte, f func(elem []byte) bool) bool {
	i := SkipSpace(arr, 1)
	if i < len(arr) && arr[i] == ']' {
		return true
	}
	for {
		end := skipChecked(arr, i)
		if !f(arr[i:end]) {
			return false
		}
		i = SkipSpace(arr, end)
		if i >= len(arr) || arr[i] != ',' {
			return true
		}
		i = SkipSpace(arr, i+1)
	}
}

// Members calls f with the name (unquoted) and the value of each member
// of the valid JSON object obj (as returned by the scanner, so already
// checked) until f returns false, and reports whether it saw them all.
// Unlike an ObjectScanner it does not validate obj again; on input that is
// not a valid object it stops somewhere, reporting false, and does not
// panic.
func Members(obj []byte, f func(name, value []byte) bool) bool {
	i := SkipSpace(obj, 1)
	if i < len(obj) && obj[i] == '}' {
		return true
	}
	for {
		if i >= len(obj) || obj[i] != '"' {
			return false
		}
		end := skipChecked(obj, i)
		if end-i < 2 {
			return false
		}
		name, ok := PlainString(obj[i:end])
		if !ok {
			s, ok := Unquote(obj[i:end])
			if !ok {
				return false
			}
			name = []byte(s)
		}
		i = SkipSpace(obj, SkipSpace(obj, end)+1) // past the colon
		if i >= len(obj) {
			return false
		}
		end = skipChecked(obj, i)
		if !f(name, obj[i:end]) {
			return false
		}
		i = SkipSpace(obj, end)
		if i >= len(obj) || obj[i] != ',' {
			return true
		}
		i = SkipSpace(obj, i+1)
	}
}

// PlainString returns the value of the JSON string s when it needs no
// unescaping and is valid UTF-8 (encoding/json would replace invalid bytes).
func PlainString(s []byte) ([]byte, bool) {
	inner := s[1 : len(s)-1]
	if bytes.IndexByte(inner, '\\') >= 0 || !utf8.Valid(inner) {
		return nil, false
	}
	return inner, true
}

// Unquote is the value of the JSON string s.
func Unquote(s []byte) (string, bool) {
	if inner, ok := PlainString(s); ok {
		return string(inner), true
	}
	var v string
	err := json.Unmarshal(s, &v)
	return v, err == nil
}
