package emulator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strconv"

	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
	"github.com/mixcoatl/mixcoatl/wire"
)

// XML follows the JSON vocabulary (spec §4): an object member is an element,
// an array member is an element holding one child per entry (named by
// wire.ItemElement: after the referenced resource, or the singular of the
// member), and the id of a resource or reference is an attribute:
// <machineImage machineImageId="300"/>. Every name comes from wire's XML
// vocabulary, shared with the SDK's and the CLI's writers.
// No <?xml?> declaration is written: the old server did not accept one either.

// encodeXMLDocument writes a root element holding v.
func encodeXMLDocument(buf *bytes.Buffer, root string, v any, s codec.Shape) error {
	enc := xml.NewEncoder(buf)
	if err := encodeXMLMember(enc, root, wire.ItemElement(root, nil), v, s); err != nil {
		return err
	}
	return enc.Flush()
}

// encodeXMLCollection writes <collection><item …/>…</collection>.
func encodeXMLCollection(buf *bytes.Buffer, collection, item string, items []map[string]any, s codec.Shape) error {
	enc := xml.NewEncoder(buf)
	start := xmlStart(collection)
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
func encodeXMLMember(enc *xml.Encoder, name, elem string, v any, s codec.Shape) error {
	start := xmlStart(name)
	switch x := v.(type) {
	case map[string]any:
		key := s.Key()
		id, idAttr := x[key]
		idAttr = idAttr && key != "" && isScalar(id)
		if idAttr {
			start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: wire.XMLName(key)}, Value: scalarText(id)})
		}
		if err := enc.EncodeToken(start); err != nil {
			return err
		}
		for _, k := range s.OrderedKeys(x) {
			if idAttr && k == key {
				continue
			}
			if err := encodeXMLMember(enc, k, s.ItemElement(k), x[k], s.Child(k)); err != nil {
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

// encodeXMLArray writes an array's entries inside start, each named elem;
// an entry that is itself an array names its own entries after elem.
func encodeXMLArray(enc *xml.Encoder, start xml.StartElement, elem string, n int, at func(int) any, s codec.Shape) error {
	if err := enc.EncodeToken(start); err != nil {
		return err
	}
	for i := range n {
		if err := encodeXMLMember(enc, elem, wire.ItemElement(elem, nil), at(i), s); err != nil {
			return err
		}
	}
	return enc.EncodeToken(start.End())
}

// xmlStart opens the element of a JSON key. Keys from stored data need not
// be XML names; wire.XMLName makes them so (wire keys pass unchanged).
func xmlStart(name string) xml.StartElement {
	return xml.StartElement{Name: xml.Name{Local: wire.XMLName(name)}}
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
