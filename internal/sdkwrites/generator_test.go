package sdkwrites_test

import (
	"fmt"
	"strconv"
	"strings"
)

// generator makes a valid JSON value from a document's schema, noting
// each place in it where a schema applies (a site) for the mutations.
type generator struct {
	comps   map[string]any // the document's component schemas
	minimal bool           // only required members
	sites   []site
}

// site is a value of the generated body and the schema it keeps.
type site struct {
	path []string       // where in the body (property names, list indexes)
	s    map[string]any // the schema, references followed
	loc  string         // where the schema is in the document
	v    any            // the valid value there
}

// maxDepth bounds the nesting of optional members (records refer to
// records).
const maxDepth = 6

// patternExamples are values for the patterns the documents use; a new
// pattern fails the test until it has one.
func patternExample(pattern string) (string, bool) {
	switch pattern {
	case `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}\+0000$`:
		return "2014-07-30T09:00:00.000+0000", true
	case `^[A-Z]{3}$`:
		return "USD", true
	}
	return "", false
}

func (g *generator) resolve(s map[string]any, loc string) (map[string]any, string) {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s, loc
		}
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		s, loc = g.comps[name].(map[string]any), ref
	}
}

// value makes a valid value of schema s (at loc) for the body place path.
func (g *generator) value(s map[string]any, loc string, path []string, depth int) any {
	s, loc = g.resolve(s, loc)
	v := g.make(s, loc, path, depth)
	g.sites = append(g.sites, site{path: path, s: s, loc: loc, v: v})
	return v
}

func (g *generator) make(s map[string]any, loc string, path []string, depth int) any {
	if enum, ok := s["enum"].([]any); ok {
		return enum[0]
	}
	if branches, ok := s["oneOf"].([]any); ok {
		for i, b := range branches {
			if b.(map[string]any)["type"] != "null" {
				return g.value(b.(map[string]any), fmt.Sprintf("%s/oneOf/%d", loc, i), path, depth)
			}
		}
		return nil
	}
	if ex, ok := s["examples"].([]any); ok {
		return ex[0]
	}
	switch firstType(s) {
	case "null":
		return nil
	case "object":
		out := map[string]any{}
		props, _ := s["properties"].(map[string]any)
		required := names(s["required"])
		for _, name := range sortedKeys(props) {
			ps := props[name].(map[string]any)
			if _, forbidden := ps["not"]; forbidden || (g.minimal || depth >= maxDepth) && !required[name] {
				continue
			}
			out[name] = g.value(ps, loc+"/properties/"+name, append(append([]string{}, path...), name), depth+1)
		}
		return out
	case "array":
		n := 1
		if min, ok := s["minItems"].(float64); ok && int(min) > n {
			n = int(min)
		}
		items, _ := s["items"].(map[string]any)
		out := make([]any, n)
		for i := range out {
			out[i] = g.value(items, loc+"/items", append(append([]string{}, path...), strconv.Itoa(i)), depth+1)
		}
		return out
	case "string":
		if p, ok := s["pattern"].(string); ok {
			ex, _ := patternExample(p)
			return ex
		}
		return "text"
	case "integer":
		if min, ok := s["minimum"].(float64); ok {
			return min
		}
		return 7
	case "number":
		return 1.5
	case "boolean":
		return true
	}
	return "any"
}

// firstType is the first type the schema allows other than null ("" for
// no type keyword).
func firstType(s map[string]any) string {
	switch t := s["type"].(type) {
	case string:
		return t
	case []any:
		for _, n := range t {
			if n != "null" {
				return n.(string)
			}
		}
		return "null"
	}
	if _, ok := s["properties"]; ok {
		return "object"
	}
	return ""
}

func names(v any) map[string]bool {
	out := map[string]bool{}
	list, _ := v.([]any)
	for _, n := range list {
		out[n.(string)] = true
	}
	return out
}

// mutation is one way to break the value at a site, or with valid set a
// change that keeps it valid.
type mutation struct {
	kind  string
	apply func(any) any
	valid bool
}

// nullable reports whether a schema allows null besides another type.
func nullable(s map[string]any) bool {
	if t, ok := s["type"].([]any); ok && len(t) > 1 {
		for _, n := range t {
			if n == "null" {
				return true
			}
		}
	}
	branches, _ := s["oneOf"].([]any)
	for _, b := range branches {
		if b.(map[string]any)["type"] == "null" {
			return true
		}
	}
	return false
}

