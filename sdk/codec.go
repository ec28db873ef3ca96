package sdk

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"

	"github.com/mixcoatl/mixcoatl/internal/jsontree"
)

// Extra holds the members of a wire object that the model does not know.
// The API grew fields between versions and a client that dropped them broke
// round trips (read, edit, write back), so models keep and re-emit them.
type Extra map[string]json.RawMessage

// DecodeObject unmarshals the JSON object b into v, a pointer to a
// method-less copy of a model struct, and returns the members whose names are
// not JSON tags of v's fields (nil when there are none) and which fields the
// object had (by struct field index; a member fills a field as encoding/json
// matches it: by its exact name, else up to case).
func DecodeObject(b []byte, v any) (Extra, Presence, error) {
	var seen Presence
	if err := json.Unmarshal(b, v); err != nil {
		return nil, seen, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, seen, err
	}
	t := reflect.TypeOf(v).Elem()
	known := wireNames(t)
	var extra Extra
	for k, raw := range all {
		if i, ok := known[k]; ok {
			seen.Mark(i, isNullJSON(raw))
			continue
		}
		if extra == nil {
			extra = Extra{}
		}
		extra[k] = raw
		if i := foldedField(t, k); i >= 0 {
			// Member names differing only in case map in random order:
			// null wins, so that the result does not depend on it.
			seen.Mark(i, isNullJSON(raw) || seen.Null(i))
		}
	}
	return extra, seen, nil
}

func isNullJSON(raw []byte) bool { return string(bytes.TrimSpace(raw)) == "null" }

// foldedField is the index of the first field whose wire name equals name
// up to case, as encoding/json matches it, or -1.
func foldedField(t reflect.Type, name string) int {
	for i := range t.NumField() {
		if n, ok := wireName(t.Field(i)); ok && strings.EqualFold(n, name) {
			return i
		}
	}
	return -1
}

// wireNames maps the JSON member names a struct type declares to the
// fields' indexes.
func wireNames(t reflect.Type) map[string]int {
	names := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		if name, ok := wireName(t.Field(i)); ok {
			names[name] = i
		}
	}
	return names
}

// wireName is the JSON member name of a struct field, false when
// encoding/json ignores the field.
func wireName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	if tag == "-" || !f.IsExported() {
		return "", false
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, true
}

// Pretty renders v (a model, a slice of models, anything JSON-encodable) as
// indented JSON with the wire names, the most faithful readable form.
func Pretty(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "<" + err.Error() + ">"
	}
	return string(b)
}

// YAML renders v as YAML through its JSON form, so wire names and unknown
// fields carry over, in the JSON form's member order (jsontree.AppendYAML).
func YAML(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsontree.YAML(b)
}
