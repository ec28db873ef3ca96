package sdk

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"

	"sigs.k8s.io/yaml"
)

// Extra holds the members of a wire object that the model does not know.
// The API grew fields between versions and a client that dropped them broke
// round trips (read, edit, write back), so models keep and re-emit them.
type Extra map[string]json.RawMessage

// DecodeObject unmarshals the JSON object b into v, a pointer to a
// method-less copy of a model struct, and returns the members whose names are
// not JSON tags of v's fields (nil when there are none).
func DecodeObject(b []byte, v any) (Extra, error) {
	if err := json.Unmarshal(b, v); err != nil {
		return nil, err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, err
	}
	known := wireNames(reflect.TypeOf(v).Elem())
	var extra Extra
	for k, raw := range all {
		if !known[k] {
			if extra == nil {
				extra = Extra{}
			}
			extra[k] = raw
		}
	}
	return extra, nil
}

// EncodeObject marshals v (a method-less copy of a model struct) and appends
// the extra members in name order, skipping any the struct already wrote.
func EncodeObject(v any, extra Extra) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	known := wireNames(t)
	var buf bytes.Buffer
	buf.Write(b[:len(b)-1]) // drop the closing brace
	first := len(b) == 2    // "{}"
	for _, k := range slices.Sorted(mapKeys(extra)) {
		if known[k] {
			continue
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		name, _ := json.Marshal(k)
		buf.Write(name)
		buf.WriteByte(':')
		buf.Write(extra[k])
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func mapKeys[M ~map[string]V, V any](m M) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// wireNames is the set of JSON member names a struct type declares.
func wireNames(t reflect.Type) map[string]bool {
	names := make(map[string]bool, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		names[name] = true
	}
	return names
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
// fields carry over.
func YAML(v any) ([]byte, error) { return yaml.Marshal(v) }
