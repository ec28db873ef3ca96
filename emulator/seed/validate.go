package seed

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/internal/jsonvalue"
	"github.com/mixcoatl/mixcoatl/emulator/internal/parallel"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// maxReported caps the problems listed in one Parse error.
const maxReported = 25

// item is one seed object awaiting the field and reference checks. Its
// decoded form is not kept: for a big seed the decoded objects of every
// record would take several times the document's size at once, so the
// checks decode each record's bytes again, one at a time.
type item struct {
	where    string // "global" or "customer 10001"
	customer int64
	res      *catalog.Resource
	id       string
	record   int // index in validator.records
}

type validator struct {
	cat      *catalog.Catalog
	problems []string
	items    []item
	owner    map[string]map[string]int64 // resource → id → owning customer (0 = global)
	records  []store.Record
	maxIDs   map[string]int64
	compact  bytes.Buffer // reused by indexObject
}

func newValidator(cat *catalog.Catalog) *validator {
	return &validator{cat: cat, owner: map[string]map[string]int64{}, maxIDs: map[string]int64{}}
}

func (v *validator) fail(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

func (v *validator) err() error {
	if len(v.problems) == 0 {
		return nil
	}
	shown := v.problems
	more := ""
	if len(shown) > maxReported {
		more = fmt.Sprintf("\n  … and %d more", len(shown)-maxReported)
		shown = shown[:maxReported]
	}
	if len(shown) == 1 && more == "" {
		return errors.New("seed: " + shown[0])
	}
	return fmt.Errorf("seed: %d problems:\n  %s%s", len(v.problems), strings.Join(shown, "\n  "), more)
}

func (v *validator) validate(s *Seed) error {
	v.indexSection("global", 0, s.Global)
	seenCustomer := map[int64]bool{}
	seenAccess := map[string]int64{}
	for i, c := range s.Customers {
		where := fmt.Sprintf("customer %d", c.CustomerID)
		switch {
		case c.CustomerID <= 0:
			v.fail("customers[%d]: customerId must be a positive integer, got %d", i, c.CustomerID)
			continue
		case seenCustomer[c.CustomerID]:
			v.fail("%s: customerId listed twice", where)
			continue
		}
		seenCustomer[c.CustomerID] = true
		switch {
		case c.APIKey.AccessKey == "" || c.APIKey.SecretKey == "":
			v.fail("%s: apiKey needs both accessKey and secretKey", where)
		case seenAccess[c.APIKey.AccessKey] != 0:
			v.fail("%s: apiKey accessKey %q is also the key of customer %d", where, c.APIKey.AccessKey, seenAccess[c.APIKey.AccessKey])
		default:
			seenAccess[c.APIKey.AccessKey] = c.CustomerID
		}
		v.indexSection(where, c.CustomerID, c.Resources)
	}
	v.checkItems()
	for _, c := range s.Customers {
		if c.CustomerID > 0 && c.APIKey.UserID != -1 {
			v.checkTarget(fmt.Sprintf("customer %d: apiKey", c.CustomerID), c.CustomerID, "userId", "User", strconv.FormatInt(c.APIKey.UserID, 10))
		}
	}
	return v.err()
}

// checkItems runs the field and reference checks of every indexed object,
// on every CPU (each object is decoded again and checked on its own), and
// adds their problems in the objects' order.
func (v *validator) checkItems() {
	found := make([][]string, len(v.items))
	parallel.For(len(v.items), func(i int) {
		// A validator of its own: the checks only read the catalogue and
		// the ids (complete by now) and add problems.
		c := &validator{cat: v.cat, owner: v.owner}
		it := v.items[i]
		if obj, err := decodeObject(v.records[it.record].Data); err != nil { // cannot happen: indexObject decoded the same object
			c.fail("%s: %s %s: %v", it.where, it.res.Name, it.id, err)
		} else {
			c.checkFields(it, obj)
		}
		found[i] = c.problems
	})
	for _, p := range found {
		v.problems = append(v.problems, p...)
	}
}

// indexSection decodes a section's objects, checks names, keys and id
// uniqueness, and queues them for the field checks (which need every id).
func (v *validator) indexSection(where string, customer int64, section map[string][]json.RawMessage) {
	var names []string
	for name := range section {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if res, ok := v.cat.Resource(name); !ok {
			v.fail("%s: unknown resource %q (not in the catalogue)", where, name)
		} else if customer == 0 && !res.Global {
			v.fail("global: resource %s cannot be global (it belongs to a customer)", name)
		}
	}
	for _, res := range v.cat.Resources {
		objs, ok := section[res.Name]
		if !ok || (customer == 0 && !res.Global) {
			continue
		}
		if res.Flat && len(objs) > 1 {
			v.fail("%s: %s is a single flat object, got %d", where, res.Name, len(objs))
			continue
		}
		for i, raw := range objs {
			v.indexObject(where, customer, res, i, raw)
		}
	}
}

func (v *validator) indexObject(where string, customer int64, res *catalog.Resource, i int, raw json.RawMessage) {
	obj, err := keyMember(raw, res.Key)
	if err != nil {
		v.fail("%s: %s[%d]: %v", where, res.Name, i, err)
		return
	}
	id := FlatID
	if !res.Flat {
		var n int64
		id, n, err = primaryKey(res, obj)
		if err != nil {
			v.fail("%s: %s[%d]: %v", where, res.Name, i, err)
			return
		}
		if owners := v.owner[res.Name]; owners != nil {
			if prev, dup := owners[id]; dup {
				v.fail("%s: %s %s: id already used (by %s)", where, res.Name, id, sectionName(prev))
				return
			}
		}
		if res.KeyType == catalog.TypeInt && n > v.maxIDs[res.Name] {
			v.maxIDs[res.Name] = n
		}
	}
	if v.owner[res.Name] == nil {
		v.owner[res.Name] = map[string]int64{}
	}
	v.owner[res.Name][id] = customer
	// A document already compact (as programs write seeds) is not copied
	// again: the record shares the object's bytes with the Seed.
	data := []byte(raw)
	if !jsonscan.IsCompact(raw) {
		v.compact.Reset()
		if err := json.Compact(&v.compact, raw); err != nil { // cannot fail: keyMember accepted it as JSON
			v.fail("%s: %s %s: %v", where, res.Name, id, err)
			return
		}
		data = bytes.Clone(v.compact.Bytes())
	}
	v.items = append(v.items, item{where: where, customer: customer, res: res, id: id, record: len(v.records)})
	v.records = append(v.records, store.Record{Customer: customer, Kind: res.Name, ID: id, Data: data})
}

func sectionName(customer int64) string {
	if customer == 0 {
		return "global"
	}
	return fmt.Sprintf("customer %d", customer)
}

// keyMember returns the object raw holding only its member key (when it
// has one): all that indexing needs, found by a validating scan instead of
// decoding the whole object (checkFields decodes it later).
func keyMember(raw json.RawMessage, key string) (map[string]any, error) {
	sc := jsonscan.NewObjectScanner(raw)
	var val []byte
	for sc.Next() {
		if string(sc.Key()) == key {
			val = sc.Value() // the last one wins, as when decoding
		}
	}
	if !sc.Done() {
		return decodeObject(raw) // says why
	}
	obj := map[string]any{}
	if val != nil {
		v, err := decodeValue(val)
		if err != nil {
			return nil, err
		}
		obj[key] = v
	}
	return obj, nil
}

func decodeObject(raw json.RawMessage) (map[string]any, error) {
	v, err := decodeValue(raw)
	if err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("want a JSON object, got %s", wire.Strict.Describe(v))
	}
	return obj, nil
}

