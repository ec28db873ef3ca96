// Package gen builds the emulator's default seed (emulator/seed/default.json)
// from Go code, so the data stays consistent (every reference is built from
// the same ids) and deterministic. Run `go generate ./emulator/seed` after
// changing it; a test in package seed fails when default.json is stale.
package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// kv is one key of an ordered JSON object.
type kv struct {
	k string
	v any
}

// obj is a JSON object whose keys keep the order they were written in, so
// records read the way the API rendered them.
type obj []kv

// o builds an obj from alternating keys and values.
func o(pairs ...any) obj {
	if len(pairs)%2 != 0 {
		panic(fmt.Sprintf("gen: odd number of key/value arguments: %v", pairs))
	}
	m := make(obj, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		m = append(m, kv{pairs[i].(string), pairs[i+1]})
	}
	return m
}

// with returns a copy of m with the keys set: a key m already has keeps its
// place and takes the new value, a new key is appended.
func (m obj) with(pairs ...any) obj { return m.join(o(pairs...)) }

// join returns a copy of m with the keys of more set as with does.
func (m obj) join(more obj) obj {
	out := append(obj{}, m...)
next:
	for _, e := range more {
		for i := range out {
			if out[i].k == e.k {
				out[i].v = e.v
				continue next
			}
		}
		out = append(out, e)
	}
	return out
}

// MarshalJSON writes the keys in order.
func (m obj) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	seen := make(map[string]bool, len(m))
	for i, e := range m {
		if seen[e.k] {
			return nil, fmt.Errorf("gen: key %q twice in one object", e.k)
		}
		seen[e.k] = true
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(e.k)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(e.v)
		if err != nil {
			return nil, fmt.Errorf("key %s: %w", e.k, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// ref is a basic-detail reference {"<key>": id}.
func ref(key string, id any) obj { return o(key, id) }

// refs is a list of references with the same key.
func refs(key string, ids ...any) []obj {
	out := make([]obj, len(ids))
	for i, id := range ids {
		out[i] = ref(key, id)
	}
	return out
}

// usd is an amount of money in US dollars.
func usd(v float64) obj { return o("currency", "USD", "value", v) }

// section is a set of records by resource name.
type section map[string][]obj

func (s section) add(kind string, objs ...obj) { s[kind] = append(s[kind], objs...) }

// customer is one tenant of the seed.
type customer struct {
	id        int64
	accessKey string
	secretKey string
	userID    int64
	resources section
}

// Generate returns the default seed document.
func Generate() ([]byte, error) {
	global := section{}
	addGeography(global)
	addCatalogue(global)
	customers := []customer{acme(), globex()}

	order := map[string]int{}
	for i, r := range catalog.Load().Resources {
		order[r.Name] = i
	}
	var b bytes.Buffer
	b.WriteString("{\n  \"global\": ")
	if err := writeSection(&b, global, order, "  "); err != nil {
		return nil, err
	}
	b.WriteString(",\n  \"customers\": [")
	for i, c := range customers {
		if i > 0 {
			b.WriteByte(',')
		}
		key, err := json.Marshal(o("accessKey", c.accessKey, "secretKey", c.secretKey, "userId", c.userID))
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "\n    {\n      \"customerId\": %d,\n      \"apiKey\": %s,\n      \"resources\": ", c.id, key)
		if err := writeSection(&b, c.resources, order, "      "); err != nil {
			return nil, err
		}
		b.WriteString("\n    }")
	}
	b.WriteString("\n  ]\n}\n")
	return b.Bytes(), nil
}

// writeSection writes resources in catalogue order, one record per line.
func writeSection(b *bytes.Buffer, s section, order map[string]int, indent string) error {
	kinds := make([]string, 0, len(s))
	for k := range s {
		if _, ok := order[k]; !ok {
			return fmt.Errorf("gen: resource %q is not in the catalogue", k)
		}
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return order[kinds[i]] < order[kinds[j]] })
	b.WriteString("{")
	for i, kind := range kinds {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(b, "\n%s  %q: [", indent, kind)
		for j, rec := range s[kind] {
			line, err := json.Marshal(rec)
			if err != nil {
				return fmt.Errorf("gen: %s[%d]: %w", kind, j, err)
			}
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(b, "\n%s    %s", indent, line)
		}
		fmt.Fprintf(b, "\n%s  ]", indent)
	}
	fmt.Fprintf(b, "\n%s}", indent)
	return nil
}
