package dcm

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// jsonKeys lists the JSON member names of T's fields, those of embedded
// structs included, sorted.
func jsonKeys[T any]() []string {
	var keys []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for f := range t.Fields() {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			switch {
			case name == "-":
			case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
				walk(f.Type)
			case name != "":
				keys = append(keys, name)
			case f.IsExported():
				keys = append(keys, f.Name)
			}
		}
	}
	walk(reflect.TypeFor[T]())
	slices.Sort(keys)
	return keys
}

// checkKeys refuses the members of the JSON object obj that are not among
// known, naming them and the known keys: encoding/json would drop them
// silently, and a misspelt key in a configuration file must not be
// ignored (a missing endpoint falls back to the default one).
func checkKeys(obj []byte, known []string) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(obj, &members); err != nil {
		return fmt.Errorf("expected a JSON object: %w", err)
	}
	var unknown []string
	for _, k := range slices.Sorted(maps.Keys(members)) {
		if !slices.Contains(known, k) {
			unknown = append(unknown, strconv.Quote(k))
		}
	}
	switch len(unknown) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("unknown key %s (the known keys are %s)", unknown[0], strings.Join(known, ", "))
	}
	return fmt.Errorf("unknown keys %s (the known keys are %s)", strings.Join(unknown, ", "), strings.Join(known, ", "))
}
