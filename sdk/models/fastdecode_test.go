package models_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/sdk/models"
)

// referenceDecode decodes b the way every model did before the one-pass
// decoders: encoding/json into a method-less copy of the struct, then
// sdk.DecodeObject's key scan for Extra and presence. It returns each
// field's JSON.
func referenceDecode(t *testing.T, name string, b []byte) (map[string]string, sdk.Extra, presenceBits, error) {
	t.Helper()
	m, _ := models.New(name)
	rt := reflect.TypeOf(m).Elem()
	var fs []reflect.StructField
	for i := range rt.NumField() {
		if f := rt.Field(i); f.Name != "Extra" && f.IsExported() {
			fs = append(fs, f)
		}
	}
	v := reflect.New(reflect.StructOf(fs))
	extra, seen, err := sdk.DecodeObject(b, v.Interface())
	return fieldJSON(t, v.Elem()), extra, bitsOf(reflect.ValueOf(seen)), err
}

// presenceBits is an sdk.Presence read through reflection (its words are
// unexported), comparable and printable.
type presenceBits []uint64

func bitsOf(v reflect.Value) presenceBits {
	var out presenceBits
	for i := range v.NumField() {
		for j := range v.Field(i).Len() {
			out = append(out, v.Field(i).Index(j).Uint())
		}
	}
	return out
}

// presenceOf reads a decoded model's presence.
func presenceOf(m sdk.Model) presenceBits {
	return bitsOf(reflect.ValueOf(m).Elem().FieldByName("presence"))
}

func fieldJSON(t *testing.T, v reflect.Value) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i := range v.NumField() {
		if f := v.Type().Field(i); f.Name == "Extra" || !f.IsExported() {
			continue
		}
		b, err := json.Marshal(v.Field(i).Interface())
		if err != nil {
			t.Fatal(err)
		}
		out[v.Type().Field(i).Name] = string(b)
	}
	return out
}

// checkSameDecode decodes b with the generated one-pass decoder and with
// the reference and wants identical fields, Extra, presence and error; and
// the decoded model written back as the reference encoding writes it.
func checkSameDecode(t *testing.T, name string, b []byte) {
	t.Helper()
	m, _ := models.New(name)
	errFast := m.(json.Unmarshaler).UnmarshalJSON(b)
	wantFields, wantExtra, wantSeen, errRef := referenceDecode(t, name, b)
	if !sameError(errFast, errRef) {
		t.Fatalf("%s %s: error %v, reference %v", name, b, errFast, errRef)
	}
	if errRef != nil {
		return
	}
	if got := fieldJSON(t, reflect.ValueOf(m).Elem()); !reflect.DeepEqual(got, wantFields) {
		for k, v := range wantFields {
			if got[k] != v {
				t.Errorf("%s %s: field %s = %s, reference %s", name, b, k, got[k], v)
			}
		}
	}
	gotExtra := reflect.ValueOf(m).Elem().FieldByName("Extra").Interface().(sdk.Extra)
	if !reflect.DeepEqual(gotExtra, wantExtra) {
		t.Errorf("%s %s: Extra %v, reference %v", name, b, gotExtra, wantExtra)
	}
	if got := presenceOf(m); !reflect.DeepEqual(got, wantSeen) {
		t.Errorf("%s %s: presence %x, reference %x", name, b, got, wantSeen)
	}
	checkSameEncode(t, m, b)
}

// sameError compares errors up to the name of the decoded struct type
// (the reference decodes into an unnamed copy of the model).
func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	var ta, tb *json.UnmarshalTypeError
	if errors.As(a, &ta) && errors.As(b, &tb) {
		return ta.Value == tb.Value && ta.Type.Kind() == tb.Type.Kind() && ta.Offset == tb.Offset && ta.Field == tb.Field
	}
	return a.Error() == b.Error()
}

