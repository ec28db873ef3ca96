// Package base is what every store implementation shares: the order of
// ids, the checks of keys, filters and records, timestamps, id sequences
// and the constructors' settings. Package store (the memory store) uses it
// as much as the SQL stores do, so it takes plain values rather than
// store.Record and store.Filter, which would make an import cycle.
package base

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// Id classes order ids: integers first (numerically), then all other ids
// (by their bytes). ClassStart and ClassEnd bracket every id of a
// (customer, kind) range in the memory store.
const (
	ClassStart   int8 = -1
	ClassNumeric int8 = 0
	ClassText    int8 = 1
	ClassEnd     int8 = 2
)

// Order is an id's position in scan order.
type Order struct {
	Class int8
	Num   int64 // the integer value when Class is ClassNumeric
	ID    string
}

// OrderOf classifies an id: one that parses as a 64-bit integer sorts
// numerically, anything else after all integers, bytewise. Ids with the same
// integer value ("7", "07") are ordered by their text.
func OrderOf(id string) Order {
	if n, ok := IntegerID(id); ok {
		return Order{Class: ClassNumeric, Num: n, ID: id}
	}
	return Order{Class: ClassText, ID: id}
}

// IntegerID reports whether id is an integer id and its value.
func IntegerID(id string) (int64, bool) {
	if id == "" || strings.TrimSpace(id) != id {
		return 0, false
	}
	if c := id[0]; (c < '0' || c > '9') && c != '-' && c != '+' {
		return 0, false // not a number: spares ParseInt's error value (the pending index's ids)
	}
	n, err := strconv.ParseInt(id, 10, 64)
	return n, err == nil
}

// Compare orders a before (-1), with (0) or after (1) b.
func (a Order) Compare(b Order) int {
	switch {
	case a.Class != b.Class:
		return int(a.Class) - int(b.Class)
	case a.Num < b.Num:
		return -1
	case a.Num > b.Num:
		return 1
	}
	return strings.Compare(a.ID, b.ID)
}

// CheckKey validates the parts of a record key.
func CheckKey(op string, customer int64, kind, id string) error {
	switch {
	case customer < 0:
		return fmt.Errorf("store: %s: customer %d is negative", op, customer)
	case kind == "":
		return fmt.Errorf("store: %s: empty kind", op)
	case id == "":
		return fmt.Errorf("store: %s %s: empty id", op, kind)
	}
	return nil
}

// CheckFilter validates the fields of a Scan/Count filter.
func CheckFilter(op string, customer int64, kind string, limit int) error {
	switch {
	case customer < 0:
		return fmt.Errorf("store: %s: customer %d is negative", op, customer)
	case kind == "":
		return fmt.Errorf("store: %s: empty kind", op)
	case limit < 0:
		return fmt.Errorf("store: %s %s: negative limit %d", op, kind, limit)
	}
	return nil
}

// CheckRecord validates a record for Put. Only the shape is reported, never
// the content: records may hold secrets (API keys).
func CheckRecord(customer int64, kind, id string, data, internal []byte) error {
	if err := CheckKey("put", customer, kind, id); err != nil {
		return err
	}
	if !validJSON(data) {
		return fmt.Errorf("store: put %s %q (customer %d): data is not valid JSON", kind, id, customer)
	}
	if len(internal) > 0 && !validJSON(internal) {
		return fmt.Errorf("store: put %s %q (customer %d): internal is not valid JSON", kind, id, customer)
	}
	return nil
}

// validJSON is json.Valid, sooner: jsonscan (about twice as fast:
// every Put checks its record, several per launch on the store's
// serialised path) accepts only valid JSON, and what it does not accept
// encoding/json decides, so the answer is json.Valid's.
func validJSON(b []byte) bool {
	if end, ok := jsonscan.SkipValue(b, jsonscan.SkipSpace(b, 0)); ok && jsonscan.SkipSpace(b, end) == len(b) {
		return true
	}
	return json.Valid(b)
}

// normalTime drops the monotonic reading and location and keeps nanosecond
// precision, so every store returns identical times.
func normalTime(t time.Time) time.Time { return time.Unix(0, t.UnixNano()).UTC() }

// Stamp returns the timestamps of a record about to be stored, given its
// own and the Created of the record it replaces (stored; zero when
// inserting): a replace keeps stored, a zero time becomes now.
func Stamp(created, updated, stored time.Time, clock func() time.Time) (time.Time, time.Time) {
	now := clock()
	switch {
	case !stored.IsZero():
		created = stored
	case created.IsZero():
		created = now
	}
	if updated.IsZero() {
		updated = now
	}
	return normalTime(created), normalTime(updated)
}

// NextSequence is NextID's rule: above every value returned before (last)
// and at least floor.
func NextSequence(last, floor int64) (int64, error) {
	if last == 1<<63-1 {
		return 0, fmt.Errorf("store: sequence exhausted")
	}
	return max(last+1, floor), nil
}

var (
	// ErrEmptySequence is NextID's error for a sequence without a name.
	ErrEmptySequence = errors.New("store: next id: empty sequence name")
	// ErrEmptyMetaKey is GetMeta's and PutMeta's error for an empty key.
	ErrEmptyMetaKey = errors.New("store: meta: empty key")
)

// Config is what the store.Option values set; each constructor reads the
// settings that apply to it.
type Config struct {
	Now         func() time.Time // Created/Updated of a Put that leaves them zero
	FullSync    bool             // SQLite: synchronous=FULL
	BusyTimeout time.Duration    // SQLite: how long to wait for another process's lock
}

// NewConfig applies opts to the defaults.
func NewConfig[O ~func(*Config)](opts []O) Config {
	c := Config{Now: time.Now, BusyTimeout: 10 * time.Second}
	for _, o := range opts {
		o(&c)
	}
	return c
}