// primaryKey returns the record's id as the store spells it and, for int
// keys, its value.
func primaryKey(res *catalog.Resource, obj map[string]any) (string, int64, error) {
	raw, ok := obj[res.Key]
	if !ok {
		return "", 0, fmt.Errorf("missing primary key %q", res.Key)
	}
	if res.KeyType == catalog.TypeString {
		s, ok := raw.(string)
		if !ok || s == "" {
			return "", 0, fmt.Errorf("primary key %q must be a non-empty string, got %s", res.Key, wire.Strict.Describe(raw))
		}
		return s, 0, nil
	}
	n, ok := wire.Int(raw, wire.Strict)
	if !ok || n <= 0 {
		return "", 0, fmt.Errorf("primary key %q must be a positive integer, got %s", res.Key, wire.Strict.Describe(raw))
	}
	return strconv.FormatInt(n, 10), n, nil
}

// checkFields checks every key of an object against the resource's fields
// and resolves its references.
func (v *validator) checkFields(it item, obj map[string]any) {
	// Nearly every object of a seed is fine: check it in map order with
	// no name for the messages, and only when something is wrong check it
	// again in the order of its keys, naming it, so that the messages are
	// the same at every run. The checks only add problems.
	n := len(v.problems)
	v.checkFieldsIn(it, obj, maps.Keys(obj), "")
	if len(v.problems) == n {
		return
	}
	v.problems = v.problems[:n]
	v.checkFieldsIn(it, obj, slices.Values(slices.Sorted(maps.Keys(obj))), fmt.Sprintf("%s: %s %s", it.where, it.res.Name, it.id))
}

