package base

import (
	"strconv"
	"strings"
	"testing"
)

// IntegerID is strconv.ParseInt for ids without surrounding space, its
// shortcut for ids that cannot be numbers included.
func TestIntegerIDIsParseInt(t *testing.T) {
	for _, id := range []string{"0", "7", "007", "-5", "+5", "-", "+", "9223372036854775807", "9223372036854775808",
		"/", "00000000000001767225600000|job|3", "a1", " 1", "1 ", "", "1e3", "0x10", "1_000", "١"} {
		n, ok := IntegerID(id)
		want, err := strconv.ParseInt(id, 10, 64)
		wantOK := err == nil && id != "" && strings.TrimSpace(id) == id
		if ok != wantOK || ok && n != want {
			t.Errorf("IntegerID(%q) = %d, %v; want %d, %v", id, n, ok, want, wantOK)
		}
	}
}
