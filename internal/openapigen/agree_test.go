package openapigen_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/sdk/models"
)

// TestSDKModelsAgreeWithTheDocuments: the SDK's generated model of each
// resource and the documents' answer schema come from the same catalogue
// entries, and agree field by field: the model has a field for exactly
// the properties some version's document gives the resource, each of the
// Go type that holds the property's JSON type.
func TestSDKModelsAgreeWithTheDocuments(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	props := map[string]map[string]obj{} // resource → property → its schema (any version)
	for _, v := range cat.Versions {
		s := schemas(doc(t, cat, v))
		for _, r := range cat.Resources {
			sch, ok := s[r.Name].(obj)
			if !ok {
				continue
			}
			if props[r.Name] == nil {
				props[r.Name] = map[string]obj{}
			}
			for name, p := range sch["properties"].(obj) {
				props[r.Name][name] = p.(obj)
			}
		}
	}
	checked := 0
	for _, r := range cat.Resources {
		m, ok := models.New(r.Name)
		if !ok {
			t.Errorf("%s: no SDK model", r.Name)
			continue
		}
		fields := jsonFields(reflect.TypeOf(m).Elem())
		for name, p := range props[r.Name] {
			f, ok := fields[name]
			if !ok {
				t.Errorf("%s.%s: in the documents, not in the SDK model", r.Name, name)
				continue
			}
			checked++
			if why := agrees(p, f); why != "" {
				t.Errorf("%s.%s: the document's %v is held in a %s: %s", r.Name, name, p, f, why)
			}
		}
		for name := range fields {
			if _, ok := props[r.Name][name]; !ok {
				t.Errorf("%s.%s: in the SDK model, in no version's document", r.Name, name)
			}
		}
	}
	if checked < 500 {
		t.Errorf("only %d fields compared: the walk is broken", checked)
	}
}

// jsonFields maps a model's wire names to its fields' types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		out[name] = f.Type
	}
	return out
}

var (
	timestampType = reflect.TypeFor[sdk.Timestamp]()
	moneyType     = reflect.TypeFor[sdk.Money]()
	windowType    = reflect.TypeFor[sdk.Window]()
	mapType       = reflect.TypeFor[map[string]any]()
)

// agrees says why Go type g cannot hold the values schema p allows, or ""
// when it can.
func agrees(p obj, g reflect.Type) string {
	if one, ok := p["oneOf"].([]any); ok { // a nullable reference
		return agrees(one[0].(obj), g)
	}
	if ref, ok := p["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		switch {
		case name == "Money" && g == moneyType, name == "Window" && g == windowType:
			return ""
		case strings.HasSuffix(name, "Ref"):
			// The target's SDK reference type, or a map for targets
			// the SDK cannot load by id.
			if g == mapType || g.Kind() == reflect.Struct && g.Name() == catalog.GoName(strings.TrimSuffix(name, "Ref"))+"Ref" {
				return ""
			}
		}
		return "not the type of " + name
	}
	if g.Kind() == reflect.Pointer { // a nullable scalar
		g = g.Elem()
	}
	types := map[string]bool{}
	switch t := p["type"].(type) {
	case string:
		types[t] = true
	case []any:
		for _, x := range t {
			types[x.(string)] = true
		}
	}
	switch {
	case types["integer"]:
		return want(g.Kind() == reflect.Int64, "an integer wants int64")
	case types["number"]:
		return want(g.Kind() == reflect.Float64, "a number wants float64")
	case types["boolean"]:
		return want(g.Kind() == reflect.Bool, "a boolean wants bool")
	case types["string"] && p["pattern"] != nil:
		return want(g == timestampType, "a timestamp wants sdk.Timestamp")
	case types["string"]:
		return want(g.Kind() == reflect.String, "a string wants string")
	case types["array"]:
		if g.Kind() != reflect.Slice {
			return "an array wants a slice"
		}
		if items, ok := p["items"].(obj); ok && (items["type"] != nil || items["$ref"] != nil) {
			return agrees(items, g.Elem())
		}
		return ""
	case types["object"]:
		return want(g == mapType, "an object wants map[string]any")
	}
	return want(g.Kind() == reflect.Interface, "any value wants any")
}

func want(ok bool, why string) string {
	if ok {
		return ""
	}
	return why
}