// oddValues are member values that exercise every fallback: nulls, each
// JSON type against every field type, escapes, non-ASCII and invalid
// UTF-8, number forms, empty and mixed arrays, references as strings.
var oddValues = []string{
	`null`, `""`, `"x"`, `"a\u00e9\n\"q\"/"`, `"é ü"`, "\"\xff\xfe\"", `0`, `-0`, `7`, `-12`, `1.5`, `1e3`,
	`9223372036854775807`, `-9223372036854775808`, `9223372036854775808`, `true`, `false`, `[]`, `{}`,
	`["a","b"]`, `["a\"]b\\", "c" , "d"]`, `[ {"x":["]"]} , 2 ]`, `["a",null]`, `[1,2]`, `[{"a":1},null]`, `{"x":1}`, `"2015-06-29T10:11:12.345+0000"`,
	`"1436000000000"`, `1436000000000`, `{"currency":"USD","value":2}`, `"USD5.00"`,
}

func TestOnePassDecodeMatchesReference(t *testing.T) {
	t.Parallel()
	for _, r := range catalog.Load().Resources {
		t.Run(r.Name, func(t *testing.T) {
			t.Parallel()
			base := representative(r)
			whole, _ := json.Marshal(base)
			checkSameDecode(t, r.Name, whole)
			checkSameDecode(t, r.Name, []byte(" \n"+string(whole)+"\t"))
			for _, f := range r.Fields {
				for _, odd := range oddValues {
					obj := map[string]json.RawMessage{}
					for k, v := range base {
						obj[k], _ = json.Marshal(v)
					}
					obj[f.Name] = json.RawMessage(odd)
					b, _ := json.Marshal(obj)
					if !json.Valid([]byte(odd)) { // json.Marshal refuses invalid UTF-8: splice it in
						b = []byte(strings.Replace(string(whole), `{`, `{"`+f.Name+`":`+odd+`,`, 1))
					}
					checkSameDecode(t, r.Name, b)
				}
			}
		})
	}
}

func TestOnePassDecodeOddDocuments(t *testing.T) {
	t.Parallel()
	for _, doc := range []string{
		`{}`, `null`, `[]`, `"x"`, `{"serverId":1,"serverId":2}`, `{"name":"a","name":null}`,
		`{"name":"a"`, `{"name":"a"} x`, `{"name" "a"}`, `{"name":"a",}`, `{,}`, `{"na\u006de":"b"}`,
		`{"Name":"x"}`, `{"cloud":{"cloudId":"12"}}`, `{"cloud":{"cloudId":"+12"}}`, `{"cloud":{"cloudId":1.5}}`,
		`{"cloud":{"cloudId":true}}`, `{"cloud":{"cloudId":1,"name":"c"}}`, `{"cloud":{"cloudId":1,"cloudId":2}}`,
		`{"cloud":{"x":1,"x":2}}`, `{"cloud":{"cloud\u0049d":3}}`, `{"cloud":[]}`, `{"cloud":{}}`,
		`{"firewalls":[{"firewallId":1},null,{"firewallId":"3"}]}`, `{"firewalls":{}}`, `{"n":01}`, `{"n":1.}`,
		`{"n":-}`, `{"n":"\x"}`, `{"n":"\u12"}`, "{\"n\":\"a\tb\"}", `{"n":[1,]}`, `{"n":tru}`,
		`{"startDate":"bad"}`, `{"startDate":12}`, `{"startDate":""}`, `{"startDate":"  1436000000000 "}`,
	} {
		for _, name := range []string{"Server", "Cloud", "Budget"} {
			checkSameDecode(t, name, []byte(doc))
		}
	}
}

// FuzzOnePassDecode: whatever the bytes, the generated decoder agrees with
// the reference (go test -fuzz FuzzOnePassDecode ./sdk/models/).
func FuzzOnePassDecode(f *testing.F) {
	for _, r := range []string{"Server", "Cloud"} {
		res, _ := catalog.Load().Resource(r)
		b, _ := json.Marshal(representative(res))
		f.Add(r == "Server", b)
	}
	f.Add(true, []byte(`{"cloud":{"cloudId":"7","x":[1,{"y":null}]},"Name":"é","name":"\u00e9"}`))
	f.Fuzz(func(t *testing.T, server bool, b []byte) {
		name := "Cloud"
		if server {
			name = "Server"
		}
		checkSameDecode(t, name, b)
	})
}
