package engine

import (
	"strconv"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// storedID keeps an integer id that is already in FormatInt's form and
// rewrites any other: the same ids as always formatting it anew.
func TestStoredIDIsFormatInt(t *testing.T) {
	res := &catalog.Resource{KeyType: catalog.TypeInt}
	for _, id := range []string{"0", "-0", "00", "007", "7", "-7", "+7", "123456789012345678", "1234567890123456789",
		"9223372036854775807", "-9223372036854775808", "12a", "-", ""} {
		want := id
		if n, err := strconv.ParseInt(id, 10, 64); err == nil {
			want = strconv.FormatInt(n, 10)
		} else if canonicalInt(id) {
			t.Errorf("%q: canonical, but ParseInt fails: %v", id, err)
			continue
		}
		if _, err := strconv.ParseInt(id, 10, 64); err != nil {
			continue // checkID refuses it before storedID runs
		}
		if got := storedID(res, id); got != want {
			t.Errorf("storedID(%q) = %q, want %q", id, got, want)
		}
	}
}
