package dcm

import (
	"regexp"
	"strings"
	"testing"
)

// validProfileName accepts exactly what the pattern it replaced accepted.
func TestValidProfileNameMatchesPattern(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	names := []string{"", "a", "A", "0", "default", "prod-eu.1_x", ".x", "-x", "_x", "a b", "a/b", "é", "aé", "a\n",
		strings.Repeat("a", 64), strings.Repeat("a", 65), "a" + strings.Repeat(".", 63), "a" + strings.Repeat("-", 64)}
	for c := 0; c < 256; c++ {
		names = append(names, string(rune(c)), "a"+string([]byte{byte(c)}), string([]byte{byte(c)})+"a")
	}
	for _, n := range names {
		if got, want := validProfileName(n), re.MatchString(n); got != want {
			t.Errorf("%q: %v, pattern says %v", n, got, want)
		}
	}
}
