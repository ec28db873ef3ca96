package emulator

import (
	"sort"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

// shape is what the codecs know about an object while walking a value: the
// catalogue resource it represents (for key order, element names and scalar
// types) and, for references to things outside the catalogue, the id key.
// The zero shape means "unknown object": keys sorted, types inferred.
type shape struct {
	cat    *catalog.Catalog
	res    *catalog.Resource // nil when the object is not a catalogue resource
	key    string            // id key rendered as an XML attribute ("" = none)
	fields []*catalog.Field  // consulted before res.Fields (payload fields of an op)
}

func resourceShape(cat *catalog.Catalog, res *catalog.Resource) shape {
	s := shape{cat: cat, res: res}
	if res != nil {
		s.key = res.Key
	}
	return s
}

// field finds the catalogue description of a member of this object.
func (s shape) field(name string) *catalog.Field {
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

// child is the shape of the object held by member name (or of each element
// when the member is an array of objects).
func (s shape) child(name string) shape {
	f := s.field(name)
	if f == nil {
		return shape{cat: s.cat}
	}
	out := shape{cat: s.cat, key: f.RefKey}
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

// orderedKeys returns the keys of m in catalogue field order, then the
// unknown ones sorted, so output is stable and reads like the old server's.
func (s shape) orderedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	seen := make(map[string]bool, len(m))
	add := func(fs []*catalog.Field) {
		for _, f := range fs {
			if _, ok := m[f.Name]; ok && !seen[f.Name] {
				seen[f.Name] = true
				keys = append(keys, f.Name)
			}
		}
	}
	if s.key != "" {
		if _, ok := m[s.key]; ok {
			seen[s.key] = true
			keys = append(keys, s.key)
		}
	}
	add(s.fields)
	if s.res != nil {
		add(s.res.Fields)
	}
	rest := make([]string, 0, len(m)-len(keys))
	for k := range m {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	return append(keys, rest...)
}

// elementName is the XML element name of one entry of the array member name.
func (s shape) elementName(name string) string {
	return wire.ItemElement(name, s.field(name))
}
