package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// idClass orders ids: integers first (numerically), then all other ids
// (by their bytes). idStart and idEnd bracket every id of a (customer, kind)
// range in the memory store.
const (
	idStart   int8 = -1
	idNumeric int8 = 0
	idText    int8 = 1
	idEnd     int8 = 2
)

// idOrder is an id's position in scan order.
type idOrder struct {
	class int8
	num   int64 // the integer value when class is idNumeric
	id    string
}

// orderOf classifies an id: one that parses as a 64-bit integer sorts
// numerically, anything else after all integers, bytewise. Ids with the same
// integer value ("7", "07") are ordered by their text.
func orderOf(id string) idOrder {
	if n, ok := integerID(id); ok {
		return idOrder{class: idNumeric, num: n, id: id}
	}
	return idOrder{class: idText, id: id}
}

// integerID reports whether id is an integer id and its value.
func integerID(id string) (int64, bool) {
	if id == "" || strings.TrimSpace(id) != id {
		return 0, false
	}
	n, err := strconv.ParseInt(id, 10, 64)
	return n, err == nil
}

func (a idOrder) compare(b idOrder) int {
	switch {
	case a.class != b.class:
		return int(a.class) - int(b.class)
	case a.num < b.num:
		return -1
	case a.num > b.num:
		return 1
	}
	return strings.Compare(a.id, b.id)
}

// checkKey validates the parts of a record key.
func checkKey(op string, customer int64, kind, id string) error {
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

// checkFilter validates a Scan/Count filter.
func checkFilter(op string, f Filter) error {
	switch {
	case f.Customer < 0:
		return fmt.Errorf("store: %s: customer %d is negative", op, f.Customer)
	case f.Kind == "":
		return fmt.Errorf("store: %s: empty kind", op)
	case f.Limit < 0:
		return fmt.Errorf("store: %s %s: negative limit %d", op, f.Kind, f.Limit)
	}
	return nil
}

// checkRecord validates a record for Put. Only the shape is reported, never
// the content: records may hold secrets (API keys).
func checkRecord(r Record) error {
	if err := checkKey("put", r.Customer, r.Kind, r.ID); err != nil {
		return err
	}
	if !json.Valid(r.Data) {
		return fmt.Errorf("store: put %s %q (customer %d): data is not valid JSON", r.Kind, r.ID, r.Customer)
	}
	if len(r.Internal) > 0 && !json.Valid(r.Internal) {
		return fmt.Errorf("store: put %s %q (customer %d): internal is not valid JSON", r.Kind, r.ID, r.Customer)
	}
	return nil
}

// normalTime drops the monotonic reading and location and keeps nanosecond
// precision, so both stores return identical times.
func normalTime(t time.Time) time.Time { return time.Unix(0, t.UnixNano()).UTC() }

// stamp fills the timestamps of a record about to be stored. created is the
// Created of the record being replaced (zero when inserting).
func stamp(r Record, created time.Time, clock func() time.Time) Record {
	now := clock()
	switch {
	case !created.IsZero():
		r.Created = created
	case r.Created.IsZero():
		r.Created = now
	}
	if r.Updated.IsZero() {
		r.Updated = now
	}
	r.Created, r.Updated = normalTime(r.Created), normalTime(r.Updated)
	return r
}

// nextSequence is NextID's rule: above every value returned before (last)
// and at least floor.
func nextSequence(last, floor int64) (int64, error) {
	if last == 1<<63-1 {
		return 0, fmt.Errorf("store: sequence exhausted")
	}
	return max(last+1, floor), nil
}

func cloneBytes(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return append([]byte(nil), b...)
}

var (
	errEmptySequence = errors.New("store: next id: empty sequence name")
	errEmptyMetaKey  = errors.New("store: meta: empty key")
)
