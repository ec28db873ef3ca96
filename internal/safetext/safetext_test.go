package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"web-1":                        "web-1",
		"Oregon (us-west-2) – ünïcode": "Oregon (us-west-2) – ünïcode",
		"\x1b]52;c;ZXZpbA==\x07":       `\x1b]52;c;ZXZpbA==\x07`,
		"\x1b]0;pwned\x07":             `\x1b]0;pwned\x07`,
		"\x1b[2J\x1b[H":                `\x1b[2J\x1b[H`,
		"ok\r\nFAKE: ok":               `ok\r\nFAKE: ok`,
		"a\tb":                         `a\tb`,
		"evil\u202etxt.exe":            `evil\u202etxt.exe`,
		"\u2066x\u2069":                `\u2066x\u2069`,
		"c1\u009bcsi":                  `c1\x9bcsi`,
		"bad\xffutf8":                  `bad\xffutf8`,
		"del\x7f":                      `del\x7f`,
		"zero\u200bwidth":              `zero\u200bwidth`,
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEscapeDoesNotAllocateForSafeText(t *testing.T) {
	s := strings.Repeat("server web-1 Oregon ", 20)
	if n := testing.AllocsPerRun(100, func() { _ = Escape(s) }); n != 0 {
		t.Errorf("Escape of safe text allocates %v times", n)
	}
}

// FuzzEscape: the output never holds a byte or rune a terminal acts on,
// and text that needs no escaping comes back unchanged.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31mred\x1b[0m", "a\r\nb", "\u202e", "\xff\xfe", "\u0085next"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Escape(s)
		if !utf8.ValidString(out) {
			t.Fatalf("Escape(%q) = %q is not valid UTF-8", s, out)
		}
		for _, r := range out {
			if unsafeRune(r) {
				t.Fatalf("Escape(%q) = %q still holds %U", s, out, r)
			}
		}
		if Safe(s) && out != s {
			t.Fatalf("safe text %q changed to %q", s, out)
		}
		if !Safe(s) && out == s {
			t.Fatalf("unsafe text %q unchanged", s)
		}
		if Escape(out) != out {
			t.Fatalf("Escape is not idempotent on %q", out)
		}
	})
}
