package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// Value checks per catalogue type. A server reads two kinds of input
// against the catalogue: seed files, which must hold exactly the stored wire
// form (Strict), and requests, where clients of every generation sent
// variants that the service accepted (Lenient). One function per type
// serves both; the mode decides only what else is accepted.

// Mode is how strictly Check reads a value.
type Mode uint8

const (
	// Strict accepts exactly the stored wire form, what a server answers at
	// basic detail: integers without a fraction, references holding only
	// the target's id typed like the target's key, UTC timestamps with
	// milliseconds, money with an upper-case currency, windows with their
	// five keys only, enum values as listed.
	Strict Mode = iota
	// Lenient accepts what clients sent: ids and numbers as numeric
	// strings, booleans as True/true/1/yes or False/false/0/no in any
	// case, timestamps in any zone or as epoch milliseconds, money as
	// "USD11.01" or without a currency (USD), a reference as a bare id,
	// enum values in any case. Check returns the value in stored form.
	Lenient
)

// Check checks v, a value decoded with json.Decoder.UseNumber (never nil),
// against the type of field f. In Lenient mode it returns the value in
// stored form: ints as int64, numbers as float64, strings and timestamps
// as string, references as {"<refKey>": int64 or string}, money as
// {"currency": string, "value": float64}, enum values spelt as the
// catalogue lists them; arrays and objects are returned as they are (not
// copied). In Strict mode it returns v. cat resolves reference targets, so
// that Strict can type a reference's id like the target's key; it may be
// nil. The error says what was wanted and what was given, without the
// field's name.
func Check(cat *catalog.Catalog, f *catalog.Field, v any, mode Mode) (any, error) {
	c := checker{cat: cat, mode: mode}
	return c.typeCheck(f.Type)(f, v)
}

// CheckParam reads a query parameter's text by the parameter's type (int,
// bool or string): a query is always text, so it is read leniently.
func CheckParam(p catalog.Param, raw string) (any, error) {
	return Check(nil, &catalog.Field{Name: p.Name, Type: p.Type}, raw, Lenient)
}

// checker is one Check call's context.
type checker struct {
	cat  *catalog.Catalog
	mode Mode
}

type checkFunc func(f *catalog.Field, v any) (any, error)

// typeCheck is the table of checks: one per catalogue type. A type it does
// not know (any, or one added to the catalogue later) accepts everything.
func (c checker) typeCheck(t catalog.Type) checkFunc {
	switch t {
	case catalog.TypeInt:
		return c.checkInt
	case catalog.TypeNumber:
		return c.checkNumber
	case catalog.TypeString:
		return c.checkString
	case catalog.TypeBool:
		return c.checkBool
	case catalog.TypeTimestamp:
		return c.checkTimestamp
	case catalog.TypeMoney:
		return c.checkMoney
	case catalog.TypeWindow:
		return c.checkWindow
	case catalog.TypeRef:
		return c.checkRef
	case catalog.TypeRefs:
		return c.checkRefs
	case catalog.TypeEnum:
		return c.checkEnum
	case catalog.TypeStrings:
		return c.checkStrings
	case catalog.TypeArray:
		return c.checkArray
	case catalog.TypeObject:
		return c.checkObject
	}
	return func(_ *catalog.Field, v any) (any, error) { return v, nil }
}

// wanted is the error of a value that is not of the wanted type.
func (c checker) wanted(what string, v any) error {
	return fmt.Errorf("want %s, got %s", what, c.mode.Describe(v))
}

// result is v in Strict mode, normalised in Lenient mode.
func (c checker) result(v, normalised any) (any, error) {
	if c.mode == Strict {
		return v, nil
	}
	return normalised, nil
}

func (c checker) checkInt(_ *catalog.Field, v any) (any, error) {
	if n, ok := Int(v, c.mode); ok {
		return c.result(v, n)
	}
	return nil, c.wanted("an integer", v)
}

func (c checker) checkNumber(_ *catalog.Field, v any) (any, error) {
	if n, ok := Float(v, c.mode); ok {
		return c.result(v, n)
	}
	return nil, c.wanted("a number", v)
}

func (c checker) checkString(_ *catalog.Field, v any) (any, error) {
	switch s := v.(type) {
	case string:
		return s, nil
	case json.Number: // old clients sent some strings as numbers
		if c.mode == Lenient {
			return s.String(), nil
		}
	}
	return nil, c.wanted("a string", v)
}

func (c checker) checkBool(_ *catalog.Field, v any) (any, error) {
	if b, ok := Bool(v, c.mode); ok {
		return c.result(v, b)
	}
	return nil, c.wanted("true or false", v)
}

