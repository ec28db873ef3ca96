package py2

import (
	"fmt"
	"slices"
	"strings"
)

// DumpJSON is json.dumps(v, indent=indent, sort_keys=True) of Python 2.7:
// the item separator stays ", " when indenting, so every line that ends a
// member ends in a comma and a space; text is escaped to ASCII (\uXXXX,
// surrogate pairs beyond the BMP); floats are their repr.
func DumpJSON(v any, indent int) string {
	var b strings.Builder
	dumpJSON(&b, v, indent, 0)
	return b.String()
}

// Dumps is json.dumps(v) of Python 2.7 with its defaults: one line, ", "
// between members and ": " after keys, keys in the dict's own order, text
// escaped to ASCII.
func Dumps(v any) string {
	var b strings.Builder
	dumpJSON(&b, v, -1, 0)
	return b.String()
}

// dumpJSON writes v; indent < 0 is json.dumps without indent and without
// sorting keys.
func dumpJSON(b *strings.Builder, v any, indent, level int) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case Int:
		b.WriteString(string(x))
	case float64:
		switch s := FloatRepr(x); s {
		case "inf":
			b.WriteString("Infinity")
		case "-inf":
			b.WriteString("-Infinity")
		case "nan":
			b.WriteString("NaN")
		default:
			b.WriteString(s)
		}
	case string:
		b.WriteString(jsonString(x))
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		if indent < 0 {
			b.WriteByte('[')
			for i, e := range x {
				if i > 0 {
					b.WriteString(", ")
				}
				dumpJSON(b, e, indent, level)
			}
			b.WriteByte(']')
			return
		}
		inner := "\n" + strings.Repeat(" ", indent*(level+1))
		b.WriteString("[" + inner)
		for i, e := range x {
			if i > 0 {
				b.WriteString("," + " " + inner)
			}
			dumpJSON(b, e, indent, level+1)
		}
		b.WriteString("\n" + strings.Repeat(" ", indent*level) + "]")
	case *Dict:
		if x.Len() == 0 {
			b.WriteString("{}")
			return
		}
		if indent < 0 {
			b.WriteByte('{')
			for i, k := range x.Keys() {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(jsonString(k) + ": ")
				val, _ := x.Get(k)
				dumpJSON(b, val, indent, level)
			}
			b.WriteByte('}')
			return
		}
		keys := slices.Clone(x.Keys())
		slices.Sort(keys) // code point order, as UTF-8 bytes sort
		inner := "\n" + strings.Repeat(" ", indent*(level+1))
		b.WriteString("{" + inner)
		for i, k := range keys {
			if i > 0 {
				b.WriteString("," + " " + inner)
			}
			b.WriteString(jsonString(k) + ": ")
			val, _ := x.Get(k)
			dumpJSON(b, val, indent, level+1)
		}
		b.WriteString("\n" + strings.Repeat(" ", indent*level) + "}")
	default:
		fmt.Fprintf(b, "%v", x)
	}
}

// jsonString is encode_basestring_ascii: printable ASCII as is, the short
// escapes, everything else \u00XX or \uXXXX (lower-case hex).
func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r >= ' ' && r <= '~':
			b.WriteRune(r)
		case r >= 0x10000:
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xd800|(r>>10)&0x3ff, 0xdc00|r&0x3ff)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// UnparseXML is xmltodict.unparse({key: v}, full_document=False) of
// xmltodict 0.9.2: a list repeats the element, an empty list writes
// nothing, None an empty element, a dict its items as children in the
// dict's order (keys starting with "@" as attributes, "#text" as text),
// anything else unicode(v) as text, with &, < and > escaped.
func UnparseXML(key string, v any) string {
	var b strings.Builder
	emitXML(&b, key, v)
	return b.String()
}

func emitXML(b *strings.Builder, key string, v any) {
	values, ok := v.([]any)
	if !ok {
		values = []any{v}
	}
	for _, e := range values {
		var attrs [][2]string
		var children []string
		var text *string
		d, isDict := e.(*Dict)
		switch {
		case e == nil:
		case isDict:
			for _, k := range d.Keys() {
				val, _ := d.Get(k)
				switch {
				case k == "#text":
					s := Str(val)
					text = &s
				case strings.HasPrefix(k, "@"):
					attrs = append(attrs, [2]string{k[1:], Str(val)})
				default:
					children = append(children, k)
				}
			}
		default:
			s := Str(e) // unicode(e); a list nested in a list is its repr
			text = &s
		}
		b.WriteString("<" + key)
		for _, a := range attrs {
			b.WriteString(" " + a[0] + "=" + quoteAttr(a[1]))
		}
		b.WriteString(">")
		for _, k := range children {
			val, _ := d.Get(k)
			emitXML(b, k, val)
		}
		if text != nil {
			b.WriteString(escapeXML(*text))
		}
		b.WriteString("</" + key + ">")
	}
}

func escapeXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// quoteAttr is xml.sax.saxutils.quoteattr.
func quoteAttr(s string) string {
	s = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\n", "&#10;", "\r", "&#13;", "\t", "&#9;").Replace(s)
	if strings.Contains(s, `"`) {
		if strings.Contains(s, "'") {
			return `"` + strings.ReplaceAll(s, `"`, "&quot;") + `"`
		}
		return "'" + s + "'"
	}
	return `"` + s + `"`
}
