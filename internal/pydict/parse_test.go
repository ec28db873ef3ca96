package pydict

import (
	"errors"
	"strings"
	"testing"
)

func TestParseScalars(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		kind Kind
		str  string // Str() of the result
	}{
		{`'abc'`, String, "abc"},
		{`"abc"`, String, "abc"},
		{`u'Oregon'`, String, "Oregon"},
		{`U"x"`, String, "x"},
		{`'it\'s'`, String, "it's"},
		{`"say \"hi\""`, String, `say "hi"`},
		{`'a\tb\nc'`, String, "a\tb\nc"},
		{`'\x41\101\u00e9\U0001F600'`, String, "AAé😀"},
		{`'\q'`, String, `\q`},
		{`r'\d+\''`, String, `\d+\'`},
		{`b'\x41b'`, String, "Ab"},
		{`'a' "b" u'c'`, String, "abc"},
		{`'''multi
line'''`, String, "multi\nline"},
		{`"""a"b"""`, String, `a"b`},
		{`'line\
cont'`, String, "linecont"},
		{`'é'`, String, "é"},
		{`19344`, Int, "19344"},
		{`-7`, Int, "-7"},
		{`+ 7`, Int, "7"},
		{`-0`, Int, "0"},
		{`0`, Int, "0"},
		{`000`, Int, "0"},
		{`1_000_000`, Int, "1000000"},
		{`0x1F`, Int, "31"},
		{`0o17`, Int, "15"},
		{`0B101`, Int, "5"},
		{`0x_ff`, Int, "255"},
		{`123456789012345678901234567890`, Int, "123456789012345678901234567890"},
		{`1.5`, Float, "1.5"},
		{`.5`, Float, "0.5"},
		{`5.`, Float, "5.0"},
		{`1e3`, Float, "1000.0"},
		{`1.e2`, Float, "100.0"},
		{`-2.5E-3`, Float, "-0.0025"},
		{`1e16`, Float, "1e+16"},
		{`1e-5`, Float, "1e-05"},
		{`0.0001`, Float, "0.0001"},
		{`-0.0`, Float, "-0.0"},
		{`1e999`, Float, "inf"},
		{`1_0.0_1`, Float, "10.01"},
		{`True`, Bool, "True"},
		{`False`, Bool, "False"},
		{`None`, None, "None"},
		{`  # comment
  42  # trailing`, Int, "42"},
		{`(5)`, Int, "5"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			v, err := Parse(tt.src)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.src, err)
			}
			if v.Kind != tt.kind || v.Str() != tt.str {
				t.Errorf("Parse(%q) = %s %q, want %s %q", tt.src, v.Kind, v.Str(), tt.kind, tt.str)
			}
		})
	}
}

func TestParseContainers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src  string
		kind Kind
		str  string
	}{
		{`[]`, List, "[]"},
		{`[1, 'a', None, True,]`, List, "[1, 'a', None, True]"},
		{`()`, Tuple, "()"},
		{`(1,)`, Tuple, "(1,)"},
		{`(1, 2)`, Tuple, "(1, 2)"},
		{`{}`, Dict, "{}"},
		{`{'regionId':19344}`, Dict, "{'regionId': 19344}"},
		{`{ 'a' : [1, [2, (3,)]], 1: {'b': None}, }`, Dict, "{'a': [1, [2, (3,)]], 1: {'b': None}}"},
		{`{'a': 1, 'b': 2, 'a': 3}`, Dict, "{'a': 3, 'b': 2}"},
		{`{(1, 2): 'tuple key'}`, Dict, "{(1, 2): 'tuple key'}"},
		{"{\n  'regionId': 19344,\n  'x': 'y'\n}", Dict, "{'regionId': 19344, 'x': 'y'}"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			v, err := Parse(tt.src)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.src, err)
			}
			if v.Kind != tt.kind || v.Str() != tt.str {
				t.Errorf("Parse(%q) = %s %s, want %s %s", tt.src, v.Kind, v.Str(), tt.kind, tt.str)
			}
		})
	}
}

