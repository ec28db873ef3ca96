package models_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/sdk/models"
)

// seededItems returns the seed's objects of a resource (shared and the
// first customer's), decoded generically.
func seededItems(t *testing.T, s *seed.Seed, name string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, raw := range append(append([]json.RawMessage(nil), s.Global[name]...), s.Customers[0].Resources[name]...) {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// filterFrom takes the value of a required filter from a seeded item: the
// member itself ("engine") or the id inside the reference it names
// ("regionId" from "region": {"regionId": …}).
func filterFrom(item map[string]any, name string) (string, bool) {
	if v, ok := item[name]; ok {
		return scalar(v), true
	}
	if ref, ok := item[strings.TrimSuffix(name, "Id")].(map[string]any); ok {
		if v, ok := ref[name]; ok {
			return scalar(v), true
		}
	}
	return "", false
}

// idOfParent finds a filter value such as cmAccountId as the id of the
// first seeded resource keyed by it.
func idOfParent(t *testing.T, s *seed.Seed, name string) (string, bool) {
	for _, r := range catalog.Load().Resources {
		if r.Key == name {
			if items := seededItems(t, s, r.Name); len(items) > 0 {
				return scalar(items[0][name]), true
			}
		}
	}
	return "", false
}

func scalar(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return reflect.ValueOf(v).String()
}

func keyOf(t *testing.T, m any, key string) string {
	t.Helper()
	var obj map[string]any
	if err := json.Unmarshal(mustJSON(t, m), &obj); err != nil {
		t.Fatal(err)
	}
	return scalar(obj[key])
}

// TestEveryResourceReadsFromTheEmulator lists (with the required filters)
// and gets every resource of the default seed through the typed SDK, in
// JSON and in XML, and checks both formats decode to the same models with
// nothing left unknown.
func TestEveryResourceReadsFromTheEmulator(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	c := emu.Client(dcm.WithDetails(dcm.DetailsBasic))
	sd := seed.Default()
	for _, r := range catalog.Load().Resources {
		t.Run(r.Name, func(t *testing.T) {
			t.Parallel()
			items := seededItems(t, sd, r.Name)
			if len(items) == 0 {
				t.Skip("nothing seeded")
			}
			switch {
			case r.Flat:
				m, err := models.Get(t.Context(), c, r.Name, "", nil)
				if err != nil {
					t.Fatal(err)
				}
				checkKnown(t, m)
			case r.KeyInPath:
				id := keyOf(t, items[0], r.Key)
				m, err := models.Get(t.Context(), c, r.Name, id, nil)
				if err != nil {
					t.Fatal(err)
				}
				if got := keyOf(t, m, r.Key); got != id {
					t.Fatalf("got %s %s, want %s", r.Key, got, id)
				}
			default:
				q := url.Values{}
				for _, p := range r.Filters {
					if p.Required || len(p.RequiredUnless) > 0 {
						v, ok := filterFrom(items[0], p.Name)
						if !ok {
							v, ok = idOfParent(t, sd, p.Name)
						}
						if !ok {
							t.Fatalf("no value for required filter %s in %v", p.Name, items[0])
						}
						q.Set(p.Name, v)
					}
				}
				list, err := models.All(t.Context(), c, r.Name, q)
				if err != nil {
					t.Fatal(err)
				}
				if len(list) == 0 {
					t.Fatalf("list %s %v: empty, the seed has %d", r.Name, q, len(items))
				}
				for _, m := range list {
					checkKnown(t, m)
				}
				xmlList, err := models.All(t.Context(), c, r.Name, q, sdk.WithFormat(dcm.FormatXML))
				if err != nil {
					t.Fatal(err)
				}
				// XML has no types: typed fields decoded into Go types already, so
				// compare texts (untyped object members stay strings from XML).
				if diff := cmp.Diff(texts(normalise(t, mustJSON(t, list))), texts(normalise(t, mustJSON(t, xmlList)))); diff != "" {
					t.Errorf("XML list differs from JSON list (-json +xml):\n%s", diff)
				}
				if !r.Has(catalog.KindGet) {
					return
				}
				id := keyOf(t, list[0], r.Key)
				one, err := models.Get(t.Context(), c, r.Name, id, nil)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(normalise(t, mustJSON(t, list[0])), normalise(t, mustJSON(t, one))); diff != "" {
					t.Errorf("get %s differs from its list entry:\n%s", id, diff)
				}
			}
		})
	}
}

func checkKnown(t *testing.T, m sdk.Model) {
	t.Helper()
	if extra := extraOf(m); len(extra) > 0 {
		t.Errorf("%s: members unknown to the catalogue: %v", m.ResourceName(), extra)
	}
}

// texts replaces every scalar by its text, null by "".
func texts(v any) any {
	return mapJSON(v, func(x any) any {
		switch x.(type) {
		case map[string]any, []any:
			return x
		case nil:
			return ""
		}
		return fmt.Sprint(x)
	})
}

// mapJSON rebuilds a decoded JSON value bottom up: each value, its members
// and entries already rebuilt, is replaced by f's result.
func mapJSON(v any, f func(any) any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = mapJSON(e, f)
		}
		return f(out)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = mapJSON(e, f)
		}
		return f(out)
	}
	return f(v)
}
