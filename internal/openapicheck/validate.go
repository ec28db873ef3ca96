package openapicheck

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A value checked against a schema is what encoding/json reads with
// UseNumber (json.Number for numbers) or what the XML decoder reads (int64
// and float64 besides): nil, bool, json.Number, int64, float64, string,
// []any or map[string]any.

// pointer renders a JSON pointer from its segments ("" for the body
// itself).
func pointer(segs []string) string {
	var b strings.Builder
	for _, seg := range segs {
		b.WriteByte('/')
		b.WriteString(pointerEscape(seg))
	}
	return b.String()
}

// problem is one violation of a body: where (a JSON pointer) and what.
type problem struct {
	at, what string
}

// validation checks values against schemas. With probe set it only
// answers whether a value is valid (for oneOf and not) and records
// nothing.
type validation struct {
	probe    bool
	isSecret func(name string) bool
	at       []string // the place of the value being checked, as it descends
	problems []problem
}

// add records a problem at the current place.
func (v *validation) add(format string, args ...any) {
	v.problems = append(v.problems, problem{at: pointer(v.at), what: fmt.Sprintf(format, args...)})
}

// descend checks x, the member key of the current value, against s.
func (v *validation) descend(key string, s *schema, x any, secret bool) bool {
	v.at = append(v.at, key)
	ok := v.check(s, x, secret)
	v.at = v.at[:len(v.at)-1]
	return ok
}

// check reports whether x keeps s, recording each violation. secret is
// set below a property whose value must never be shown.
func (v *validation) check(s *schema, x any, secret bool) bool {
	ok := true
	if s.ref != nil && !v.check(s.ref, x, secret) {
		if v.probe {
			return false
		}
		ok = false
	}
	t := typeOf(x)
	if s.types != 0 && !s.types.has(t) && !(t == tInteger && s.types.has(tNumber)) {
		if !v.probe {
			v.add("want %s, found %s", s.types, describe(x, secret))
		}
		return false // the other keywords would only repeat it
	}
	fail := func(format string, args ...any) bool {
		ok = false
		if !v.probe {
			v.add(format, args...)
		}
		return v.probe
	}
	if s.enum != nil && !inEnum(s.enum, x) && fail("want one of %s, found %s", enumText(s.enum), describe(x, secret)) {
		return false
	}
	switch t {
	case tString:
		if s.pattern != nil && !s.pattern.MatchString(x.(string)) &&
			fail("want text matching %s, found %s", s.pattern, describe(x, secret)) {
			return false
		}
	case tInteger, tNumber:
		f := float(x)
		if s.has&hasMinimum != 0 && f < s.minimum && fail("want at least %v, found %s", s.minimum, describe(x, secret)) {
			return false
		}
		if s.has&hasMaximum != 0 && f > s.maximum && fail("want at most %v, found %s", s.maximum, describe(x, secret)) {
			return false
		}
	case tArray:
		list := x.([]any)
		if s.has&hasMinItems != 0 && len(list) < s.minItems &&
			fail("want at least %d entries, found %d", s.minItems, len(list)) {
			return false
		}
		if s.items != nil {
			for i, e := range list {
				if !v.descend(strconv.Itoa(i), s.items, e, secret) {
					if v.probe {
						return false
					}
					ok = false
				}
			}
		}
	case tObject:
		if !v.object(s, x.(map[string]any), secret) {
			if v.probe {
				return false
			}
			ok = false
		}
	}
	if s.oneOf != nil && !v.oneOf(s, x, secret) {
		if v.probe {
			return false
		}
		ok = false
	}
	if s.not != nil && (&validation{probe: true}).check(s.not, x, secret) &&
		fail("%s is not allowed here", describe(x, secret)) {
		return false
	}
	return ok
}

