package openapigen

import (
	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
)

// Detail levels a resource schema describes.
const (
	basic    = "basic"
	extended = "extended"
)

// Schema names of a resource: the answer at basic and at extended detail,
// and a reference to it.
func basicName(r *catalog.Resource) string    { return r.Name }
func extendedName(r *catalog.Resource) string { return r.Name + "Extended" }
func refName(r *catalog.Resource) string      { return r.Name + "Ref" }

// timestampPattern is the one wire form of a timestamp (wire.TimestampLayout
// in UTC, as servers write it): not RFC 3339, whose offset has a colon.
const timestampPattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}\+0000$`

// resourceSchemas adds the resource's answer schemas at version v.
func (g *gen) resourceSchemas(r *catalog.Resource) {
	for _, d := range []string{basic, extended} {
		props := obj{}
		for _, f := range r.Fields {
			if !f.In(g.v) {
				continue
			}
			s := g.fieldSchema(f, d)
			if f.Name == r.Key {
				s["xml"] = obj{"attribute": true}
			}
			props[f.Name] = s
		}
		s := obj{"type": "object", "properties": props, "additionalProperties": false,
			"xml": obj{"name": wire.ResourceElement(r)}}
		desc := r.Path + " at " + d + " detail"
		if d == extended {
			desc += " (references hold the referenced record's basic form, or only its id when it is gone); " +
				"it also describes answers at basic and none detail"
		} else {
			desc += " (references hold only the referenced record's id)"
		}
		desc += "."
		if r.Notes != "" {
			desc += " " + r.Notes
		}
		s["description"] = desc
		if _, ok := r.Field(r.Key); ok && r.Key != "" {
			s["required"] = []any{r.Key}
		}
		name := basicName(r)
		if d == extended {
			name = extendedName(r)
		}
		g.schemas[name] = s
	}
	if r.Key != "" {
		g.schemas[refName(r)] = obj{"type": "object",
			"description": "A reference to a " + r.Path + ": its id only.",
			"properties":  obj{r.Key: obj{"type": jsonType(r.KeyType), "xml": obj{"attribute": true}}},
			"required":    []any{r.Key}, "additionalProperties": false,
			"xml": obj{"name": wire.ResourceElement(r)}}
	}
}

// jsonType is the JSON Schema type of a key or parameter type.
func jsonType(t catalog.Type) string {
	switch t {
	case catalog.TypeInt:
		return "integer"
	case catalog.TypeNumber:
		return "number"
	case catalog.TypeBool:
		return "boolean"
	}
	return "string"
}

// fieldSchema is the schema of a field at a detail level (basic or
// extended; payloads use basic: a reference is sent as its id).
func (g *gen) fieldSchema(f *catalog.Field, detail string) obj {
	s := g.typeSchema(f, detail)
	if f.Doc != "" {
		s["description"] = f.Doc
	}
	if f.Example != "" {
		s["examples"] = []any{typed(f.Type, f.Example)}
	}
	if f.Secret {
		s["description"] = joinDoc(f.Doc, "A secret: servers never answer it on reads.")
	}
	if f.Nullable {
		s = nullable(s)
	}
	return s
}

func joinDoc(a, b string) string {
	if a == "" {
		return b
	}
	return a + " " + b
}

func (g *gen) typeSchema(f *catalog.Field, detail string) obj {
	switch f.Type {
	case catalog.TypeInt, catalog.TypeNumber, catalog.TypeString, catalog.TypeBool:
		return obj{"type": jsonType(f.Type)}
	case catalog.TypeTimestamp:
		return obj{"type": "string", "pattern": timestampPattern}
	case catalog.TypeMoney:
		return obj{"$ref": "#/components/schemas/Money"}
	case catalog.TypeWindow:
		return obj{"$ref": "#/components/schemas/Window"}
	case catalog.TypeRef:
		return g.refSchema(f, detail)
	case catalog.TypeRefs:
		item := g.refSchema(f, detail)
		if _, isRef := item["$ref"]; !isRef {
			item["xml"] = obj{"name": wire.ItemElement(f.Name, f)}
		}
		return obj{"type": "array", "items": item, "xml": obj{"wrapped": true}}
	case catalog.TypeEnum:
		s := obj{"type": "string"}
		if !f.Open && len(f.Values) > 0 {
			values := make([]any, len(f.Values))
			for i, x := range f.Values {
				values[i] = x
			}
			s["enum"] = values
		}
		return s
	case catalog.TypeStrings:
		return obj{"type": "array", "items": obj{"type": "string", "xml": obj{"name": wire.ItemElement(f.Name, f)}},
			"xml": obj{"wrapped": true}}
	case catalog.TypeArray:
		return obj{"type": "array", "items": obj{"xml": obj{"name": wire.ItemElement(f.Name, f)}}, "xml": obj{"wrapped": true}}
	case catalog.TypeObject:
		return obj{"type": "object"}
	}
	return obj{}
}

// refSchema is one reference: the target's Ref at basic detail, its basic
// answer at extended detail (which a bare reference also satisfies); an
// inline {refKey: id} when the target is not a catalogue resource.
func (g *gen) refSchema(f *catalog.Field, detail string) obj {
	target, ok := g.cat.Resource(f.Ref)
	if !ok || target.Key == "" {
		return obj{"type": "object", "properties": obj{f.RefKey: obj{"type": []any{"integer", "string"}, "xml": obj{"attribute": true}}},
			"required": []any{f.RefKey}}
	}
	if detail == extended {
		return ref("schemas", basicName(target))
	}
	return ref("schemas", refName(target))
}

// nullable lets s also be null: a type list gains "null", an enum null,
// and a reference becomes oneOf the reference and null.
func nullable(s obj) obj {
	if _, isRef := s["$ref"]; isRef {
		return obj{"oneOf": []any{s, obj{"type": "null"}}}
	}
	t, ok := s["type"].(string)
	if !ok {
		return s
	}
	s["type"] = []any{t, "null"}
	if e, ok := s["enum"].([]any); ok {
		s["enum"] = append(e, nil)
	}
	return s
}
