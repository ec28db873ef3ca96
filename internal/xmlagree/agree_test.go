package xmlagree

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/cli/output"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/sdk/models"
	"github.com/mixcoatl/mixcoatl/wire"
)

// sampleID is the primary key of every representative item: far above the
// default seed's ids, so it adds a record rather than replacing one.
const sampleID = 990001

// refID is the id every reference of a representative item points to.
const refID = 11

// TestWritersAgreeOnElementNames renders one representative item of every
// catalogue resource with each writer and compares the sets of element and
// attribute paths (text and formatting may differ). The item holds a value
// for every field the server may send: a reference list with two entries,
// a string list, nested objects and arrays.
func TestWritersAgreeOnElementNames(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	emu := dcmtest.New(t)
	client := emu.Client()
	customer := seed.Default().Customers[0].CustomerID
	for _, res := range cat.Resources {
		t.Run(res.Name, func(t *testing.T) {
			item := sampleItem(cat, res)
			raw, err := json.Marshal(item)
			if err != nil {
				t.Fatal(err)
			}
			one := renderCLI(t, res, raw, false)
			if got, want := pathsOf(t, renderSDK(t, res, raw), false), pathsOf(t, one, false); !cmp.Equal(got, want) {
				t.Errorf("SDK and CLI disagree (-sdk +cli):\n%s", cmp.Diff(got, want))
			}
			if get, ok := res.Op(catalog.KindGet, "", ""); ok && get.Mutates {
				// The emulator keeps the state of such items (a job's
				// progression) itself, so a stored item cannot stand in:
				// compare on the first item the default seed has.
				raw = firstSeeded(t, client, res)
			} else if res.Derived {
				// Computed from other records, never stored: compare on
				// the answer for the catalogue's example.
				raw = exampleItem(t, client, res)
			} else {
				storeItem(t, emu.Store, customer, res, raw)
			}
			// The emulator answers a get with the collection holding the
			// item (a flat resource with the item alone), as a CLI list.
			emuDoc := readEmulator(t, client, res, raw)
			want := pathsOf(t, renderCLI(t, res, atVersion(t, res, raw, client.Config().APIVersion), !res.Flat), false)
			if got := pathsOf(t, emuDoc, !res.Flat); !cmp.Equal(got, want) {
				t.Errorf("emulator and CLI disagree (-emulator +cli):\n%s\nemulator:\n%s", cmp.Diff(got, want), emuDoc)
			}
		})
	}
}

// TestWritersAgreeOnNamesOutsideTheCatalogue gives the SDK and the CLI
// members no catalogue describes, with names that are not XML names and
// lists whose names are no plurals, and a one-member object that looks
// like a reference but is not described as one.
func TestWritersAgreeOnNamesOutsideTheCatalogue(t *testing.T) {
	t.Parallel()
	res, _ := catalog.Load().Resource("Server")
	raw := []byte(`{"serverId":1,"name":"web","2nd key":"x","xmlish":{"a b":[1,2]},"acl":["r","w"],` +
		`"boxes":[{"regionId":3},{"regionId":4}],"environment":{"inner":{"regionId":5},"runList":[["a"]]}}`)
	sdkPaths, cliPaths := pathsOf(t, renderSDK(t, res, raw), false), pathsOf(t, renderCLI(t, res, raw, false), false)
	if diff := cmp.Diff(sdkPaths, cliPaths); diff != "" {
		t.Errorf("SDK and CLI disagree (-sdk +cli):\n%s", diff)
	}
	for _, p := range []string{"server/_2nd_key", "server/_xmlish/a_b/a_bItem", "server/acl/aclItem",
		"server/boxes/box/regionId", "server/environment/inner/regionId", "server/environment/runList/runListItem/runListItemItem"} {
		if !slices.Contains(cliPaths, p) {
			t.Errorf("no %s in %v", p, cliPaths)
		}
	}
}

