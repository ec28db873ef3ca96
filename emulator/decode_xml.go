package emulator

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
	"github.com/mixcoatl/mixcoatl/internal/wirexml"
)

// xmlNode is a parsed element, read as is and then shaped with the
// catalogue (xmlValue).
type xmlNode = wirexml.Node

// parseXML reads one root element, its text trimmed and its attributes
// without namespaces. A leading <?xml?> declaration and comments are
// tolerated; nesting deeper than maxDepth is refused, so a hostile body
// cannot exhaust the stack nor be stored.
func parseXML(body []byte, maxDepth int) (*xmlNode, error) {
	root, err := wirexml.Parse(body, wirexml.Rules{MaxDepth: maxDepth, OneRoot: true})
	if errors.Is(err, wirexml.ErrNoRoot) {
		return nil, errors.New("malformed XML body: no root element (expected the operation, e.g. <launch>…</launch>)")
	}
	if err != nil {
		return nil, fmt.Errorf("malformed XML body: %v", err)
	}
	root.Walk(func(n *xmlNode) {
		n.Text = strings.TrimSpace(n.Text)
		var attrs []xml.Attr
		for _, a := range n.Attrs {
			if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
				continue
			}
			attrs = append(attrs, xml.Attr{Name: xml.Name{Local: a.Name.Local}, Value: a.Value})
		}
		n.Attrs = attrs
	})
	return root, nil
}

// xmlPayload turns the verb element into the value a JSON client would have
// put under the verb key, guided by the operation's wrapping and field types.
func xmlPayload(root *xmlNode, op *catalog.Op, s codec.Shape) any {
	s = s.Payload(op)
	switch op.Wrap {
	case "list":
		return xmlListItems(root, s)
	case "object":
		if op.Container == "" {
			return xmlObject(root, s)
		}
		inner := root
		if len(root.Children) == 1 && root.Children[0].Name == op.Container {
			inner = root.Children[0]
		}
		return map[string]any{op.Container: xmlObject(inner, s)}
	}
	return xmlObject(root, s)
}

// xmlListItems accepts the three shapes seen in old clients:
// <launch><servers><server>…</server></servers></launch> (a container of
// items), <launch><server>…</server></launch> (items) and
// <stop><force>true</force></stop> (the fields of a single item).
func xmlListItems(root *xmlNode, s codec.Shape) []any {
	items := func(nodes []*xmlNode) []any {
		out := make([]any, 0, len(nodes))
		for _, n := range nodes {
			out = append(out, xmlObject(n, s))
		}
		return out
	}
	isField := func(n *xmlNode) bool { return s.Field(n.Name) != nil }
	if len(root.Children) == 1 && !isField(root.Children[0]) && len(root.Attrs) == 0 {
		c := root.Children[0]
		if len(c.Children) > 0 && wirexml.SameNames(c.Children) && !isField(c.Children[0]) {
			return items(c.Children)
		}
	}
	if len(root.Children) > 0 && len(root.Attrs) == 0 && wirexml.SameNames(root.Children) && !isField(root.Children[0]) {
		return items(root.Children)
	}
	return []any{xmlObject(root, s)}
}

// xmlObject maps attributes and child elements to members; a repeated child
// name becomes an array.
func xmlObject(n *xmlNode, s codec.Shape) map[string]any {
	out := make(map[string]any, len(n.Attrs)+len(n.Children))
	for _, a := range n.Attrs {
		out[a.Name.Local] = xmlScalar(a.Value, s.Field(a.Name.Local))
	}
	repeated := map[string]bool{}
	for _, c := range n.Children {
		v := xmlValue(c, s.Field(c.Name), s.Child(c.Name))
		prev, dup := out[c.Name]
		switch {
		case !dup:
			out[c.Name] = v
		case repeated[c.Name]:
			out[c.Name] = append(prev.([]any), v)
		default:
			repeated[c.Name] = true
			out[c.Name] = []any{prev, v}
		}
	}
	return out
}

// xmlValue converts one member element by its catalogue type.
func xmlValue(n *xmlNode, f *catalog.Field, s codec.Shape) any {
	var typ catalog.Type
	if f != nil {
		typ = f.Type
	}
	structured := len(n.Attrs) > 0 || len(n.Children) > 0
	switch typ {
	case catalog.TypeRef:
		if !structured {
			if n.Text == "" {
				return nil
			}
			if f.RefKey != "" { // <product>1:512</product> → {"productId":"1:512"}
				return map[string]any{f.RefKey: xmlScalar(n.Text, s.Field(f.RefKey))}
			}
			return n.Text
		}
		return xmlObject(n, s)
	case catalog.TypeRefs, catalog.TypeArray, catalog.TypeStrings:
		if len(n.Children) == 0 && len(n.Attrs) > 0 {
			return []any{xmlObject(n, s)} // a single entry written without its list element
		}
		out := make([]any, 0, len(n.Children))
		for _, c := range n.Children {
			if typ == catalog.TypeStrings {
				out = append(out, c.Text)
				continue
			}
			out = append(out, xmlValue(c, nil, s))
		}
		return out
	case catalog.TypeObject, catalog.TypeMoney, catalog.TypeWindow:
		if !structured {
			return n.Text // e.g. the 2011 quota form "USD11.01"; the engine judges it
		}
		return xmlObject(n, s)
	}
	if !structured {
		return xmlScalar(n.Text, f)
	}
	if len(n.Attrs) == 0 && len(n.Children) > 1 && wirexml.SameNames(n.Children) {
		out := make([]any, 0, len(n.Children))
		for _, c := range n.Children {
			out = append(out, xmlValue(c, nil, s))
		}
		return out
	}
	return xmlObject(n, s)
}

// xmlScalar types text by the field: numbers become json.Number and booleans
// bool when they parse; anything else stays a string for the engine to judge.
func xmlScalar(text string, f *catalog.Field) any {
	if f == nil {
		return text
	}
	switch f.Type {
	case catalog.TypeInt, catalog.TypeNumber:
		if _, err := strconv.ParseFloat(text, 64); err == nil && json.Valid([]byte(text)) {
			return json.Number(text)
		}
	case catalog.TypeBool:
		if b, err := strconv.ParseBool(strings.ToLower(text)); err == nil {
			return b
		}
	}
	return text
}
