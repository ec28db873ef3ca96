package py2

import (
	"slices"
	"strings"
)

// PFormat is pprint.pformat(v) of Python 2.7 with its defaults (indent 1,
// width 80), for a value whose text was converted to UTF-8 byte strings
// first (no u prefix). Dict keys are sorted; a dict or list whose repr
// does not fit the width puts each member on its own line, indented under
// the opening bracket.
func PFormat(v any) string {
	var b strings.Builder
	pformat(&b, v, 0, 0)
	return b.String()
}

const pprintWidth = 80

func pformat(b *strings.Builder, v any, indent, allowance int) {
	rep := safeRepr(v)
	sepLines := len(rep) > pprintWidth-1-indent-allowance
	switch x := v.(type) {
	case *Dict:
		b.WriteString("{")
		for i, k := range sortedKeys(x) {
			krep := ReprBytes(k)
			separate(b, i, sepLines, indent+1)
			b.WriteString(krep + ": ")
			val, _ := x.Get(k)
			pformat(b, val, indent+1+len(krep)+2, allowance+1)
		}
		b.WriteString("}")
	case []any:
		b.WriteString("[")
		for i, e := range x {
			separate(b, i, sepLines, indent+1)
			pformat(b, e, indent+1, allowance+1)
		}
		b.WriteString("]")
	default:
		b.WriteString(rep)
	}
}

// separate writes what comes before the i-th member: nothing before the
// first, else a comma and a new line indented to indent, or ", ".
func separate(b *strings.Builder, i int, sepLines bool, indent int) {
	switch {
	case i == 0:
	case sepLines:
		b.WriteString(",\n" + strings.Repeat(" ", indent))
	default:
		b.WriteString(", ")
	}
}

// safeRepr is pprint's repr: dicts with sorted keys, at every depth.
func safeRepr(v any) string {
	switch x := v.(type) {
	case *Dict:
		parts := make([]string, 0, x.Len())
		for _, k := range sortedKeys(x) {
			val, _ := x.Get(k)
			parts = append(parts, ReprBytes(k)+": "+safeRepr(val))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = safeRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return ReprBytes(v)
}

func sortedKeys(d *Dict) []string {
	keys := slices.Clone(d.Keys())
	slices.Sort(keys)
	return keys
}