// object checks required, properties and additionalProperties.
func (v *validation) object(s *schema, m map[string]any, secret bool) bool {
	ok := true
	for _, name := range s.require {
		if _, present := m[name]; !present {
			if v.probe {
				return false
			}
			ok = false
			v.add("the required property %q is missing", name)
		}
	}
	if s.props == nil && s.extra == nil && !s.closed {
		return ok
	}
	for _, name := range sortedKeys(m) {
		sub := s.props[name]
		if sub == nil {
			sub = s.extra
		}
		if sub == nil {
			if !s.closed {
				continue
			}
			if v.probe {
				return false
			}
			ok = false
			v.add("the property %q is not one the document allows here", name)
			continue
		}
		if !v.descend(name, sub, m[name], secret || v.secret(name)) {
			if v.probe {
				return false
			}
			ok = false
		}
	}
	return ok
}

// oneOf holds when exactly one branch holds.
func (v *validation) oneOf(s *schema, x any, secret bool) bool {
	var matched []int
	for i, b := range s.oneOf {
		if (&validation{probe: true}).check(b, x, secret) {
			matched = append(matched, i)
		}
	}
	switch {
	case len(matched) == 1:
		return true
	case v.probe:
	case len(matched) == 0:
		v.add("want a value of one of the %d forms oneOf gives (%s), found %s, which fits none",
			len(s.oneOf), s.loc+"/oneOf", describe(x, secret))
	default:
		v.add("want a value of exactly one of the forms oneOf gives (%s), found %s, which fits forms %v",
			s.loc+"/oneOf", describe(x, secret), matched)
	}
	return false
}

func (v *validation) secret(name string) bool { return v.isSecret != nil && v.isSecret(name) }

// typeOf is the JSON type of a value; a number with no fraction is an
// integer, as JSON Schema counts them.
func typeOf(x any) typeSet {
	switch n := x.(type) {
	case nil:
		return tNull
	case bool:
		return tBoolean
	case string:
		return tString
	case []any:
		return tArray
	case map[string]any:
		return tObject
	case int64:
		return tInteger
	case float64:
		if n == math.Trunc(n) && !math.IsInf(n, 0) {
			return tInteger
		}
		return tNumber
	case json.Number:
		if !strings.ContainsAny(string(n), ".eE") {
			return tInteger
		}
		if f, err := n.Float64(); err == nil && f == math.Trunc(f) && !math.IsInf(f, 0) {
			return tInteger
		}
		return tNumber
	}
	return 0
}

// float is a number's value.
func float(x any) float64 {
	switch n := x.(type) {
	case int64:
		return float64(n)
	case float64:
		return n
	case json.Number:
		f, _ := n.Float64()
		return f
	}
	return math.NaN()
}

// inEnum reports whether x equals one of the values (numbers by value).
func inEnum(values []any, x any) bool {
	for _, e := range values {
		if equal(e, x) {
			return true
		}
	}
	return false
}

// equal compares a value of the document with a checked value.
func equal(doc, x any) bool {
	switch d := doc.(type) {
	case float64:
		t := typeOf(x)
		return (t == tInteger || t == tNumber) && float(x) == d
	case []any:
		l, ok := x.([]any)
		if !ok || len(l) != len(d) {
			return false
		}
		for i := range d {
			if !equal(d[i], l[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		m, ok := x.(map[string]any)
		if !ok || len(m) != len(d) {
			return false
		}
		for k, dv := range d {
			if mv, ok := m[k]; !ok || !equal(dv, mv) {
				return false
			}
		}
		return true
	}
	return doc == x
}

func enumText(values []any) string {
	b, _ := json.Marshal(values)
	return string(b)
}

// describe says what a value is for a message; a secret's value is never
// shown, only its type.
func describe(x any, secret bool) string {
	t := typeOf(x)
	switch {
	case t == tNull:
		return "null"
	case t == tArray:
		return fmt.Sprintf("an array of %d", len(x.([]any)))
	case t == tObject:
		return "an object"
	case secret:
		return "a " + t.name() + " (a secret: its value is not shown)"
	case t == tString:
		s := x.(string)
		if utf8.RuneCountInString(s) > 64 {
			s = string([]rune(s)[:64]) + "…"
		}
		return "string " + strconv.Quote(s)
	case t == tBoolean:
		return fmt.Sprintf("boolean %v", x)
	}
	return fmt.Sprintf("%s %v", t.name(), x)
}
