package openapicheck

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/pb33f/libopenapi-validator/content"
	"github.com/pb33f/libopenapi/datamodel/high/base"

	"github.com/mixcoatl/mixcoatl/internal/wirexml"
)

// The XML decoder reads a body into the JSON value the schema describes,
// by the schema's xml objects as OpenAPI defines them: the root element
// is named by the schema's xml.name; a property is the child element of
// its name (or its inline schema's xml.name), or the attribute so named
// when xml.attribute is set; a wrapped array holds one child per entry,
// named by the items' xml.name. Text becomes the scalar type the schema
// wants (left as text when it does not parse, so the validator reports
// it); an empty element is null where the schema allows null. A name the
// schema does not expect is an error, as is an element or attribute the
// schema does not know (kept under its own name, so that a closed schema
// reports it).

func xmlDecoder() content.Decoder {
	return content.DecoderFunc(func(in *content.DecodeInput) (any, error) {
		body, err := io.ReadAll(in.Body)
		if err != nil {
			return nil, err
		}
		if len(body) == 0 {
			return nil, nil // no body (a HEAD answer), as the JSON decoder reads it
		}
		root, err := wirexml.Parse(body, wirexml.Rules{OneRoot: true})
		if err != nil {
			return nil, fmt.Errorf("XML: %w", err)
		}
		s := resolve(in.Schema, root)
		if s != nil && s.XML != nil && s.XML.Name != "" && s.XML.Name != root.Name {
			return nil, fmt.Errorf("XML: root element <%s>, the document names it <%s>", root.Name, s.XML.Name)
		}
		d := &xmlReader{}
		v := d.value(root, in.Schema)
		if len(d.errs) > 0 {
			return nil, fmt.Errorf("XML: %s", strings.Join(d.errs, "; "))
		}
		return v, nil
	})
}

type xmlReader struct{ errs []string }

func has(s *base.Schema, t string) bool { return s != nil && slices.Contains(s.Type, t) }

func empty(n *wirexml.Node) bool {
	return len(n.Attrs) == 0 && len(n.Children) == 0 && strings.TrimSpace(n.Text) == ""
}

// resolve picks the branch of a oneOf or anyOf the element fits: null
// for an empty element when a branch allows it, else the first branch
// that is not only null.
func resolve(s *base.Schema, n *wirexml.Node) *base.Schema {
	if s == nil {
		return nil
	}
	branches := append(slices.Clone(s.OneOf), s.AnyOf...)
	if len(branches) == 0 {
		return s
	}
	var pick *base.Schema
	for _, p := range branches {
		b := p.Schema()
		if b == nil {
			continue
		}
		onlyNull := len(b.Type) == 1 && b.Type[0] == "null"
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

func (d *xmlReader) value(n *wirexml.Node, schema *base.Schema) any {
	s := resolve(schema, n)
	switch {
	case s == nil:
		return generic(n)
	case len(s.Type) == 1 && s.Type[0] == "null":
		if !empty(n) {
			return generic(n)
		}
		return nil
	case has(s, "array"):
		if empty(n) && has(s, "null") {
			return nil
		}
		return d.array(n, s)
	case has(s, "object") || s.Properties != nil && s.Properties.Len() > 0:
		if empty(n) && has(s, "null") {
			return nil
		}
		return d.object(n, s)
	case len(s.Type) == 0:
		return generic(n)
	}
	if len(n.Children) > 0 || len(n.Attrs) > 0 {
		return generic(n)
	}
	return scalar(n.Text, s)
}

func (d *xmlReader) array(n *wirexml.Node, s *base.Schema) []any {
	var items *base.Schema
	if s.Items != nil && s.Items.IsA() && s.Items.A != nil {
		items = s.Items.A.Schema()
	}
	out := []any{}
	for _, c := range n.Children {
		if it := resolve(items, c); it != nil && it.XML != nil && it.XML.Name != "" && it.XML.Name != c.Name {
			d.errs = append(d.errs, fmt.Sprintf("<%s> holds <%s>, the document names its entries <%s>", n.Name, c.Name, it.XML.Name))
		}
		out = append(out, d.value(c, items))
	}
	return out
}

// property is a property of an object schema and how XML names it.
type property struct {
	key    string
	schema *base.Schema
	name   string
	attr   bool
}

func properties(s *base.Schema) []property {
	var out []property
	if s.Properties == nil {
		return nil
	}
	for p := s.Properties.First(); p != nil; p = p.Next() {
		ps := p.Value().Schema()
		pr := property{key: p.Key(), schema: ps, name: p.Key()}
		if ps != nil && ps.XML != nil {
			pr.attr = ps.XML.Attribute
			// A referenced schema's xml.name names roots and array
			// entries, not the properties that refer to it.
			if ps.XML.Name != "" && !p.Value().IsReference() {
				pr.name = ps.XML.Name
			}
		}
		out = append(out, pr)
	}
	return out
}

func (d *xmlReader) object(n *wirexml.Node, s *base.Schema) map[string]any {
	props := properties(s)
	find := func(name string, attr bool) (property, bool) {
		for _, p := range props {
			if p.name == name && p.attr == attr {
				return p, true
			}
		}
		return property{}, false
	}
	out := map[string]any{}
	for _, a := range n.Attrs {
		if p, ok := find(a.Name.Local, true); ok {
			out[p.key] = scalar(a.Value, resolve(p.schema, &wirexml.Node{Text: a.Value}))
		} else {
			out["@"+a.Name.Local] = a.Value
		}
	}
	for _, c := range n.Children {
		key, v := c.Name, any(nil)
		if p, ok := find(c.Name, false); ok {
			key, v = p.key, d.value(c, p.schema)
		} else {
			v = generic(c)
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
// stays text for the validator to report.
func scalar(text string, s *base.Schema) any {
	t := strings.TrimSpace(text)
	if t == "" && has(s, "null") && !has(s, "string") {
		return nil
	}
	switch {
	case has(s, "integer"):
		if n, err := strconv.ParseInt(t, 10, 64); err == nil {
			return n
		}
	case has(s, "number"):
		if x, err := strconv.ParseFloat(t, 64); err == nil {
			return x
		}
	case has(s, "boolean"):
		if b, err := strconv.ParseBool(t); err == nil && (t == "true" || t == "false") {
			return b
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
