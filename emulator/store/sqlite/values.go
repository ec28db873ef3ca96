package sqlite

import (
	"bytes"
	"database/sql/driver"
	"fmt"
)

// valuesRow is one row of driver values as a sqlstore.RowScanner: the
// writer's queries (writer.go) read their rows from the driver itself.
// Scan stores into the few destination types sqlstore scans into, as
// database/sql's Rows.Scan would for the values SQLite returns (INTEGER
// as int64, TEXT as string, BLOB as []byte, NULL as nil), bytes copied.
type valuesRow struct{ vals []driver.Value }

func (r valuesRow) Scan(dest ...any) error {
	if len(dest) != len(r.vals) {
		return fmt.Errorf("sqlite: scan of %d columns into %d values", len(r.vals), len(dest))
	}
	for i, d := range dest {
		if err := assign(d, r.vals[i]); err != nil {
			return fmt.Errorf("sqlite: scan column %d: %w", i, err)
		}
	}
	return nil
}

// assign stores v into dest.
func assign(dest any, v driver.Value) error {
	switch d := dest.(type) {
	case *int64:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("%T is not an integer", v)
		}
		*d = n
	case *int:
		n, ok := v.(int64)
		if !ok || int64(int(n)) != n {
			return fmt.Errorf("%v is not an int", v)
		}
		*d = int(n)
	case **int64:
		switch n := v.(type) {
		case nil:
			*d = nil
		case int64:
			*d = &n
		default:
			return fmt.Errorf("%T is not an integer", v)
		}
	case *string:
		switch s := v.(type) {
		case string:
			*d = s
		case []byte:
			*d = string(s)
		default:
			return fmt.Errorf("%T is not text", v)
		}
	case *[]byte:
		switch s := v.(type) {
		case nil:
			*d = nil
		case string:
			*d = []byte(s)
		case []byte:
			*d = bytes.Clone(s)
		default:
			return fmt.Errorf("%T is not text", v)
		}
	default:
		return fmt.Errorf("unsupported destination %T", dest)
	}
	return nil
}

// ownValue copies a value the driver may reuse after its row (bytes).
func ownValue(v driver.Value) driver.Value {
	if b, ok := v.([]byte); ok {
		return bytes.Clone(b)
	}
	return v
}