// TestParseRejectsCode feeds the parser things an eval would have run or
// choked on; every one must be a SyntaxError at the right position.
func TestParseRejectsCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src     string
		pos     int    // 1-based character position
		wantMsg string // substring of the message
	}{
		{`__import__('os').system('rm -rf /')`, 1, `name "__import__" is not allowed`},
		{`{'a': __import__('os')}`, 7, `name "__import__" is not allowed`},
		{`{'a': open('/etc/passwd').read()}`, 7, `name "open"`},
		{`{'a': 1 + 1}`, 9, `expected ',' or '}'`},
		{`{'a': [x for x in range(9)]}`, 8, `name "x"`},
		{`{'a': lambda: 0}`, 7, `name "lambda"`},
		{`{'a': f'{1+1}'}`, 7, `f-strings are not allowed`},
		{`{'a': 1j}`, 7, `complex numbers`},
		{`{1, 2}`, 1, `sets are not supported`},
		{`{'a': 1`, 1, `never closed`},
		{`{'a' 1}`, 6, `expected ':'`},
		{`{'a': }`, 7, `unexpected character '}'`},
		{`'abc`, 1, `never closed`},
		{"'abc\n'", 1, `never closed on its line`},
		{`{'é': 'x' y}`, 11, `expected ',' or '}'`},
		{`[1, 2]]`, 7, `after the literal`},
		{``, 1, `empty input`},
		{`   `, 4, `empty input`},
		{`0123`, 1, `leading zeros`},
		{`1__0`, 1, `underscore`},
		{`1_`, 1, `underscore`},
		{`0x`, 1, `no digits`},
		{`0b102`, 1, `invalid number`},
		{`12abc`, 1, `invalid number`},
		{`1e`, 1, `exponent`},
		{`--1`, 1, `must be followed by a number`},
		{`-'a'`, 1, `must be followed by a number`},
		{`'\x4'`, 2, `hex digits`},
		{`'\u12'`, 2, `hex digits`},
		{`'\U00110000'`, 2, `beyond the last Unicode`},
		{`'\ud800'`, 2, `lone surrogate`},
		{`'\N{DASH}'`, 2, `named escapes`},
		{`b'é'`, 3, `ASCII`},
		{`b'\777'`, 3, `out of range`},
		{`'a' b'c'`, 5, `cannot mix bytes`},
		{`x'a'`, 1, `unknown string prefix`},
		{`{[1]: 2}`, 2, `unhashable type list`},
		{"'a\x00'", 3, `NUL`},
		{"'\xff'", 2, `invalid UTF-8`},
		{`{'a': ...}`, 7, `character '.'`},
		{`{'a': 1, **b}`, 10, `character '*'`},
		{`'a'[0]`, 4, `after the literal`},
		{`True()`, 5, `after the literal`},
		{`r'\'`, 1, `never closed`},
		{`'\`, 2, `lone backslash`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			v, err := Parse(tt.src)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) = %v, %v; want a *SyntaxError", tt.src, v.Str(), err)
			}
			if se.Position != tt.pos || !strings.Contains(se.Msg, tt.wantMsg) {
				t.Errorf("Parse(%q) error = %q (position %d), want position %d and %q", tt.src, err, se.Position, tt.pos, tt.wantMsg)
			}
			if !strings.HasPrefix(err.Error(), "position ") {
				t.Errorf("error %q does not start with its position", err)
			}
		})
	}
}

func TestParseBounds(t *testing.T) {
	t.Parallel()
	deepOK := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	if _, err := Parse(deepOK); err != nil {
		t.Errorf("nesting of exactly %d: %v", MaxDepth, err)
	}
	for _, src := range []string{
		strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1),
		strings.Repeat("{'a':", 10000),
		strings.Repeat("(", 1<<16),
	} {
		_, err := Parse(src)
		if err == nil || !strings.Contains(err.Error(), "nesting deeper than") {
			t.Errorf("Parse(%.20q...) error = %v, want a nesting error", src, err)
		}
	}
	if _, err := Parse(strings.Repeat(" ", MaxLen+1)); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("oversized input: error = %v, want a length error", err)
	}
	if _, err := Parse(strings.Repeat("9", MaxIntDigits+1)); err == nil || !strings.Contains(err.Error(), "digits") {
		t.Errorf("huge integer: error = %v, want a digits error", err)
	}
	if v, err := Parse(strings.Repeat("9", MaxIntDigits)); err != nil || len(v.Text) != MaxIntDigits {
		t.Errorf("integer of %d digits: %v", MaxIntDigits, err)
	}
}
