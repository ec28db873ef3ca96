package emulator

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// maxXMLDepth bounds nesting so a hostile body cannot exhaust the stack.
const maxXMLDepth = 64

// xmlNode is a parsed element: XML has no arrays, numbers or booleans, so the
// tree is first read as is and then shaped with the catalogue (xmlValue).
type xmlNode struct {
	name     string
	attrs    []xml.Attr
	children []*xmlNode
	text     string
}

// parseXML reads one root element. A leading <?xml?> declaration and
// comments are tolerated.
func parseXML(body []byte) (*xmlNode, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	var root *xmlNode
	var stack []*xmlNode
	var text []strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("malformed XML body: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 && root != nil {
				return nil, errors.New("malformed XML body: more than one root element")
			}
			if len(stack) >= maxXMLDepth {
				return nil, fmt.Errorf("malformed XML body: nested deeper than %d elements", maxXMLDepth)
			}
			n := &xmlNode{name: t.Name.Local}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
					continue
				}
				n.attrs = append(n.attrs, xml.Attr{Name: xml.Name{Local: a.Name.Local}, Value: a.Value})
			}
			if len(stack) == 0 {
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			}
			stack = append(stack, n)
			text = append(text, strings.Builder{})
		case xml.EndElement:
			n := stack[len(stack)-1]
			n.text = strings.TrimSpace(text[len(text)-1].String())
			stack, text = stack[:len(stack)-1], text[:len(text)-1]
		case xml.CharData:
			if len(stack) == 0 {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, errors.New("malformed XML body: text outside the root element")
				}
				continue
			}
			text[len(text)-1].Write(t)
		}
	}
	if root == nil {
		return nil, errors.New("malformed XML body: no root element (expected the operation, e.g. <launch>…</launch>)")
	}
	return root, nil
}

// xmlPayload turns the verb element into the value a JSON client would have
// put under the verb key, guided by the operation's wrapping and field types.
func xmlPayload(root *xmlNode, op *catalog.Op, s shape) any {
	s.fields = op.Fields
	s.key = ""
	switch op.Wrap {
	case "list":
		return xmlListItems(root, s)
	case "object":
		if op.Container == "" {
			return xmlObject(root, s)
		}
		inner := root
		if len(root.children) == 1 && root.children[0].name == op.Container {
			inner = root.children[0]
		}
		return map[string]any{op.Container: xmlObject(inner, s)}
	}
	return xmlObject(root, s)
}

// xmlListItems accepts the three shapes seen in old clients:
// <launch><servers><server>…</server></servers></launch> (a container of
// items), <launch><server>…</server></launch> (items) and
// <stop><force>true</force></stop> (the fields of a single item).
func xmlListItems(root *xmlNode, s shape) []any {
	items := func(nodes []*xmlNode) []any {
		out := make([]any, 0, len(nodes))
		for _, n := range nodes {
			out = append(out, xmlObject(n, s))
		}
		return out
	}
	isField := func(n *xmlNode) bool { return s.field(n.name) != nil }
	if len(root.children) == 1 && !isField(root.children[0]) && len(root.attrs) == 0 {
		c := root.children[0]
		if len(c.children) > 0 && sameNames(c.children) && !isField(c.children[0]) {
			return items(c.children)
		}
	}
	if len(root.children) > 0 && len(root.attrs) == 0 && sameNames(root.children) && !isField(root.children[0]) {
		return items(root.children)
	}
	return []any{xmlObject(root, s)}
}

func sameNames(nodes []*xmlNode) bool {
	for _, n := range nodes[1:] {
		if n.name != nodes[0].name {
			return false
		}
	}
	return true
}

// xmlObject maps attributes and child elements to members; a repeated child
// name becomes an array.
func xmlObject(n *xmlNode, s shape) map[string]any {
	out := make(map[string]any, len(n.attrs)+len(n.children))
	for _, a := range n.attrs {
		out[a.Name.Local] = xmlScalar(a.Value, s.field(a.Name.Local))
	}
	repeated := map[string]bool{}
	for _, c := range n.children {
		v := xmlValue(c, s.field(c.name), s.child(c.name))
		prev, dup := out[c.name]
		switch {
		case !dup:
			out[c.name] = v
		case repeated[c.name]:
			out[c.name] = append(prev.([]any), v)
		default:
			repeated[c.name] = true
			out[c.name] = []any{prev, v}
		}
	}
	return out
}

// xmlValue converts one member element by its catalogue type.
func xmlValue(n *xmlNode, f *catalog.Field, s shape) any {
	typ := ""
	if f != nil {
		typ = f.Type
	}
	structured := len(n.attrs) > 0 || len(n.children) > 0
	switch typ {
	case catalog.TypeRef:
		if !structured {
			if n.text == "" {
				return nil
			}
			if f.RefKey != "" { // <product>1:512</product> → {"productId":"1:512"}
				return map[string]any{f.RefKey: xmlScalar(n.text, s.field(f.RefKey))}
			}
			return n.text
		}
		return xmlObject(n, s)
	case catalog.TypeRefs, catalog.TypeArray, catalog.TypeStrings:
		if len(n.children) == 0 && len(n.attrs) > 0 {
			return []any{xmlObject(n, s)} // a single entry written without its list element
		}
		out := make([]any, 0, len(n.children))
		for _, c := range n.children {
			if typ == catalog.TypeStrings {
				out = append(out, c.text)
				continue
			}
			out = append(out, xmlValue(c, nil, s))
		}
		return out
	case catalog.TypeObject, catalog.TypeMoney, catalog.TypeWindow:
		if !structured {
			return n.text // e.g. the 2011 quota form "USD11.01"; the engine judges it
		}
		return xmlObject(n, s)
	}
	if !structured {
		return xmlScalar(n.text, f)
	}
	if len(n.attrs) == 0 && len(n.children) > 1 && sameNames(n.children) {
		out := make([]any, 0, len(n.children))
		for _, c := range n.children {
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