// mutations are the ways the site's schema allows its value to be broken.
func (g *generator) mutations(st site) []mutation {
	s := st.s
	var out []mutation
	_, isObj := st.v.(map[string]any)
	if isObj {
		for name := range names(s["required"]) {
			out = append(out, mutation{kind: "drop required " + name, apply: func(v any) any {
				m := clone(v.(map[string]any))
				delete(m, name)
				return m
			}})
		}
		if s["additionalProperties"] == false {
			out = append(out, mutation{kind: "extra property", apply: func(v any) any {
				m := clone(v.(map[string]any))
				m["zzNotInTheDocument"] = 1
				return m
			}})
		}
		props, _ := s["properties"].(map[string]any)
		for name, p := range props {
			if _, forbidden := p.(map[string]any)["not"]; forbidden {
				out = append(out, mutation{kind: "forbidden member " + name, apply: func(v any) any {
					m := clone(v.(map[string]any))
					m[name] = "x"
					return m
				}})
			}
		}
	}
	if nullable(s) && st.v != nil {
		out = append(out, mutation{kind: "null where allowed", valid: true, apply: func(any) any { return nil }})
	}
	if t := wrongType(s); t != nil {
		out = append(out, mutation{kind: "wrong type", apply: func(any) any { return t }})
	}
	if _, ok := s["enum"]; ok {
		out = append(out, mutation{kind: "outside enum", apply: func(any) any { return "NOT_IN_THE_ENUM" }})
	}
	if _, ok := s["pattern"]; ok {
		out = append(out, mutation{kind: "against pattern", apply: func(any) any { return "does not match" }})
	}
	if min, ok := s["minimum"].(float64); ok {
		out = append(out, mutation{kind: "below minimum", apply: func(any) any { return min - 1 }})
	}
	if max, ok := s["maximum"].(float64); ok {
		out = append(out, mutation{kind: "above maximum", apply: func(any) any { return max + 1 }})
	}
	if min, ok := s["minItems"].(float64); ok && min > 0 {
		out = append(out, mutation{kind: "too few items", apply: func(v any) any { return v.([]any)[:int(min)-1] }})
	}
	if branches, ok := s["oneOf"].([]any); ok {
		out = append(out, g.oneOf(st, branches)...)
	}
	return out
}

// oneOf breaks a oneOf value: to fit no form (an object of none of the
// forms' members, or a value of no form's type) or two forms (the members
// of two object forms at once).
func (g *generator) oneOf(st site, branches []any) []mutation {
	out := []mutation{{kind: "oneOf fitting none", apply: func(any) any { return []any{"no form is this"} }}}
	var objects []map[string]any
	for i, b := range branches {
		bs, loc := g.resolve(b.(map[string]any), fmt.Sprintf("%s/oneOf/%d", st.loc, i))
		if firstType(bs) == "object" {
			sub := &generator{comps: g.comps}
			objects = append(objects, sub.make(bs, loc, st.path, maxDepth).(map[string]any))
		}
	}
	if len(objects) >= 2 {
		both := clone(objects[0])
		for k, v := range objects[1] {
			both[k] = v
		}
		out = append(out,
			mutation{kind: "oneOf fitting two", apply: func(any) any { return both }},
			mutation{kind: "oneOf object fitting none", apply: func(any) any { return map[string]any{"zzNoForm": 1} }})
	}
	return out
}

// wrongType is a value of a type the schema does not allow (nil when it
// allows every type).
func wrongType(s map[string]any) any {
	allowed := map[string]bool{}
	switch t := s["type"].(type) {
	case string:
		allowed[t] = true
	case []any:
		for _, n := range t {
			allowed[n.(string)] = true
		}
	default:
		return nil
	}
	if allowed["number"] {
		allowed["integer"] = true
	}
	for _, c := range []struct {
		t string
		v any
	}{{"string", "a string"}, {"integer", 12}, {"boolean", false}, {"object", map[string]any{}}, {"array", []any{}}, {"null", nil}} {
		if !allowed[c.t] {
			return c.v
		}
	}
	return nil
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// setAt returns v with the value at path replaced by f of it, copying
// what lies on the path and sharing the rest.
func setAt(v any, path []string, f func(any) any) any {
	if len(path) == 0 {
		return f(v)
	}
	switch x := v.(type) {
	case map[string]any:
		m := clone(x)
		m[path[0]] = setAt(x[path[0]], path[1:], f)
		return m
	case []any:
		i, _ := strconv.Atoi(path[0])
		l := append([]any{}, x...)
		l[i] = setAt(x[i], path[1:], f)
		return l
	}
	panic(fmt.Sprintf("no value at %v", path))
}
