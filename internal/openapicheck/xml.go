package openapicheck

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/internal/wirexml"
)

// The XML decoder reads a body into the JSON value the schema describes,
// by the schema's xml objects as OpenAPI defines them: the root element
// is named by the schema's xml.name; a property is the child element of
// its name (or its inline schema's xml.name), or the attribute so named
// when xml.attribute is set; a wrapped array holds one child per entry,
// named by the items' xml.name. Text becomes the scalar type the schema
// wants (left as text when it does not parse, so the check reports it);
// an empty element is null where the schema allows null. A name the
// schema does not expect is an error, as is an element or attribute the
// schema does not know (kept under its own name, so that a closed schema
// reports it).

// xmlBody decodes one XML body and, when a violation must be told, says
// where in the XML a value of the decoded body came from.
type xmlBody struct{}

// decode reads body by the schema s. An empty body is nil (a HEAD answer).
func (xmlBody) decode(s *schema, body []byte) (any, error) {
	v, _, err := readXML(s, body, false)
	return v, err
}

// paths maps the JSON pointer of each decoded value to its XML path
// (<root>/<child>[2]/@attr), read again: only a body with violations
// needs it.
func (xmlBody) paths(s *schema, body []byte) map[string]string {
	_, paths, _ := readXML(s, body, true)
	return paths
}

func readXML(s *schema, body []byte, track bool) (any, map[string]string, error) {
	if len(body) == 0 {
		return nil, nil, nil
	}
	root, err := wirexml.Parse(body, wirexml.Rules{OneRoot: true})
	if err != nil {
		return nil, nil, fmt.Errorf("XML: %w", err)
	}
	if r := resolve(s, root); r != nil && r.xml != nil && r.xml.name != "" && r.xml.name != root.Name {
		return nil, nil, fmt.Errorf("XML: root element <%s>, the document names it <%s>", root.Name, r.xml.name)
	}
	d := &xmlReader{}
	if track {
		d.paths = map[string]string{}
	}
	v := d.value(root, s, "", "/"+root.Name)
	if len(d.errs) > 0 {
		return nil, nil, fmt.Errorf("XML: %s", strings.Join(d.errs, "; "))
	}
	return v, d.paths, nil
}

type xmlReader struct {
	errs  []string
	paths map[string]string // JSON pointer to XML path, when tracked
}

// at records where a value came from, when tracked.
func (d *xmlReader) at(ptr, xpath string) {
	if d.paths != nil {
		d.paths[ptr] = xpath
	}
}

// pointer is the JSON pointer of a member key of the value at ptr, built
// only when tracked.
func (d *xmlReader) pointer(ptr, key string) string {
	if d.paths == nil {
		return ""
	}
	return ptr + "/" + pointerEscape(key)
}

func empty(n *wirexml.Node) bool {
	return len(n.Attrs) == 0 && len(n.Children) == 0 && strings.TrimSpace(n.Text) == ""
}

// resolve picks the branch of a oneOf the element fits: null for an empty
// element when a branch allows it, else the first branch that is not
// only null. References stand for their targets.
func resolve(s *schema, n *wirexml.Node) *schema {
	s = s.deref()
	if s == nil || len(s.oneOf) == 0 {
		return s
	}
	var pick *schema
	for _, b := range s.oneOf {
		b = b.deref()
		onlyNull := b.types == tNull
		if onlyNull && empty(n) {
			return b
		}
		if !onlyNull && pick == nil {
			pick = b
		}
	}
	if pick == nil {
		return s
	}
	return resolve(pick, n)
}

// value reads element n by the schema; ptr and xpath are where it is in
// the decoded value and in the XML, kept only when tracked.
func (d *xmlReader) value(n *wirexml.Node, schema *schema, ptr, xpath string) any {
	d.at(ptr, xpath)
	s := resolve(schema, n)
	switch {
	case s == nil:
		return generic(n)
	case s.types == tNull:
		if !empty(n) {
			return generic(n)
		}
		return nil
	case s.types.has(tArray):
		if empty(n) && s.types.has(tNull) {
			return nil
		}
		return d.array(n, s, ptr, xpath)
	case s.types.has(tObject) || len(s.props) > 0:
		if empty(n) && s.types.has(tNull) {
			return nil
		}
		return d.object(n, s, ptr, xpath)
	case s.types == 0:
		return generic(n)
	}
	if len(n.Children) > 0 || len(n.Attrs) > 0 {
		return generic(n)
	}
	return scalar(n.Text, s)
}