// checkFieldsIn is checkFields with the keys in the order keys gives and
// at naming the object in messages.
func (v *validator) checkFieldsIn(it item, obj map[string]any, keys iter.Seq[string], at string) {
	for k := range keys {
		val := obj[k]
		f, ok := it.res.Field(k)
		if !ok {
			if it.res.Evidence != "placeholder" {
				v.fail("%s: unknown field %q (not a catalogue field of %s)", at, k, it.res.Name)
			}
			continue
		}
		if val == nil {
			if !f.Nullable {
				v.fail("%s: field %q is null but the field is not nullable (omit it instead)", at, k)
			}
			continue
		}
		if _, err := wire.Check(v.cat, f, val, wire.Strict); err != nil {
			v.fail("%s: field %q: %v", at, k, err)
			continue
		}
		v.checkRefs(at, it.customer, f, val)
	}
	if target := keyTarget(v.cat, it.res); target != nil && !it.res.Flat {
		v.checkTarget(at, it.customer, it.res.Key, target.Name, it.id)
	}
}

func (v *validator) checkRefs(at string, customer int64, f *catalog.Field, val any) {
	target := wire.RefTarget(f)
	if _, ok := v.cat.Resource(target); !ok {
		return // the catalogue names no such resource; nothing to resolve against
	}
	for _, ref := range refList(val) {
		if m, ok := ref.(map[string]any); ok { // a reference; a budget is a bare id
			ref = m[f.RefKey]
		}
		v.checkTarget(at, customer, f.Name, target, idString(ref))
	}
}

// checkTarget reports a reference from customer's data to a missing record
// or to another customer's record.
func (v *validator) checkTarget(at string, customer int64, field, kind, id string) {
	owner, ok := v.owner[kind][id]
	switch {
	case !ok:
		v.fail("%s: field %q refers to %s %s, which is not in the seed", at, field, kind, id)
	case owner != 0 && owner != customer:
		v.fail("%s: field %q refers to %s %s, which belongs to %s", at, field, kind, id, sectionName(owner))
	}
}

// keyTarget returns the resource a primary key identifies when that key is
// another resource's own id (Subscription.regionId → Region,
// ServerAnalytics.serverId → Server), else nil.
func keyTarget(cat *catalog.Catalog, res *catalog.Resource) *catalog.Resource {
	for _, other := range cat.Resources {
		if other != res && other.Key == res.Key && wire.LowerFirst(other.Name)+"Id" == res.Key {
			return other
		}
	}
	return nil
}

func refList(val any) []any {
	if list, ok := val.([]any); ok {
		return list
	}
	return []any{val}
}

func idString(v any) string {
	switch x := v.(type) {
	case json.Number:
		return x.String()
	case string:
		return x
	}
	return fmt.Sprint(v)
}

// decodeValue decodes one JSON value, numbers as json.Number.
func decodeValue(raw []byte) (any, error) {
	v, err := jsonvalue.Decode(raw)
	if err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	return v, nil
}
