package py2

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Str is str(v) (unicode(v) for text), as print and "%s" show a value.
// Text is returned as is: where Python 2 would have failed to encode
// non-ASCII text for str(), the tools here print it as UTF-8.
func Str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case Int:
		return string(x)
	case float64:
		return FloatStr(x)
	}
	return Repr(v)
}

// Repr is repr(v).
func Repr(v any) string {
	var b strings.Builder
	writeRepr(&b, v, false)
	return b.String()
}

// ReprBytes is repr(v) after text was converted to UTF-8 byte strings (a
// Python 2 str): no u prefix, non-ASCII bytes as \xhh.
func ReprBytes(v any) string {
	var b strings.Builder
	writeRepr(&b, v, true)
	return b.String()
}

func writeRepr(b *strings.Builder, v any, bytesText bool) {
	switch x := v.(type) {
	case nil:
		b.WriteString("None")
	case bool:
		if x {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case Int:
		b.WriteString(string(x))
		if x.IsLong() {
			b.WriteByte('L')
		}
	case float64:
		b.WriteString(FloatRepr(x))
	case string:
		if bytesText {
			b.WriteString(reprBytes(x))
		} else {
			b.WriteString(reprUnicode(x))
		}
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, e, bytesText)
		}
		b.WriteByte(']')
	case *Dict:
		b.WriteByte('{')
		for i, k := range x.Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, k, bytesText)
			b.WriteString(": ")
			val, _ := x.Get(k)
			writeRepr(b, val, bytesText)
		}
		b.WriteByte('}')
	default:
		fmt.Fprintf(b, "%v", x)
	}
}

// quote is the quote repr chooses: a double quote only for text that holds
// a single quote and no double quote.
func quote(s string) byte {
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		return '"'
	}
	return '\''
}

// reprUnicode is repr of a unicode string of a wide build.
func reprUnicode(s string) string {
	q := quote(s)
	var b strings.Builder
	b.WriteString("u")
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < ' ' || (r >= 0x7f && r < 0x100):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x10000:
			fmt.Fprintf(&b, `\U%08x`, r)
		case r >= 0x100:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// reprBytes is repr of a byte string (the UTF-8 bytes of s).
func reprBytes(s string) string {
	q := quote(s)
	var b strings.Builder
	b.WriteByte(q)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == q || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\t':
			b.WriteString(`\t`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c < ' ' || c >= 0x7f:
			fmt.Fprintf(&b, `\x%02x`, c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// FloatRepr is repr(f): the shortest text that reads back as f, in
// exponent form below 1e-4 and from 1e16 on.
func FloatRepr(f float64) string {
	if s, ok := special(f); ok {
		return s
	}
	digits, exp := shortest(f)
	// decpt is where the decimal point goes: value = 0.digits × 10^decpt.
	decpt := exp + 1
	if decpt <= -4 || decpt > 16 {
		return expForm(math.Signbit(f), digits, decpt-1)
	}
	return fixedForm(math.Signbit(f), digits, decpt, true)
}

// FloatStr is str(f): twelve significant digits, in exponent form below
// 1e-4 and from 1e11 on (CPython's 'g' with ".0" added to whole numbers
// moves the threshold one digit down).
func FloatStr(f float64) string {
	if s, ok := special(f); ok {
		return s
	}
	s := strconv.FormatFloat(math.Abs(f), 'e', 11, 64)
	mant, e, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(e)
	digits := strings.TrimRight(strings.Replace(mant, ".", "", 1), "0")
	if digits == "" {
		digits = "0"
	}
	decpt := exp + 1
	if decpt <= -4 || decpt > 11 {
		return expForm(math.Signbit(f), digits, decpt-1)
	}
	return fixedForm(math.Signbit(f), digits, decpt, true)
}

func special(f float64) (string, bool) {
	switch {
	case math.IsInf(f, 1):
		return "inf", true
	case math.IsInf(f, -1):
		return "-inf", true
	case math.IsNaN(f):
		return "nan", true
	}
	return "", false
}

// shortest is the shortest round-tripping digits of |f| and the decimal
// exponent of the first digit.
func shortest(f float64) (string, int) {
	s := strconv.FormatFloat(math.Abs(f), 'e', -1, 64) // d.ddde±xx
	mant, e, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(e)
	return strings.Replace(mant, ".", "", 1), exp
}

func expForm(neg bool, digits string, exp int) string {
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteByte(digits[0])
	if len(digits) > 1 {
		b.WriteByte('.')
		b.WriteString(digits[1:])
	}
	sign := "+"
	if exp < 0 {
		sign, exp = "-", -exp
	}
	fmt.Fprintf(&b, "e%s%02d", sign, exp)
	return b.String()
}

func fixedForm(neg bool, digits string, decpt int, dot0 bool) string {
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	switch {
	case decpt <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -decpt))
		b.WriteString(digits)
	case decpt >= len(digits):
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", decpt-len(digits)))
		if dot0 {
			b.WriteString(".0")
		}
	default:
		b.WriteString(digits[:decpt])
		b.WriteByte('.')
		b.WriteString(digits[decpt:])
	}
	return b.String()
}