func (d *xmlReader) array(n *wirexml.Node, s *schema, ptr, xpath string) []any {
	items := s.items.deref()
	out := []any{}
	for i, c := range n.Children {
		if it := resolve(items, c); it != nil && it.xml != nil && it.xml.name != "" && it.xml.name != c.Name {
			d.errs = append(d.errs, fmt.Sprintf("<%s> holds <%s>, the document names its entries <%s>", n.Name, c.Name, it.xml.name))
		}
		out = append(out, d.value(c, items, d.pointer(ptr, strconv.Itoa(i)), d.path(xpath, c.Name, i+1)))
	}
	return out
}

// path is the XML path of the index-th child named name (index 0: the
// only one), built only when tracked.
func (d *xmlReader) path(parent, name string, index int) string {
	if d.paths == nil {
		return ""
	}
	if index > 0 {
		return fmt.Sprintf("%s/%s[%d]", parent, name, index)
	}
	return parent + "/" + name
}

// property is a property of an object schema and how XML names it.
type property struct {
	key    string
	schema *schema
	name   string
	attr   bool
}

// xmlProperties lists an object schema's properties as XML names them.
// Loading sets them on every schema once all references are resolved.
func xmlProperties(s *schema) []property {
	out := make([]property, 0, len(s.order))
	for _, key := range s.order {
		ref := s.props[key]
		ps := ref.deref()
		pr := property{key: key, schema: ps, name: key}
		if ps != nil && ps.xml != nil {
			pr.attr = ps.xml.attribute
			// A referenced schema's xml.name names roots and array
			// entries, not the properties that refer to it.
			if ps.xml.name != "" && ref.ref == nil {
				pr.name = ps.xml.name
			}
		}
		out = append(out, pr)
	}
	return out
}

func (d *xmlReader) object(n *wirexml.Node, s *schema, ptr, xpath string) map[string]any {
	find := func(name string, attr bool) (property, bool) {
		for _, p := range s.xmlProps {
			if p.name == name && p.attr == attr {
				return p, true
			}
		}
		return property{}, false
	}
	out := make(map[string]any, len(n.Attrs)+len(n.Children))
	for _, a := range n.Attrs {
		var key string
		if p, ok := find(a.Name.Local, true); ok {
			key = p.key
			out[key] = scalar(a.Value, resolve(p.schema, &wirexml.Node{Text: a.Value}))
		} else {
			key = "@" + a.Name.Local
			out[key] = a.Value
		}
		d.at(d.pointer(ptr, key), d.path(xpath, "@"+a.Name.Local, 0))
	}
	for _, c := range n.Children {
		key, v := c.Name, any(nil)
		if p, ok := find(c.Name, false); ok {
			key, v = p.key, d.value(c, p.schema, d.pointer(ptr, p.key), d.path(xpath, c.Name, 0))
		} else {
			v = generic(c)
			d.at(d.pointer(ptr, key), d.path(xpath, c.Name, 0))
		}
		if prev, dup := out[key]; dup {
			d.errs = append(d.errs, fmt.Sprintf("<%s> holds <%s> twice", n.Name, c.Name))
			v = []any{prev, v}
		}
		out[key] = v
	}
	return out
}

// scalar reads text as the schema's scalar type; text that does not parse
// stays text for the check to report.
func scalar(text string, s *schema) any {
	t := strings.TrimSpace(text)
	types := s.typeSet()
	if t == "" && types.has(tNull) && !types.has(tString) {
		return nil
	}
	switch {
	case types.has(tInteger):
		if n, err := strconv.ParseInt(t, 10, 64); err == nil {
			return n
		}
	case types.has(tNumber):
		if x, err := strconv.ParseFloat(t, 64); err == nil {
			return x
		}
	case types.has(tBoolean):
		if t == "true" || t == "false" {
			return t == "true"
		}
	}
	return text
}

// generic reads an element the schema says nothing about: text when it
// has no children or attributes, else an object of them (repeated
// children as a list).
func generic(n *wirexml.Node) any {
	if len(n.Children) == 0 && len(n.Attrs) == 0 {
		return n.Text
	}
	out := map[string]any{}
	for _, a := range n.Attrs {
		out["@"+a.Name.Local] = a.Value
	}
	for _, c := range n.Children {
		v := generic(c)
		switch prev := out[c.Name].(type) {
		case nil:
			out[c.Name] = v
		case []any:
			out[c.Name] = append(prev, v)
		default:
			out[c.Name] = []any{prev, v}
		}
	}
	return out
}
