package sdk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// TimestampLayout is the wire form of every API timestamp: UTC with
// millisecond precision and a numeric offset without a colon.
const TimestampLayout = wire.TimestampLayout

// Timestamp is an API time. The API renders unknown times as the epoch, so
// the epoch is a valid, non-zero Timestamp; only an absent field is zero.
// It decodes the wire string, RFC 3339, and epoch milliseconds (a JSON
// number or a numeric string), and always encodes the wire string in UTC.
// null and "" decode as absent, and absent encodes as null: a model that
// read "" writes null back, the one spelling of "no time" it keeps.
type Timestamp struct {
	time.Time
	set bool
}

// NewTimestamp wraps t.
func NewTimestamp(t time.Time) Timestamp { return Timestamp{Time: t, set: true} }

// IsZero reports whether the timestamp was absent (omitzero uses it).
func (t Timestamp) IsZero() bool { return !t.set }

// String is the wire form, or "" when absent.
func (t Timestamp) String() string {
	if !t.set {
		return ""
	}
	return wire.FormatTimestamp(t.Time)
}

// ParseTimestamp reads any accepted timestamp text.
func ParseTimestamp(s string) (Timestamp, error) {
	s = strings.TrimSpace(s)
	if looksInteger(s) {
		if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
			return NewTimestamp(time.UnixMilli(ms).UTC()), nil
		}
	}
	for _, layout := range []string{TimestampLayout, time.RFC3339Nano, "2006-01-02T15:04:05-0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return NewTimestamp(t), nil
		}
	}
	return Timestamp{}, fmt.Errorf("sdk: %q is not a timestamp (want %s or epoch milliseconds)", s, TimestampLayout)
}

// MarshalJSON writes the wire string.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if !t.set {
		return []byte("null"), nil
	}
	return json.Marshal(t.String())
}

// UnmarshalJSON accepts a wire string, RFC 3339, epoch milliseconds or null.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		*t = Timestamp{}
		return nil
	}
	var s string
	if b[0] == '"' {
		var ok bool
		if s, ok = jsonscan.Unquote(b); !ok {
			return json.Unmarshal(b, &s) // the error
		}
		if s == "" {
			*t = Timestamp{}
			return nil
		}
	} else {
		s = string(b)
	}
	v, err := ParseTimestamp(s)
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// looksInteger reports whether s could be a base-10 integer for
// strconv.ParseInt (an optional sign, then digits only), so that the
// common date form skips the failed parse and its error allocation.
func looksInteger(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Money is an amount in a currency: {"currency":"USD","value":1.5}. The 2011
// API wrote quotas as "USD50.00"; that form decodes too.
type Money struct {
	Currency string  `json:"currency"`
	Value    float64 `json:"value"`
}

// IsZero reports an absent amount.
func (m Money) IsZero() bool { return m == Money{} }

// String is the 2011 compact form, e.g. "USD50.00".
func (m Money) String() string { return m.Currency + strconv.FormatFloat(m.Value, 'f', 2, 64) }

// UnmarshalJSON accepts the object or the compact string form.
func (m *Money) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		v, err := ParseMoney(s)
		*m = v
		return err
	}
	type plain Money
	return json.Unmarshal(b, (*plain)(m))
}

// ParseMoney reads the compact form: a currency code followed by a number.
func ParseMoney(s string) (Money, error) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		return Money{}, fmt.Errorf("sdk: %q is not an amount like USD50.00", s)
	}
	v, err := strconv.ParseFloat(s[i:], 64)
	if err != nil {
		return Money{}, fmt.Errorf("sdk: %q is not an amount like USD50.00", s)
	}
	return Money{Currency: s[:i], Value: v}, nil
}

// Window is a weekly maintenance or backup window.
type Window struct {
	DaysOfWeek  []string `json:"daysOfWeek,omitempty"`
	StartHour   int      `json:"startHour"`
	StartMinute int      `json:"startMinute"`
	EndHour     int      `json:"endHour"`
	EndMinute   int      `json:"endMinute"`
}

// IsZero reports an absent window.
func (w Window) IsZero() bool {
	return len(w.DaysOfWeek) == 0 && w.StartHour == 0 && w.StartMinute == 0 && w.EndHour == 0 && w.EndMinute == 0
}

// ID is an identifier in a write payload. The API takes ids as numbers or
// numeric strings, and some references (a server product) take provider ids
// such as "m1.large": ID encodes digits as a JSON number and anything else as
// a string, and decodes either.
type ID string

// IntID converts a numeric id.
func IntID(n int64) ID { return ID(strconv.FormatInt(n, 10)) }

// Int returns the numeric value, if the id is numeric.
func (id ID) Int() (int64, bool) {
	n, err := strconv.ParseInt(string(id), 10, 64)
	return n, err == nil
}

// MarshalJSON writes a number when the id is numeric.
func (id ID) MarshalJSON() ([]byte, error) {
	if n, ok := id.Int(); ok {
		return strconv.AppendInt(nil, n, 10), nil
	}
	return json.Marshal(string(id))
}

// UnmarshalJSON reads a number or a string.
func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		err := json.Unmarshal(b, &s)
		*id = ID(s)
		return err
	}
	if string(b) == "null" {
		*id = ""
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*id = ID(n.String())
	return nil
}
