package sdk

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"slices"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/wirexml"
	"github.com/mixcoatl/mixcoatl/wire"
)

// UnmarshalXML decodes the element at start into m (a pointer to a model)
// through the JSON form, so both formats fill the same fields and Extra.
func UnmarshalXML(d *xml.Decoder, start xml.StartElement, m Model) error {
	n, err := wirexml.Read(d, start)
	if err != nil {
		return err
	}
	cat := catalog.Load()
	var fields []*catalog.Field
	if res, ok := cat.Resource(m.ResourceName()); ok {
		fields = res.Fields
	}
	b, err := json.Marshal(xmlObject(cat, n, fields))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, m)
}

// MarshalXML writes m in the API's XML vocabulary, as the emulator and the
// CLI's -o xml do: the resource's key and the ids of references as
// attributes, arrays as one child per entry named by wire.ItemElement
// (after the referenced resource in a reference list), any other key
// through wire.XMLName. The element is named after the resource
// (wire.ResourceElement: server) unless the caller named it.
func MarshalXML(e *xml.Encoder, start xml.StartElement, m Model) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return err
	}
	res, ok := catalog.Load().Resource(m.ResourceName())
	if !ok {
		return fmt.Errorf("sdk: %s is not in the catalogue", m.ResourceName())
	}
	name := start.Name.Local
	if name == "" || name == res.Name || name == res.GoName() { // encoding/xml's default: the type's name
		name = wire.ResourceElement(res)
	}
	return writeXMLObject(e, name, obj, res.Fields, res.Key)
}

func writeXMLObject(e *xml.Encoder, name string, obj map[string]any, fields []*catalog.Field, key string) error {
	start := xmlStart(name)
	if id, ok := obj[key]; ok && id == nil {
		// A null id is an empty attribute, which reads back as null (or
		// as "" for a string key): an id is never an element.
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: wire.XMLName(key)}})
	} else if ok && isXMLScalar(id) {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: wire.XMLName(key)}, Value: fmt.Sprint(id)})
	}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	var order []string
	for _, f := range fields {
		if _, ok := obj[f.Name]; ok && (f.Name != key || len(start.Attr) == 0) {
			order = append(order, f.Name)
		}
	}
	var rest []string
	for k := range obj {
		if findField(fields, k) == nil && (k != key || len(start.Attr) == 0) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range append(order, rest...) {
		if err := writeXMLMember(e, k, obj[k], findField(fields, k)); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// writeXMLMember writes member name holding v, described by f (nil when
// the catalogue does not know it).
func writeXMLMember(e *xml.Encoder, name string, v any, f *catalog.Field) error {
	var fields []*catalog.Field
	key := ""
	if f != nil && (f.Type == catalog.TypeRef || f.Type == catalog.TypeRefs) {
		key = f.RefKey
		if target, ok := catalog.Load().Resource(f.Ref); ok {
			fields = target.Fields
			if key == "" {
				key = target.Key
			}
		}
	}
	start := xmlStart(name)
	switch x := v.(type) {
	case map[string]any:
		return writeXMLObject(e, name, x, fields, key)
	case []any:
		if err := e.EncodeToken(start); err != nil {
			return err
		}
		entry := wire.ItemElement(name, f)
		for _, item := range x {
			if err := writeXMLMember(e, entry, item, itemField(f)); err != nil {
				return err
			}
		}
		return e.EncodeToken(start.End())
	case nil:
		if err := e.EncodeToken(start); err != nil {
			return err
		}
		return e.EncodeToken(start.End())
	}
	return e.EncodeElement(fmt.Sprint(v), start)
}

func xmlStart(name string) xml.StartElement {
	return xml.StartElement{Name: xml.Name{Local: wire.XMLName(name)}}
}

// itemField describes an entry of an array member: a ref for refs.
func itemField(f *catalog.Field) *catalog.Field {
	if f != nil && f.Type == catalog.TypeRefs {
		item := *f
		item.Type = catalog.TypeRef
		return &item
	}
	return nil
}

func isXMLScalar(v any) bool {
	switch v.(type) {
	case string, json.Number, bool, float64:
		return true
	}
	return false
}
