package sdk

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/wirexml"
	"github.com/mixcoatl/mixcoatl/wire"
)

// The XML vocabulary mirrors the JSON one (spec §4): members are elements,
// ids of resources and references are attributes (<region regionId="1"/>),
// and an array member holds one child element per entry. Element names of
// collections and array entries were never documented, so decoding ignores
// them: the catalogue's field types say what each member is, and the XML is
// turned into the JSON the models already decode. Unknown members survive
// as best-effort JSON in the model's Extra.

type xnode = wirexml.Node

func parseXML(body []byte) (*xnode, error) {
	root, err := wirexml.Parse(body, wirexml.Rules{})
	if err != nil {
		return nil, fmt.Errorf("answer is not XML: %w", err)
	}
	return root, nil
}

// xmlItems converts an XML answer about res into the JSON of each object.
func xmlItems(res *catalog.Resource, body []byte) ([]json.RawMessage, error) {
	root, err := parseXML(body)
	if err != nil {
		return nil, err
	}
	nodes := root.Children
	if res.Flat {
		nodes = []*xnode{root}
	}
	cat := catalog.Load()
	items := make([]json.RawMessage, 0, len(nodes))
	for _, n := range nodes {
		b, err := json.Marshal(xmlObject(cat, n, res.Fields))
		if err != nil {
			return nil, err
		}
		items = append(items, b)
	}
	return items, nil
}

// xmlObject converts an element whose members are described by fields (nil
// when unknown) into a JSON object.
func xmlObject(cat *catalog.Catalog, n *xnode, fields []*catalog.Field) map[string]any {
	out := map[string]any{}
	for _, a := range n.Attrs {
		out[a.Name.Local] = xmlScalar(findField(fields, a.Name.Local), a.Value)
	}
	for _, c := range n.Children {
		v := xmlValue(cat, c, findField(fields, c.Name))
		if prev, dup := out[c.Name]; dup { // repeated unknown member: a list
			if list, ok := prev.([]any); ok {
				out[c.Name] = append(list, v)
			} else {
				out[c.Name] = []any{prev, v}
			}
			continue
		}
		out[c.Name] = v
	}
	return out
}

func findField(fields []*catalog.Field, name string) *catalog.Field {
	for _, f := range fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// xmlValue converts a member element according to its field (nil = unknown).
// An empty element is null for a field whose JSON is an object (XML writes
// null and an object without members alike), so that reading it back
// writes the same empty element again instead of inventing members.
func xmlValue(cat *catalog.Catalog, n *xnode, f *catalog.Field) any {
	if f == nil {
		return xmlGeneric(n)
	}
	switch f.Type {
	case catalog.TypeRef, catalog.TypeMoney, catalog.TypeWindow, catalog.TypeObject:
		if isEmptyElement(n) {
			return nil
		}
	}
	switch f.Type {
	case catalog.TypeRef:
		return xmlRef(cat, n, f)
	case catalog.TypeRefs:
		list := []any{}
		for _, c := range n.Children {
			var entry any // an empty entry is a null one
			if !isEmptyElement(c) {
				entry = xmlRef(cat, c, f)
			}
			list = append(list, entry)
		}
		return list
	case catalog.TypeStrings:
		list := []any{}
		for _, c := range n.Children {
			list = append(list, c.Text)
		}
		return list
	case catalog.TypeArray:
		list := []any{}
		for _, c := range n.Children {
			list = append(list, xmlGeneric(c))
		}
		return list
	case catalog.TypeMoney:
		if len(n.Children) == 0 && len(n.Attrs) == 0 {
			return strings.TrimSpace(n.Text) // 2011 compact form, USD50.00
		}
		return xmlObject(cat, n, []*catalog.Field{{Name: "value", Type: catalog.TypeNumber}})
	case catalog.TypeWindow:
		return xmlObject(cat, n, []*catalog.Field{
			{Name: "daysOfWeek", Type: catalog.TypeStrings},
			{Name: "startHour", Type: catalog.TypeInt}, {Name: "startMinute", Type: catalog.TypeInt},
			{Name: "endHour", Type: catalog.TypeInt}, {Name: "endMinute", Type: catalog.TypeInt},
		})
	case catalog.TypeObject, catalog.TypeAny:
		return xmlGeneric(n)
	}
	if len(n.Children) > 0 || len(n.Attrs) > 0 {
		return xmlGeneric(n)
	}
	return xmlScalar(f, n.Text)
}

// isEmptyElement reports an element with no attributes, no children and
// nothing but white space inside.
func isEmptyElement(n *xnode) bool {
	return len(n.Attrs) == 0 && len(n.Children) == 0 && strings.TrimSpace(n.Text) == ""
}

func xmlRef(cat *catalog.Catalog, n *xnode, f *catalog.Field) any {
	var fields []*catalog.Field
	if target, ok := cat.Resource(f.Ref); ok {
		fields = target.Fields
	}
	if f.RefKey != "" && findField(fields, f.RefKey) == nil {
		fields = append(fields, &catalog.Field{Name: f.RefKey, Type: catalog.TypeInt})
	}
	return xmlObject(cat, n, fields)
}

// xmlScalar types a text value by its field; unknown text stays a string,
// except attributes, which in this vocabulary are ids.
func xmlScalar(f *catalog.Field, text string) any {
	s := strings.TrimSpace(text)
	typ := catalog.TypeString
	if f != nil {
		typ = f.Type
	}
	if f != nil && (typ == catalog.TypeString || typ == catalog.TypeEnum || typ == catalog.TypeAny) {
		return text // text is data: keep its spaces and newlines
	}
	if s == "" && typ != catalog.TypeString && typ != catalog.TypeEnum {
		return nil
	}
	switch typ {
	case catalog.TypeInt, catalog.TypeNumber:
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return json.Number(s)
		}
	case catalog.TypeBool:
		if b, err := strconv.ParseBool(s); err == nil {
			return b
		}
	}
	if f == nil {
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			return json.Number(s)
		}
	}
	return s
}

// xmlGeneric converts an element without a catalogue description. An
// element whose children all carry the singular of its name is an array
// (<values><value>…</value></values>), as the XML writers name entries.
func xmlGeneric(n *xnode) any {
	if len(n.Children) == 0 && len(n.Attrs) == 0 {
		return n.Text
	}
	if len(n.Attrs) == 0 && allNamed(n.Children, wire.Singular(n.Name)) {
		list := make([]any, len(n.Children))
		for i, c := range n.Children {
			list[i] = xmlGeneric(c)
		}
		return list
	}
	return xmlObject(nil, n, nil)
}

func allNamed(nodes []*xnode, name string) bool {
	for _, c := range nodes {
		if c.Name != name {
			return false
		}
	}
	return len(nodes) > 0
}
