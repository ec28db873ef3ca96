package emulator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strconv"

	"github.com/mixcoatl/mixcoatl/wire"
)

// XML follows the JSON vocabulary (spec §4): an object member is an element,
// an array member is an element holding one child per entry (named after the
// referenced resource, or the singular of the member), and the id of a
// resource or reference is an attribute: <machineImage machineImageId="300"/>.
// No <?xml?> declaration is written: the old server did not accept one either.

// encodeXMLDocument writes a root element holding v.
func encodeXMLDocument(buf *bytes.Buffer, root string, v any, s shape) error {
	enc := xml.NewEncoder(buf)
	if err := encodeXMLMember(enc, root, wire.Singular(root), v, s); err != nil {
		return err
	}
	return enc.Flush()
}

// encodeXMLCollection writes <collection><item …/>…</collection>.
func encodeXMLCollection(buf *bytes.Buffer, collection, item string, items []map[string]any, s shape) error {
	enc := xml.NewEncoder(buf)
	start := xml.StartElement{Name: xml.Name{Local: collection}}
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	for _, it := range items {
		if err := encodeXMLMember(enc, item, "", it, s); err != nil {
			return err
		}
	}
	if err := enc.EncodeToken(start.End()); err != nil {
		return err
	}
	return enc.Flush()
}

// encodeXMLMember writes member name holding v; elem names array entries.
func encodeXMLMember(enc *xml.Encoder, name, elem string, v any, s shape) error {
	start := xmlStart(name)
	switch x := v.(type) {
	case map[string]any:
		keys := s.orderedKeys(x)
		if s.key != "" {
			if id, ok := x[s.key]; ok && isScalar(id) {
				start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: s.key}, Value: scalarText(id)})
			}
		}
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		for _, k := range keys {
			if len(start.Attr) > 0 && k == s.key && start.Attr[len(start.Attr)-1].Name.Local == k {
				continue
			}
			if err := encodeXMLMember(enc, k, s.elementName(k), x[k], s.child(k)); err != nil {
				return err
			}
		}
		return enc.EncodeToken(start.End())
	case []any:
		return encodeXMLArray(enc, start, elem, len(x), func(i int) any { return x[i] }, s)
	case []map[string]any:
		return encodeXMLArray(enc, start, elem, len(x), func(i int) any { return x[i] }, s)
	case []string:
		return encodeXMLArray(enc, start, elem, len(x), func(i int) any { return x[i] }, s)
	case nil:
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		return enc.EncodeToken(start.End())
	default:
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		if err := enc.EncodeToken(xml.CharData(scalarText(x))); err != nil {
			return err
		}
		return enc.EncodeToken(start.End())
	}
}

func encodeXMLArray(enc *xml.Encoder, start xml.StartElement, elem string, n int, at func(int) any, s shape) error {
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	for i := range n {
		if err := encodeXMLMember(enc, elem, wire.Singular(elem), at(i), s); err != nil {
			return err
		}
	}
	return enc.EncodeToken(start.End())
}

// xmlStart names an element; keys that are not XML names (they can come
// from arbitrary stored data) become <entry key="…">.
func xmlStart(name string) xml.StartElement {
	if isXMLName(name) {
		return xml.StartElement{Name: xml.Name{Local: name}}
	}
	return xml.StartElement{Name: xml.Name{Local: "entry"}, Attr: []xml.Attr{{Name: xml.Name{Local: "key"}, Value: name}}}
}

func isXMLName(s string) bool {
	if s == "" || len(s) >= 3 && (s[0]|0x20) == 'x' && (s[1]|0x20) == 'm' && (s[2]|0x20) == 'l' {
		return false
	}
	for i, r := range s {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_'
		if i == 0 && !letter {
			return false
		}
		if !letter && !(r >= '0' && r <= '9') && r != '-' && r != '.' {
			return false
		}
	}
	return true
}

func isScalar(v any) bool {
	switch v.(type) {
	case map[string]any, []any, []map[string]any, []string, nil:
		return false
	}
	return true
}

func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		return s
	}
	return string(b)
}
