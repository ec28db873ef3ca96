package models_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/sdk/models"
)

// sample is a representative wire value for a field, by type.
func sample(f *catalog.Field, i int) any {
	switch f.Type {
	case catalog.TypeInt:
		return json.Number(jsonInt(100 + i))
	case catalog.TypeNumber:
		return json.Number("1.5")
	case catalog.TypeBool:
		return true
	case catalog.TypeTimestamp:
		return "2015-06-29T10:11:12.345+0000"
	case catalog.TypeMoney:
		return map[string]any{"currency": "USD", "value": json.Number("12.5")}
	case catalog.TypeWindow:
		return map[string]any{"daysOfWeek": []any{"MONDAY", "FRIDAY"}, "startHour": json.Number("1"),
			"startMinute": json.Number("30"), "endHour": json.Number("2"), "endMinute": json.Number("45")}
	case catalog.TypeRef:
		return map[string]any{f.RefKey: json.Number(jsonInt(7 + i))}
	case catalog.TypeRefs:
		return []any{map[string]any{f.RefKey: json.Number("7")}, map[string]any{f.RefKey: json.Number("8")}}
	case catalog.TypeEnum:
		return f.Values[0]
	case catalog.TypeStrings:
		return []any{"10.0.0.1", "10.0.0.2"}
	case catalog.TypeArray:
		return []any{map[string]any{"code": "a-1"}}
	case catalog.TypeObject:
		return map[string]any{"code": "b-2"}
	}
	return "value of " + f.Name
}

func jsonInt(n int) string { b, _ := json.Marshal(n); return string(b) }

// representative builds a wire object with every catalogue field and one
// member no version of the SDK knows.
func representative(r *catalog.Resource) map[string]any {
	obj := map[string]any{"futureField": map[string]any{"nested": "kept"}}
	for i, f := range r.Fields {
		obj[f.Name] = sample(f, i)
	}
	return obj
}

func normalise(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%v in %s", err, b)
	}
	return v
}

func decodeOne(t *testing.T, r *catalog.Resource, resp *dcm.Response) sdk.Model {
	t.Helper()
	items, err := sdk.DecodeItems(r, resp)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("%d items, want 1", len(items))
	}
	m, ok := models.New(r.Name)
	if !ok {
		t.Fatalf("no model for %s", r.Name)
	}
	if err := json.Unmarshal(items[0], m); err != nil {
		t.Fatalf("decode %s: %v\n%s", r.Name, err, items[0])
	}
	return m
}

func extraOf(m sdk.Model) sdk.Extra {
	return reflect.ValueOf(m).Elem().FieldByName("Extra").Interface().(sdk.Extra)
}

// TestEveryModelDecodesJSONAndXMLAndRoundTrips decodes a representative
// answer of every resource in both formats, checks that every catalogue
// field landed in a typed field (only the unknown member is in Extra), and
// that encoding gives back the same wire object.
func TestEveryModelDecodesJSONAndXMLAndRoundTrips(t *testing.T) {
	t.Parallel()
	for _, r := range catalog.Load().Resources {
		t.Run(r.Name, func(t *testing.T) {
			t.Parallel()
			obj := representative(r)
			var body []byte
			var err error
			if r.Flat {
				body, err = json.Marshal(obj)
			} else {
				body, err = json.Marshal(map[string]any{r.Collection: []any{obj}})
			}
			if err != nil {
				t.Fatal(err)
			}
			jsonHeader := http.Header{"Content-Type": {"application/json;charset=UTF-8"}}
			m := decodeOne(t, r, &dcm.Response{StatusCode: 200, Body: body, Header: jsonHeader})
			if extra := extraOf(m); len(extra) != 1 || extra["futureField"] == nil {
				t.Errorf("Extra = %v, want only futureField (a catalogue field was not decoded)", extra)
			}
			want := normalise(t, mustJSON(t, obj))
			if diff := cmp.Diff(want, normalise(t, mustJSON(t, m))); diff != "" {
				t.Errorf("JSON round trip (-want +got):\n%s", diff)
			}

			x, err := xml.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if !r.Flat {
				x = append(append([]byte("<"+r.Collection+">"), x...), []byte("</"+r.Collection+">")...)
			}
			xmlHeader := http.Header{"Content-Type": {"application/xml"}}
			fromXML := decodeOne(t, r, &dcm.Response{StatusCode: 200, Body: x, Header: xmlHeader})
			if diff := cmp.Diff(want, normalise(t, mustJSON(t, fromXML))); diff != "" {
				t.Errorf("XML round trip (-want +got):\n%s\nXML: %s", diff, x)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