// sampleItem builds an item of res with a value for every field a server
// sends (secrets never leave it).
func sampleItem(cat *catalog.Catalog, res *catalog.Resource) map[string]any {
	item := map[string]any{}
	for _, f := range res.Fields {
		if !wire.IsSecret(f.Name) {
			item[f.Name] = sampleValue(cat, f)
		}
	}
	if res.Key != "" {
		item[res.Key] = keyValue(res.KeyType, sampleID)
	}
	return item
}

func keyValue(t catalog.Type, id int) any {
	if t == catalog.TypeString {
		return "k" + strconv.Itoa(id)
	}
	return id
}

func sampleValue(cat *catalog.Catalog, f *catalog.Field) any {
	ref := func(id int) any {
		typ := catalog.TypeInt
		if target, ok := cat.Resource(f.Ref); ok {
			typ = target.KeyType
		}
		return map[string]any{f.RefKey: keyValue(typ, id)}
	}
	switch f.Type {
	case catalog.TypeInt:
		return 7
	case catalog.TypeNumber:
		return 1.5
	case catalog.TypeBool:
		return true
	case catalog.TypeTimestamp:
		return "2014-06-04T18:44:02.000+0000"
	case catalog.TypeMoney:
		return map[string]any{"currency": "USD", "value": 1.5}
	case catalog.TypeWindow:
		return map[string]any{"daysOfWeek": []any{"MONDAY", "FRIDAY"}, "startHour": 1, "startMinute": 2, "endHour": 3, "endMinute": 4}
	case catalog.TypeRef:
		return ref(refID)
	case catalog.TypeRefs:
		return []any{ref(refID), ref(refID + 1)}
	case catalog.TypeEnum:
		if len(f.Values) > 0 {
			return f.Values[0]
		}
		return "VALUE"
	case catalog.TypeStrings:
		return []any{"a", "b"}
	case catalog.TypeArray:
		return []any{map[string]any{"name": "a", "tags": []any{"p", "q"}}, map[string]any{"name": "b"}}
	case catalog.TypeObject, catalog.TypeAny:
		return map[string]any{"name": "x", "boxes": []any{"p", "q"}, "inner": map[string]any{"regionId": 5}}
	}
	return "text"
}

// renderSDK decodes the item into the resource's generated model and
// writes it with encoding/xml (the model's MarshalXML).
func renderSDK(t *testing.T, res *catalog.Resource, raw []byte) []byte {
	t.Helper()
	m, ok := models.New(res.Name)
	if !ok {
		t.Fatalf("no SDK model for %s", res.Name)
	}
	if err := json.Unmarshal(raw, m); err != nil {
		t.Fatalf("decode into %T: %v", m, err)
	}
	b, err := xml.Marshal(m)
	if err != nil {
		t.Fatalf("xml.Marshal(%T): %v", m, err)
	}
	return b
}

// renderCLI prints the item as mixcoatl -o xml does for a get (list false)
// or a list holding it.
func renderCLI(t *testing.T, res *catalog.Resource, raw []byte, list bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	p, err := output.New(&buf, output.Options{Format: output.XML, Resource: res})
	if err != nil {
		t.Fatal(err)
	}
	if list {
		err = p.Items(func(yield func(json.RawMessage, error) bool) { yield(raw, nil) })
	} else {
		err = p.One(raw)
	}
	if err != nil {
		t.Fatalf("-o xml: %v", err)
	}
	return buf.Bytes()
}

// storeItem puts the item in the emulator's store for the seeded customer
// (as a global record for a global resource).
func storeItem(t *testing.T, st store.Store, customer int64, res *catalog.Resource, raw []byte) {
	t.Helper()
	ctx := context.Background()
	rec := store.Record{Customer: customer, Kind: res.Name, ID: itemID(t, res, raw), Data: raw}
	if res.Global {
		rec.Customer = 0
	}
	if err := st.Update(ctx, func(tx store.Tx) error { return tx.Put(ctx, rec) }); err != nil {
		t.Fatal(err)
	}
}