// timestampExample is the form timestamp errors show.
const timestampExample = "2013-06-04T18:45:12.000+0000 (UTC)"

// checkTimestamp accepts the wire layout; Strict only in UTC exactly as a
// server writes it, Lenient in any zone (normalised to UTC) or as epoch
// milliseconds.
func (c checker) checkTimestamp(_ *catalog.Field, v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		if ms, isInt := Int(v, c.mode); isInt && c.mode == Lenient {
			return FormatTimestamp(time.UnixMilli(ms)), nil
		}
		return nil, c.wanted("a timestamp like "+timestampExample, v)
	}
	t, err := time.Parse(TimestampLayout, s)
	if err != nil || c.mode == Strict && FormatTimestamp(t) != s {
		return nil, fmt.Errorf("timestamp %q is not in the form %s", s, timestampExample)
	}
	return c.result(v, FormatTimestamp(t))
}

// checkMoney accepts {"currency":"USD","value":1.5}. Strict wants exactly
// those two keys and an upper-case three-letter currency; Lenient also
// takes the value as a numeric string, no currency as USD, and the 2011
// string form "USD11.01".
func (c checker) checkMoney(_ *catalog.Field, v any) (any, error) {
	if s, ok := v.(string); ok && c.mode == Lenient {
		if money, ok := parseMoneyString(s); ok {
			return money, nil
		}
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, c.wanted(`money {"currency":"USD","value":1.5}`, v)
	}
	cur, _ := m["currency"].(string)
	if c.mode == Strict && (len(cur) != 3 || strings.ToUpper(cur) != cur) {
		return nil, errors.New("money needs a three-letter upper-case currency")
	}
	val, ok := Float(m["value"], c.mode)
	if !ok {
		return nil, errors.New("money needs a numeric value")
	}
	if c.mode == Strict && len(m) != 2 {
		return nil, errors.New("money has keys other than currency and value")
	}
	if cur == "" {
		cur = "USD"
	}
	return c.result(v, map[string]any{"currency": cur, "value": val})
}

// parseMoneyString reads the 2011 "USD11.01" form.
func parseMoneyString(s string) (map[string]any, bool) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return (r >= '0' && r <= '9') || r == '.' || r == '-' })
	if i < 0 {
		return nil, false
	}
	val, ok := Float(s[i:], Lenient)
	if !ok {
		return nil, false
	}
	cur := strings.ToUpper(strings.TrimSpace(s[:i]))
	if cur == "" {
		cur = "USD"
	}
	return map[string]any{"currency": cur, "value": val}, true
}

// windowKey reports a key of a backup or maintenance window.
func windowKey(k string) bool {
	switch k {
	case "daysOfWeek", "startHour", "startMinute", "endHour", "endMinute":
		return true
	}
	return false
}

// checkWindow wants an object; Strict only with the window's own keys.
func (c checker) checkWindow(_ *catalog.Field, v any) (any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, c.wanted("a window object", v)
	}
	if c.mode == Strict {
		for k := range m {
			if !windowKey(k) {
				return nil, fmt.Errorf("window has unknown key %q", k)
			}
		}
	}
	return v, nil
}

// checkEnum wants one of the listed values (any value when the enum is
// open or lists none); Lenient matches them in any case.
func (c checker) checkEnum(f *catalog.Field, v any) (any, error) {
	s, ok := v.(string)
	if !ok {
		return nil, c.wanted("a string", v)
	}
	if f.Open || len(f.Values) == 0 {
		return s, nil
	}
	for _, x := range f.Values {
		if x == s || c.mode == Lenient && strings.EqualFold(x, s) {
			return x, nil
		}
	}
	return nil, fmt.Errorf("%q is not one of %s", s, strings.Join(f.Values, "|"))
}

func (c checker) checkStrings(_ *catalog.Field, v any) (any, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, c.wanted("an array of strings", v)
	}
	for i, e := range list {
		if _, ok := e.(string); !ok {
			return nil, fmt.Errorf("[%d]: %w", i, c.wanted("a string", e))
		}
	}
	return v, nil
}

func (c checker) checkArray(_ *catalog.Field, v any) (any, error) {
	if _, ok := v.([]any); !ok {
		return nil, c.wanted("an array", v)
	}
	return v, nil
}

func (c checker) checkObject(_ *catalog.Field, v any) (any, error) {
	if _, ok := v.(map[string]any); !ok {
		return nil, c.wanted("an object", v)
	}
	return v, nil
}
