// Package codec is the emulator's one JSON encoder and the Shape that
// orders it. A Shape says which catalogue resource an object is, so that
// keys come in catalogue order (the id key first, then the resource's
// fields, then unknown keys sorted), nested references take their target's
// order, and the XML writer and reader find element names and field types.
//
// The engine stores records in this form (canonical Data, answered
// verbatim by the fast path of GET by id) and the HTTP layer renders every
// answer with it, so the two can never disagree.
package codec

import (
	"slices"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

// Shape is what the codecs know about an object while walking a value.
// The zero Shape is an unknown object: keys sorted, types inferred.
type Shape struct {
	cat    *catalog.Catalog
	res    *catalog.Resource // nil when the object is not a catalogue resource
	key    string            // id key, rendered first (an attribute in XML); "" = none
	fields []*catalog.Field  // consulted before res.Fields (an operation's payload fields)
}

// Of is the shape of an item of res (nil: an unknown object); cat resolves
// the resources its references name.
func Of(cat *catalog.Catalog, res *catalog.Resource) Shape {
	s := Shape{cat: cat, res: res}
	if res != nil {
		s.key = res.Key
	}
	return s
}

// Keyed is the shape of an object outside the catalogue whose id key is
// key (an API version's versionId).
func Keyed(key string) Shape { return Shape{key: key} }

// Payload is the shape of an operation's payload on res: the op's fields
// first, then the resource's, and no id key.
func (s Shape) Payload(op *catalog.Op) Shape {
	s.fields, s.key = op.Fields, ""
	return s
}

// Resource is the catalogue resource of the object, or nil.
func (s Shape) Resource() *catalog.Resource { return s.res }

// Key is the object's id key ("" = none).
func (s Shape) Key() string { return s.key }

// Field is the catalogue description of the member name, or nil.
func (s Shape) Field(name string) *catalog.Field {
	for _, f := range s.fields {
		if f.Name == name {
			return f
		}
	}
	if s.res != nil {
		if f, ok := s.res.Field(name); ok {
			return f
		}
	}
	return nil
}

// Child is the shape of the object the member name holds (or of each
// element when it holds an array of objects): the referenced resource's
// for a reference, keyed by the reference's refKey.
func (s Shape) Child(name string) Shape {
	f := s.Field(name)
	if f == nil {
		return Shape{cat: s.cat}
	}
	out := Shape{cat: s.cat, key: f.RefKey}
	if f.Ref != "" && s.cat != nil {
		if r, ok := s.cat.Resource(f.Ref); ok {
			out.res = r
			if out.key == "" {
				out.key = r.Key
			}
		}
	}
	return out
}

// ItemElement names one entry of the array member name in XML.
func (s Shape) ItemElement(name string) string { return wire.ItemElement(name, s.Field(name)) }

// OrderedKeys returns the keys of m in order: the id key, the catalogue's
// fields, then the others sorted, so output is stable and reads like the
// old server's.
func (s Shape) OrderedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	seen := make(map[string]bool, len(m))
	add := func(name string) {
		if _, ok := m[name]; ok && !seen[name] {
			seen[name] = true
			keys = append(keys, name)
		}
	}
	if s.key != "" {
		add(s.key)
	}
	for _, f := range s.fields {
		add(f.Name)
	}
	if s.res != nil {
		for _, f := range s.res.Fields {
			add(f.Name)
		}
	}
	if len(keys) == len(m) {
		return keys
	}
	rest := make([]string, 0, len(m)-len(keys))
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(keys, rest...)
}
