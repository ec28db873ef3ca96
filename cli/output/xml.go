package output

import (
	"bufio"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// xmlEmitter mirrors the API's XML vocabulary: elements named after the
// JSON keys, references as attributes (<region regionId="19344"/>), arrays
// as a wrapper element holding one element per entry, named by the
// singular of the wrapper (firewalls → firewall, addresses → address,
// otherwise "item"). There is no XML declaration. A list is the collection
// element ("servers") holding item elements ("server"), written as they
// arrive.
type xmlEmitter struct {
	w   *bufio.Writer
	l   layout
	n   int
	buf []byte
}

func (e *xmlEmitter) item(raw []byte) error {
	v, err := parseValue(raw)
	if err != nil {
		return err
	}
	e.buf = e.buf[:0]
	indent := 0
	if e.l.list {
		if e.n == 0 {
			e.buf = append(e.buf, '<')
			e.buf = append(e.buf, xmlName(e.l.collection)...)
			e.buf = append(e.buf, ">\n"...)
		}
		indent = 2
	}
	e.n++
	name := e.l.element
	if v.kind != kindObject {
		name = "value"
	}
	e.buf = appendXMLElement(e.buf, name, v, indent)
	_, err = e.w.Write(e.buf)
	return err
}

func (e *xmlEmitter) end() error {
	if !e.l.list {
		return nil
	}
	name := xmlName(e.l.collection)
	if e.n == 0 {
		_, err := e.w.WriteString("<" + name + "/>\n")
		return err
	}
	_, err := e.w.WriteString("</" + name + ">\n")
	return err
}

func appendXMLElement(b []byte, name string, v *value, indent int) []byte {
	name = xmlName(name)
	b = appendIndent(b, indent)
	b = append(b, '<')
	b = append(b, name...)
	if id, ok := refID(v); ok {
		b = append(b, ' ')
		b = append(b, xmlName(v.keys[0])...)
		b = append(b, `="`...)
		b = appendXMLEscaped(b, id.text, true)
		return append(b, "\"/>\n"...)
	}
	switch {
	case v.kind == kindNull,
		v.kind == kindObject && len(v.keys) == 0,
		v.kind == kindArray && len(v.elems) == 0:
		return append(b, "/>\n"...)
	case v.scalar():
		b = append(b, '>')
		b = appendXMLEscaped(b, v.text, false)
	case v.kind == kindObject:
		b = append(b, ">\n"...)
		for i, k := range v.keys {
			b = appendXMLElement(b, k, v.elems[i], indent+2)
		}
		b = appendIndent(b, indent)
	default:
		b = append(b, ">\n"...)
		entry := singular(name)
		for _, elem := range v.elems {
			b = appendXMLElement(b, entry, elem, indent+2)
		}
		b = appendIndent(b, indent)
	}
	b = append(b, "</"...)
	b = append(b, name...)
	return append(b, ">\n"...)
}

// appendXMLEscaped escapes &, < and > (and " in attributes); carriage
// returns and, in attributes, tabs and newlines become character references
// so XML readers do not normalise them away; characters XML 1.0 cannot
// hold become U+FFFD.
func appendXMLEscaped(b []byte, s string, attr bool) []byte {
	for _, r := range s {
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '"' && attr:
			b = append(b, "&quot;"...)
		case r == '\r', attr && (r == '\n' || r == '\t'):
			b = fmt.Appendf(b, "&#x%X;", r)
		case !xmlChar(r):
			b = utf8.AppendRune(b, utf8.RuneError)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// xmlChar reports whether XML 1.0 allows r in a document.
func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		(r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF)
}

// singular names an array entry after its wrapper element.
func singular(plural string) string {
	switch {
	case strings.HasSuffix(plural, "ies") && len(plural) > 3:
		return plural[:len(plural)-3] + "y"
	case strings.HasSuffix(plural, "sses"), strings.HasSuffix(plural, "xes"):
		return plural[:len(plural)-2]
	case strings.HasSuffix(plural, "s") && !strings.HasSuffix(plural, "ss") && len(plural) > 1:
		return plural[:len(plural)-1]
	}
	return "item"
}

// xmlName makes any JSON key a valid XML element name: characters outside
// letters, digits, "_", "-" and "." become "_", and a name that cannot
// start an element gets a leading "_".
func xmlName(s string) string {
	if s == "" {
		return "_"
	}
	var b strings.Builder
	for i, r := range s {
		ok := unicode.IsLetter(r) || r == '_' || (i > 0 && (unicode.IsDigit(r) || r == '-' || r == '.'))
		if i == 0 && !ok && (unicode.IsDigit(r) || r == '-' || r == '.') {
			b.WriteByte('_')
			ok = true
		}
		if !ok {
			b.WriteByte('_')
			continue
		}
		b.WriteRune(r)
	}
	out := b.String()
	if strings.HasPrefix(strings.ToLower(out), "xml") {
		out = "_" + out
	}
	return out
}
