package openapigen

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
)

// Examples come from the default seed, the data `mixcoatl --local` and the
// emulator start with, so that an example answer is one a reader can get:
// the record a resource's catalogue Example names, as the version answers
// it at basic detail (the version's fields under the version's names, no
// secret).

// seedRecords indexes the default seed's records by resource and id.
func seedRecords() map[string]map[string]map[string]any {
	out := map[string]map[string]map[string]any{}
	for _, rec := range seed.Default().Records() {
		var data map[string]any
		if err := json.Unmarshal(rec.Data, &data); err != nil {
			panic("openapigen: the default seed holds a record that is not an object: " + err.Error())
		}
		if out[rec.Kind] == nil {
			out[rec.Kind] = map[string]map[string]any{}
		}
		out[rec.Kind][rec.ID] = data
	}
	return out
}

// example is the answer to a get of the resource's example record at the
// version, or nil when the seed holds none. It follows the emulator's
// answers (emulator/engine/view.go): fields outside the version are left
// out, and a field the version has that carries another one's value
// (SameAs) is answered from it.
func (g *gen) example(r *catalog.Resource) map[string]any {
	if r.Example == "" {
		return nil
	}
	records := g.seed[r.Name]
	data, ok := records[r.Example]
	for _, id := range slices.Sorted(maps.Keys(records)) { // an example given by name
		for _, f := range r.Lookup {
			if !ok && fmt.Sprint(records[id][f]) == r.Example {
				data, ok = records[id], true
			}
		}
	}
	if !ok {
		return nil
	}
	out := map[string]any{}
	for _, f := range r.Fields {
		if !f.In(g.v) || f.Secret {
			continue
		}
		v, has := data[f.Name]
		if !has && f.SameAs != "" {
			v, has = data[f.SameAs]
			if s, isString := v.(string); isString && f.Type == catalog.TypeStrings {
				v = []any{s} // a list answered from a single value
			}
		}
		if has && v != nil || has && f.Nullable {
			out[f.Name] = v
		}
	}
	return out
}
