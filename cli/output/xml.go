package output

import (
	"bufio"
	"fmt"
	"unicode/utf8"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/jsontree"
	"github.com/mixcoatl/mixcoatl/wire"
)

// xmlEmitter writes the API's XML vocabulary, as the SDK's models and the
// emulator do: elements named after the JSON keys (wire.XMLName), ids as
// attributes (<server serverId="1">, <region regionId="19344"/>), arrays
// as a wrapper element holding one element per entry (wire.ItemElement:
// firewalls → firewall, a reference list's entries after the referenced
// resource, acl → aclItem). There is no XML declaration. A list is the
// collection element ("servers") holding item elements ("server"), written
// as they arrive.
type xmlEmitter struct {
	w   *bufio.Writer
	l   layout
	n   int
	buf []byte
}

func (e *xmlEmitter) item(raw []byte) error {
	v, err := jsontree.Parse(raw)
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
	if v.Kind != kindObject {
		name = "value"
	}
	e.buf = appendXMLElement(e.buf, name, v, nil, itemShape(e.l.resource), indent)
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

// xmlShape is what the catalogue says about an object being written. Inside
// an item of a catalogue resource only the object's key (the item's primary
// key, a reference's id) becomes an attribute, and the fields name array
// entries and describe nested references. A raw document (no resource) is
// not described: there a one-member object whose member ends in Id or Code
// is taken for a reference and written as one.
type xmlShape struct {
	described bool
	key       string
	fields    []*catalog.Field
}

func itemShape(res *catalog.Resource) xmlShape {
	if res == nil {
		return xmlShape{}
	}
	return xmlShape{described: true, key: res.Key, fields: res.Fields}
}

// member describes member name of this object: its catalogue field (nil
// when unknown) and the shape of the object it holds, or of each entry.
func (s xmlShape) member(name string) (*catalog.Field, xmlShape) {
	if !s.described {
		return nil, xmlShape{}
	}
	out := xmlShape{described: true}
	f := fieldNamed(s.fields, name)
	if f == nil {
		return nil, out
	}
	out.key = f.RefKey
	if target, ok := catalog.Load().Resource(f.Ref); ok {
		out.fields = target.Fields
		if out.key == "" {
			out.key = target.Key
		}
	}
	return f, out
}

func fieldNamed(fields []*catalog.Field, name string) *catalog.Field {
	for _, f := range fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// attribute is the index of the member of v written as an attribute, or -1.
func (s xmlShape) attribute(v *value) int {
	if v.Kind != kindObject {
		return -1
	}
	if !s.described {
		if _, ok := refID(v); ok {
			return 0
		}
		return -1
	}
	for i, k := range v.Keys {
		if k == s.key && v.Elems[i].Scalar() && v.Elems[i].Kind != kindNull {
			return i
		}
	}
	return -1
}

// appendXMLElement writes member name holding v; f is its catalogue field
// (nil when unknown) and s the shape of the object v holds (of each entry
// when v is an array).
func appendXMLElement(b []byte, name string, v *value, f *catalog.Field, s xmlShape, indent int) []byte {
	tag := wire.XMLName(name)
	b = jsontree.AppendIndent(b, indent)
	b = append(b, '<')
	b = append(b, tag...)
	attr := s.attribute(v)
	if attr >= 0 {
		b = append(b, ' ')
		b = append(b, wire.XMLName(v.Keys[attr])...)
		b = append(b, `="`...)
		b = appendXMLEscaped(b, v.Elems[attr].Text, true)
		b = append(b, '"')
	}
	switch {
	case v.Kind == kindNull,
		v.Kind == kindObject && len(v.Keys) == 0,
		v.Kind == kindObject && len(v.Keys) == 1 && attr == 0,
		v.Kind == kindArray && len(v.Elems) == 0:
		return append(b, "/>\n"...)
	case v.Scalar():
		b = append(b, '>')
		b = appendXMLEscaped(b, v.Text, false)
	case v.Kind == kindObject:
		b = append(b, ">\n"...)
		for i, k := range v.Keys {
			if i != attr {
				cf, cs := s.member(k)
				b = appendXMLElement(b, k, v.Elems[i], cf, cs, indent+2)
			}
		}
		b = jsontree.AppendIndent(b, indent)
	default:
		b = append(b, ">\n"...)
		entry := wire.ItemElement(name, f)
		for _, elem := range v.Elems {
			b = appendXMLElement(b, entry, elem, nil, s, indent+2)
		}
		b = jsontree.AppendIndent(b, indent)
	}
	b = append(b, "</"...)
	b = append(b, tag...)
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
