package pydict

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxIntDigits bounds integer literals, as Python's own int/str conversion
// limit does, so a huge literal cannot make the conversion quadratic.
const MaxIntDigits = 4300

// number parses an int or float literal at p.pos (the sign, if any, was
// consumed and is passed as neg).
func (p *parser) number(neg bool) (Value, error) {
	start := p.pos
	s := p.src
	if s[p.pos] == '0' && p.pos+1 < len(s) && strings.IndexByte("xXoObB", s[p.pos+1]) >= 0 {
		return p.basedInt(neg)
	}
	isFloat := false
	p.digits(isDecimal)
	if p.pos < len(s) && s[p.pos] == '.' {
		isFloat = true
		p.pos++
		p.digits(isDecimal)
	}
	if p.pos < len(s) && (s[p.pos] == 'e' || s[p.pos] == 'E') {
		isFloat = true
		p.pos++
		if p.pos < len(s) && (s[p.pos] == '+' || s[p.pos] == '-') {
			p.pos++
		}
		if p.pos >= len(s) || !isDecimal(s[p.pos]) {
			return Value{}, p.errorf(start, "invalid number: exponent has no digits")
		}
		p.digits(isDecimal)
	}
	if err := p.numberEnd(start); err != nil {
		return Value{}, err
	}
	lit := s[start:p.pos]
	if err := p.checkUnderscores(start, lit, isDecimal); err != nil {
		return Value{}, err
	}
	clean := strings.ReplaceAll(lit, "_", "")
	if isFloat {
		return floatValue(clean, neg), nil
	}
	if len(clean) > 1 && clean[0] == '0' && strings.Trim(clean, "0") != "" {
		return Value{}, p.errorf(start, "leading zeros in decimal integers are not permitted (use 0o for octal)")
	}
	return p.intValue(start, clean, 10, neg)
}

func (p *parser) basedInt(neg bool) (Value, error) {
	start := p.pos
	base, ok := map[byte]int{'x': 16, 'o': 8, 'b': 2}[p.src[p.pos+1]|0x20]
	if !ok {
		return Value{}, p.errorf(start, "invalid number prefix")
	}
	p.pos += 2
	digitsStart := p.pos
	inBase := func(c byte) bool { return hexDigit(c) >= 0 && hexDigit(c) < base }
	p.digits(inBase)
	if err := p.numberEnd(start); err != nil {
		return Value{}, err
	}
	body := p.src[digitsStart:p.pos]
	// Python allows one underscore right after the base prefix.
	if err := p.checkUnderscores(digitsStart, strings.TrimPrefix(body, "_"), inBase); err != nil {
		return Value{}, err
	}
	clean := strings.ReplaceAll(body, "_", "")
	if clean == "" {
		return Value{}, p.errorf(start, "invalid number: %q has no digits", p.src[start:p.pos])
	}
	return p.intValue(start, clean, base, neg)
}

// digits consumes digits and underscores.
func (p *parser) digits(ok func(byte) bool) {
	for p.pos < len(p.src) && (ok(p.src[p.pos]) || p.src[p.pos] == '_') {
		p.pos++
	}
}

// numberEnd rejects letters glued to a number ("12abc", "1j", "0x1g").
func (p *parser) numberEnd(start int) error {
	if p.pos >= len(p.src) {
		return nil
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.pos:])
	switch {
	case r == 'j' || r == 'J':
		return p.errorf(start, "complex numbers are not supported")
	case isNameChar(r) || r == '.':
		return p.errorf(start, "invalid number %q", p.src[start:p.pos]+string(r))
	}
	return nil
}

// checkUnderscores enforces Python's rule: single underscores, only between digits.
func (p *parser) checkUnderscores(start int, lit string, isDigit func(byte) bool) error {
	for i := 0; i < len(lit); i++ {
		if lit[i] != '_' {
			continue
		}
		if i == 0 || i == len(lit)-1 || !isDigit(lit[i-1]) || !isDigit(lit[i+1]) {
			return p.errorf(start, "invalid underscore in number literal")
		}
	}
	return nil
}

func isDecimal(c byte) bool { return c >= '0' && c <= '9' }

func (p *parser) intValue(start int, digits string, base int, neg bool) (Value, error) {
	if len(digits) > MaxIntDigits {
		return Value{}, p.errorf(start, "integer literal has more than %d digits", MaxIntDigits)
	}
	var n big.Int
	if _, ok := n.SetString(digits, base); !ok {
		return Value{}, p.errorf(start, "invalid integer %q", digits)
	}
	if neg {
		n.Neg(&n)
	}
	text := n.String()
	if len(text) > MaxIntDigits+1 {
		return Value{}, p.errorf(start, "integer literal has more than %d decimal digits", MaxIntDigits)
	}
	return Value{Kind: Int, Text: text}, nil
}

// floatValue renders a float as Python's repr does: shortest round-trip
// digits, fixed notation for exponents in [-4, 16), ".0" on integral values,
// scientific with a signed two-digit exponent otherwise; overflow is inf.
func floatValue(lit string, neg bool) Value {
	f, _ := strconv.ParseFloat(lit, 64) // syntax was checked; range errors give ±Inf or 0 like Python
	if neg {
		f = -f
	}
	return Value{Kind: Float, Text: pythonFloatRepr(f)}
}

func pythonFloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	sci := strconv.FormatFloat(f, 'e', -1, 64)
	exp, _ := strconv.Atoi(sci[strings.IndexByte(sci, 'e')+1:])
	if f != 0 && (exp < -4 || exp >= 16) {
		return sci
	}
	fixed := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(fixed, ".") {
		fixed += ".0"
	}
	return fixed
}
