package models_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/sdk"
)

// referenceEncode is what a model's MarshalJSON must write, built with
// encoding/json and reflection: each field in the model's order when it is
// not zero (omitzero's rule: IsZero when the type has it, else the Go zero
// value) or its member was decoded, then as null if that member was null
// and the field is still zero, else as encoding/json writes the value;
// then the unknown members not named like a field, in name order.
func referenceEncode(t *testing.T, m sdk.Model) []byte {
	t.Helper()
	v := reflect.ValueOf(m).Elem()
	seen := presenceOf(m)
	words := len(seen) / 2 // presence words, then null words
	bit := func(word, i int) bool { return seen[word+i/64]&(1<<(i%64)) != 0 }
	var b bytes.Buffer
	b.WriteByte('{')
	member := func(name string, raw []byte) {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(name)
		b.Write(key)
		b.WriteByte(':')
		b.Write(raw)
	}
	fields := map[string]bool{}
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || f.Name == "Extra" {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		fields[name] = true
		zero := isZeroField(v.Field(i))
		if zero && !bit(0, i) {
			continue
		}
		if zero && bit(words, i) {
			member(name, []byte("null"))
			continue
		}
		raw, err := json.Marshal(v.Field(i).Interface())
		if err != nil {
			t.Fatalf("field %s: %v", f.Name, err)
		}
		member(name, raw)
	}
	extra := v.FieldByName("Extra").Interface().(sdk.Extra)
	for _, k := range slices.Sorted(maps.Keys(extra)) {
		if !fields[k] {
			member(k, extra[k])
		}
	}
	b.WriteByte('}')
	return b.Bytes()
}

func isZeroField(v reflect.Value) bool {
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
		return z.IsZero()
	}
	return v.IsZero()
}

// checkSameEncode wants the generated encoder to write m byte for byte as
// referenceEncode does.
func checkSameEncode(t *testing.T, m sdk.Model, input []byte) {
	t.Helper()
	got, err := m.(json.Marshaler).MarshalJSON()
	if err != nil {
		t.Fatalf("%s: encode: %v", input, err)
	}
	if want := referenceEncode(t, m); !bytes.Equal(got, want) {
		t.Errorf("%s: encoded\n%s\nreference\n%s", input, got, want)
	}
}
