package output

import (
	"bufio"
	"fmt"
	"unicode/utf8"

	"github.com/mixcoatl/mixcoatl/wire"
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
			e.buf = append(e.buf, wire.XMLName(e.l.collection)...)
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
	name := wire.XMLName(e.l.collection)
	if e.n == 0 {
		_, err := e.w.WriteString("<" + name + "/>\n")
		return err
	}
	_, err := e.w.WriteString("</" + name + ">\n")
	return err
}

func appendXMLElement(b []byte, name string, v *value, indent int) []byte {
	name = wire.XMLName(name)
	b = appendIndent(b, indent)
	b = append(b, '<')
	b = append(b, name...)
	if id, ok := refID(v); ok {
		b = append(b, ' ')
		b = append(b, wire.XMLName(v.keys[0])...)
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
		entry := wire.Singular(name)
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
		case !wire.XMLChar(r):
			b = utf8.AppendRune(b, utf8.RuneError)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}
