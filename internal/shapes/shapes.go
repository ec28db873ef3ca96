// Package shapes holds the shape fixtures: for each answer of the API that
// a public source recorded (mixcoatl's tests/data, listed in the
// catalogue's Resource.Recordings), a document with the same keys, nesting
// and JSON types and values of our own. Tests compare the emulator's
// answers with them (every recorded key must be answered, with its type)
// and decode them with the SDK's models.
//
// Fixtures are named <Resource>.<details>.<version>.json and hold the
// answer as the API sends it: {"<collection>": [items]}. Members the
// catalogue marks secret are left out: servers never answer them on reads
// (an ApiKey's secretKey is only in the answer that creates the key).
package shapes

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
)

//go:embed recorded/*.json
var files embed.FS

// Fixture is one recorded answer's shape.
type Fixture struct {
	Resource string // catalogue name, "Server"
	Details  string // "basic" or "extended"
	Version  string // API version of the recording
	Body     []byte // the answer document
}

// Name is the fixture's file name without extension.
func (f Fixture) Name() string { return f.Resource + "." + f.Details + "." + f.Version }

// All returns every fixture, sorted by name.
func All() ([]Fixture, error) {
	names, err := fs.Glob(files, "recorded/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]Fixture, 0, len(names))
	for _, n := range names {
		parts := strings.Split(strings.TrimSuffix(path.Base(n), ".json"), ".")
		if len(parts) != 3 {
			return nil, fmt.Errorf("shapes: %s: want <Resource>.<details>.<version>.json", n)
		}
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, Fixture{Resource: parts[0], Details: parts[1], Version: parts[2], Body: b})
	}
	return out, nil
}

// Index returns every fixture by name (see Named).
func Index() (map[string]Fixture, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	out := make(map[string]Fixture, len(all))
	for _, f := range all {
		out[f.Name()] = f
	}
	return out, nil
}

// Named is the name of the fixture of a resource's recording.
func Named(resource string, rec catalog.Recording) string {
	return resource + "." + rec.Details + "." + rec.Version
}

// Items decodes the fixture's items from the envelope key collection.
func (f Fixture) Items(collection string) ([]any, error) {
	doc, err := Decode(f.Body)
	if err != nil {
		return nil, fmt.Errorf("shapes: %s: %w", f.Name(), err)
	}
	m, ok := doc.(map[string]any)
	if !ok || len(m) != 1 {
		return nil, fmt.Errorf("shapes: %s: want one envelope key", f.Name())
	}
	items, ok := m[collection].([]any)
	if !ok {
		return nil, fmt.Errorf("shapes: %s: no list under %q", f.Name(), collection)
	}
	return items, nil
}

// Decode parses JSON keeping numbers as json.Number, so integers and
// fractions stay apart.
func Decode(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// Shape is the union of the members of some JSON objects: for each key
// the JSON types its values had and, for objects and lists of objects, the
// shape of those.
type Shape struct {
	Types map[string]map[string]bool // key → "null", "bool", "int", "number", "string", "object", "array"
	Elems map[string]map[string]bool // key → types of a list's elements
	Sub   map[string]*Shape          // key → shape of its objects (or its list's objects)
}

// Of is the shape of the objects among values (others are ignored).
func Of(values ...any) *Shape {
	s := &Shape{Types: map[string]map[string]bool{}, Elems: map[string]map[string]bool{}, Sub: map[string]*Shape{}}
	for _, v := range values {
		if m, ok := v.(map[string]any); ok {
			s.add(m)
		}
	}
	return s
}

func (s *Shape) add(m map[string]any) {
	for k, v := range m {
		if s.Types[k] == nil {
			s.Types[k] = map[string]bool{}
		}
		s.Types[k][TypeOf(v)] = true
		var objs []any
		switch t := v.(type) {
		case map[string]any:
			objs = []any{t}
		case []any:
			if s.Elems[k] == nil {
				s.Elems[k] = map[string]bool{}
			}
			for _, e := range t {
				s.Elems[k][TypeOf(e)] = true
				objs = append(objs, e)
			}
		}
		if len(objs) > 0 {
			if s.Sub[k] == nil {
				s.Sub[k] = Of()
			}
			for _, o := range objs {
				if om, ok := o.(map[string]any); ok {
					s.Sub[k].add(om)
				}
			}
		}
	}
}

// TypeOf names a decoded JSON value's type; a json.Number or float64
// without a fraction or exponent is "int".
func TypeOf(v any) string {
	switch t := v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case json.Number:
		if strings.ContainsAny(string(t), ".eE") {
			return "number"
		}
		return "int"
	case float64:
		if t == float64(int64(t)) {
			return "int"
		}
		return "number"
	case int, int64:
		return "int"
	case string:
		return "string"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	}
	return fmt.Sprintf("%T", v)
}

// Missing lists, by dotted path, what want has that got lacks: a key
// whose recorded values were not all null but that got never answers with
// a value, or answers with a type the recording does not have (an integer
// is a number; null is "no data" and always allowed).
func Missing(want, got *Shape) []string {
	var out []string
	missing(want, got, "", &out)
	sort.Strings(out)
	return out
}

func missing(want, got *Shape, prefix string, out *[]string) {
	for k, types := range want.Types {
		p := prefix + k
		if nonNull(types) == 0 {
			continue // only null was recorded: there was no data to compare
		}
		gt := got.Types[k]
		if nonNull(gt) == 0 {
			*out = append(*out, p+": missing")
			continue
		}
		if bad := foreign(types, gt); bad != "" {
			*out = append(*out, fmt.Sprintf("%s: answered as %s, recorded as %s", p, bad, list(types)))
			continue
		}
		if we := want.Elems[k]; len(we) > 0 {
			ge := got.Elems[k]
			if len(ge) == 0 {
				*out = append(*out, p+"[]: always empty")
				continue
			}
			if bad := foreign(we, ge); bad != "" {
				*out = append(*out, fmt.Sprintf("%s[]: elements answered as %s, recorded as %s", p, bad, list(we)))
				continue
			}
		}
		if ws := want.Sub[k]; ws != nil {
			gs := got.Sub[k]
			if gs == nil {
				gs = Of()
			}
			missing(ws, gs, p+".", out)
		}
	}
}

func nonNull(types map[string]bool) int {
	n := 0
	for t := range types {
		if t != "null" {
			n++
		}
	}
	return n
}

// foreign is a type in got that want does not allow ("" when none).
func foreign(want, got map[string]bool) string {
	for t := range got {
		switch {
		case t == "null" || want[t]:
		case t == "int" && want["number"]:
		default:
			return t
		}
	}
	return ""
}

func list(types map[string]bool) string {
	var s []string
	for t := range types {
		s = append(s, t)
	}
	sort.Strings(s)
	return strings.Join(s, "|")
}