// itemID is the store id of an item: its key, or a made-up one for a flat
// resource, which has none.
func itemID(t *testing.T, res *catalog.Resource, raw []byte) string {
	t.Helper()
	if res.Key == "" {
		return "item"
	}
	var item map[string]json.RawMessage
	if err := json.Unmarshal(raw, &item); err != nil {
		t.Fatal(err)
	}
	return strings.Trim(string(item[res.Key]), `"`)
}

// readEmulator reads the item back as XML: a get where the resource has
// one that may be repeated, else its list (narrowed by the required
// filters the item matches).
func readEmulator(t *testing.T, c *dcm.Client, res *catalog.Resource, raw []byte) []byte {
	t.Helper()
	path := res.Path
	if get, ok := res.Op(catalog.KindGet, "", ""); ok && !get.Mutates && !res.Flat {
		path += "/" + url.PathEscape(itemID(t, res, raw))
	}
	return get(t, c, res, path, dcm.FormatXML)
}

// exampleItem is the JSON of the item the emulator answers for the
// catalogue's example id of res.
func exampleItem(t *testing.T, c *dcm.Client, res *catalog.Resource) []byte {
	t.Helper()
	var doc map[string][]json.RawMessage
	if err := json.Unmarshal(get(t, c, res, res.Path+"/"+url.PathEscape(res.Example), dcm.FormatJSON), &doc); err != nil {
		t.Fatal(err)
	}
	if items := doc[res.Collection]; len(items) > 0 {
		return items[0]
	}
	t.Fatalf("no %s %s", res.Name, res.Example)
	return nil
}

// firstSeeded is the JSON of the first item of res in the default seed.
func firstSeeded(t *testing.T, c *dcm.Client, res *catalog.Resource) []byte {
	t.Helper()
	var doc map[string][]json.RawMessage
	if err := json.Unmarshal(get(t, c, res, res.Path, dcm.FormatJSON), &doc); err != nil {
		t.Fatal(err)
	}
	if items := doc[res.Collection]; len(items) > 0 {
		return items[0]
	}
	t.Fatalf("the default seed has no %s", res.Name)
	return nil
}

func get(t *testing.T, c *dcm.Client, res *catalog.Resource, path string, f dcm.Format) []byte {
	t.Helper()
	query := url.Values{}
	for _, p := range res.Filters {
		if p.Required || len(p.RequiredUnless) > 0 {
			query.Set(p.Name, strconv.Itoa(refID))
		}
	}
	resp, err := c.Do(context.Background(), &dcm.Request{Method: "GET", Path: path, Query: query, Format: f, Details: dcm.DetailsBasic})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Body
}

// pathsOf lists the element paths (servers/server/region) and attribute
// paths (servers/server/region/@regionId) of an XML document, sorted, each
// once; firstOnly looks only at the first child of the root, the first
// item of a list.
func pathsOf(t *testing.T, doc []byte, firstOnly bool) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var stack []string
	seen := map[string]bool{}
	items := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not XML: %v\n%s", err, doc)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if len(stack) == 1 {
				items++
			}
			if firstOnly && items > 1 {
				if err := dec.Skip(); err != nil {
					t.Fatal(err)
				}
				continue
			}
			stack = append(stack, el.Name.Local)
			p := strings.Join(stack, "/")
			seen[p] = true
			for _, a := range el.Attr {
				seen[p+"/@"+a.Name.Local] = true
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// atVersion is the JSON item raw without the fields API version v does not
// have: what the emulator answers for it at v.
func atVersion(t *testing.T, res *catalog.Resource, raw []byte, v string) []byte {
	t.Helper()
	var item map[string]json.RawMessage
	if err := json.Unmarshal(raw, &item); err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Fields {
		if !f.In(v) {
			delete(item, f.Name)
		}
	}
	out, err := json.Marshal(item)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
