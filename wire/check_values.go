package wire

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The scalar readers under Check, exported because servers read stored
// data and query text with the same rules.

// Int reads an integer. Strict takes a JSON number without a fraction;
// Lenient also one whose fraction is zero (1.0), a Go int, int64 or
// float64 holding one, and a numeric string (clients sent ids both ways,
// spec §8).
func Int(v any, mode Mode) (int64, bool) {
	if n, ok := v.(json.Number); ok {
		if i, err := n.Int64(); err == nil {
			return i, true
		}
		f, err := n.Float64()
		return int64(f), mode == Lenient && err == nil && wholeFloat(f)
	}
	if mode == Strict {
		return 0, false
	}
	switch n := v.(type) {
	case float64:
		return int64(n), wholeFloat(n)
	case int:
		return int64(n), true
	case int64:
		return n, true
	case string:
		i, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
		return i, err == nil
	}
	return 0, false
}

// wholeFloat reports a float64 that is an integer held exactly.
func wholeFloat(f float64) bool { return f == math.Trunc(f) && math.Abs(f) < 1<<53 }

// Float reads a finite number. Strict takes a JSON number; Lenient also a
// Go int, int64 or float64 and a numeric string.
func Float(v any, mode Mode) (float64, bool) {
	var f float64
	var err error
	switch n := v.(type) {
	case json.Number:
		f, err = n.Float64()
	case float64:
		f = n
	case int:
		f = float64(n)
	case int64:
		f = float64(n)
	case string:
		f, err = strconv.ParseFloat(strings.TrimSpace(n), 64)
	default:
		return 0, false
	}
	if _, isNumber := v.(json.Number); mode == Strict && !isNumber {
		return 0, false
	}
	return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
}

// Bool reads a boolean. Strict takes a JSON boolean; Lenient also the
// spellings old clients sent: True/true/1/yes and False/false/0/no, in any
// case and with surrounding space.
func Bool(v any, mode Mode) (bool, bool) {
	switch b := v.(type) {
	case bool:
		return b, true
	case string:
		if mode == Strict {
			return false, false
		}
		switch strings.ToLower(strings.TrimSpace(b)) {
		case "true", "1", "yes":
			return true, true
		case "false", "0", "no":
			return false, true
		}
	}
	return false, false
}

// Describe renders a decoded value for an error message. Strict names it
// by its JSON kind ("the number 5", `the string "x"`, "an object"), as an
// author reads it against a file; Lenient echoes it as JSON (cut at 60
// bytes), so a client sees what it sent.
func (m Mode) Describe(v any) string {
	if m == Strict {
		return jsonKind(v)
	}
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	if len(b) > 60 {
		return string(b[:57]) + "..."
	}
	return string(b)
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "the number " + x.String()
	case string:
		return fmt.Sprintf("the string %q", x)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
