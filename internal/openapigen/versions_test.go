package openapigen_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/openapigen"
)

type obj = map[string]any

// doc is a version's document decoded as plain JSON values.
func doc(t *testing.T, cat *catalog.Catalog, v string) obj {
	t.Helper()
	b, err := openapigen.Document(cat, v)
	if err != nil {
		t.Fatal(err)
	}
	var d obj
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func schemas(d obj) obj { return d["components"].(obj)["schemas"].(obj) }

func keys(m any) []string {
	o, _ := m.(obj)
	return slices.Sorted(maps.Keys(o))
}

func inVersion(r *catalog.Resource, v string) bool {
	for _, o := range r.Ops {
		if catalog.InRange(v, o.Since, o.Until) {
			return true
		}
	}
	return false
}

func upperFirst(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// TestSchemasFollowSinceUntil: at every version, a resource's answer
// schemas hold exactly the fields the catalogue gives that version, each
// payload exactly its form's fields of the version plus, refused, those
// only other versions' forms take, and the paths exactly the operations
// the version has.
func TestSchemasFollowSinceUntil(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	for _, v := range cat.Versions {
		d := doc(t, cat, v)
		s := schemas(d)
		for _, r := range cat.Resources {
			if !inVersion(r, v) {
				if _, ok := s[r.Name]; ok {
					t.Errorf("%s: schema %s, but the version has no operation of it", v, r.Name)
				}
				continue
			}
			var want []string
			for _, f := range r.Fields {
				if f.In(v) {
					want = append(want, f.Name)
				}
			}
			sort.Strings(want)
			for _, name := range []string{r.Name, r.Name + "Extended"} {
				if got := keys(s[name].(obj)["properties"]); !slices.Equal(got, want) {
					t.Errorf("%s %s: properties %v, want %v", v, name, got, want)
				}
			}
			for _, o := range r.Ops {
				in := catalog.InRange(v, o.Since, o.Until)
				if o.Kind == catalog.KindDelete || o.Verb == "" {
					continue
				}
				p, has := s[r.Name+upperFirst(o.Verb)+"Request"]
				if !in {
					continue // another form of the same verb may hold the name
				}
				if !has {
					t.Errorf("%s %s %s: no payload schema", v, r.Name, o.Verb)
					continue
				}
				want := map[string]bool{}
				for _, f := range o.Fields {
					if f.In(v) {
						want[f.Name] = true
					}
				}
				for _, form := range r.Ops {
					if form.Kind == o.Kind && form.Verb == o.Verb {
						for _, f := range form.Fields {
							if _, _, _, other := r.OtherVersions(o, f.Name, v); other && !want[f.Name] {
								want[f.Name] = false
							}
						}
					}
				}
				got := payloadFields(p.(obj), o)
				for name, allowed := range want {
					g, ok := got[name]
					switch {
					case !ok:
						t.Errorf("%s %s %s: payload lacks %s", v, r.Name, o.Verb, name)
					case allowed == isRefused(g):
						t.Errorf("%s %s %s: %s refused %v, want %v", v, r.Name, o.Verb, name, isRefused(g), !allowed)
					}
				}
				if len(got) != len(want) {
					t.Errorf("%s %s %s: payload fields %v, want %v", v, r.Name, o.Verb, keys(got), slices.Sorted(maps.Keys(want)))
				}
			}
		}
		var gotOps, wantOps []string
		for path, item := range d["paths"].(obj) {
			for method, op := range item.(obj) {
				if method != "parameters" {
					gotOps = append(gotOps, path+" "+method+" "+strings.Join(verbs(op.(obj)), ","))
				}
			}
		}
		for _, r := range cat.Resources {
			wantOps = append(wantOps, operations(r, v)...)
		}
		sort.Strings(gotOps)
		sort.Strings(wantOps)
		if !slices.Equal(gotOps, wantOps) {
			t.Errorf("%s: operations\n%v\nwant\n%v", v, gotOps, wantOps)
		}
	}
}

func verbs(op obj) []string {
	var out []string
	list, _ := op["x-es-verbs"].([]any)
	for _, v := range list {
		out = append(out, v.(string))
	}
	return out
}

// operations is what the catalogue says the version's paths hold.
func operations(r *catalog.Resource, v string) []string {
	var out, puts []string
	coll, item := "/"+r.Path, "/"+r.Path+"/{"+r.Key+"}"
	for _, o := range r.Ops {
		if !catalog.InRange(v, o.Since, o.Until) {
			continue
		}
		switch o.Kind {
		case catalog.KindList:
			out = append(out, coll+" get ")
		case catalog.KindHead:
			out = append(out, coll+" head ")
		case catalog.KindGet:
			if r.Flat {
				out = append(out, coll+" get ")
			} else {
				out = append(out, item+" get ")
			}
		case catalog.KindCreate:
			out = append(out, coll+" post "+o.Verb)
		case catalog.KindDelete:
			out = append(out, item+" delete ")
		default:
			puts = append(puts, o.Verb)
		}
	}
	if len(puts) > 0 {
		out = append(out, item+" put "+strings.Join(puts, ","))
	}
	return out
}

// payloadFields unwraps a payload schema to its fields' properties.
func payloadFields(p obj, o *catalog.Op) obj {
	inner := p["properties"].(obj)[o.Verb].(obj)
	if items, ok := inner["items"].(obj); ok {
		inner = items
	}
	if o.Container != "" {
		inner = inner["properties"].(obj)[o.Container].(obj)
	}
	f, _ := inner["properties"].(obj)
	return f
}

func isRefused(s any) bool {
	_, ok := s.(obj)["not"]
	return ok
}

// TestDocumentsDifferOnlyWhereTheCatalogueSays: between any two versions,
// once each document's own version string is set aside, the documents are
// the same except in the paths and schemas of resources whose operations,
// fields or payload fields the catalogue's since/until set apart (which
// TestSchemasFollowSinceUntil checks field by field). Versions the
// catalogue does not tell apart have the same document.
func TestDocumentsDifferOnlyWhereTheCatalogueSays(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	docs := map[string][]byte{}
	for _, v := range cat.Versions {
		b, err := openapigen.Document(cat, v)
		if err != nil {
			t.Fatal(err)
		}
		docs[v] = withoutOwnVersion(t, b)
	}
	differing := 0
	for i, a := range cat.Versions {
		for _, b := range cat.Versions[i+1:] {
			da, db := decode(t, docs[a]), decode(t, docs[b])
			changed := 0
			for _, r := range cat.Resources {
				if signature(r, a) == signature(r, b) {
					continue
				}
				changed++
				for _, d := range []obj{da, db} {
					mask(d, r)
				}
			}
			ja, _ := json.Marshal(da)
			jb, _ := json.Marshal(db)
			if !bytes.Equal(ja, jb) {
				t.Errorf("%s and %s differ outside the resources the catalogue sets apart", a, b)
			}
			if changed > 0 {
				differing++
				if bytes.Equal(docs[a], docs[b]) {
					t.Errorf("%s and %s: the catalogue sets %d resources apart, the documents are the same", a, b, changed)
				}
			}
		}
	}
	if differing == 0 {
		t.Fatal("no two versions differ: the test could not fail")
	}
}

// withoutOwnVersion removes the two places a document names its own
// version: info (title, version) and the servers' URLs.
func withoutOwnVersion(t *testing.T, b []byte) []byte {
	d := decode(t, b)
	delete(d, "info")
	delete(d, "servers")
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func decode(t *testing.T, b []byte) obj {
	var d obj
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// signature is what the catalogue says of a resource at a version: its
// operation forms, their fields and its fields in the version.
func signature(r *catalog.Resource, v string) string {
	var b strings.Builder
	for i, o := range r.Ops {
		if !catalog.InRange(v, o.Since, o.Until) {
			continue
		}
		b.WriteString(string(rune('A' + i)))
		for _, f := range o.Fields {
			if f.In(v) {
				b.WriteString(" " + f.Name)
			}
		}
		b.WriteString(";")
	}
	for _, f := range r.Fields {
		if f.In(v) {
			b.WriteString(f.Name + ",")
		}
	}
	return b.String()
}

// mask removes a resource's paths and schemas from a document.
func mask(d obj, r *catalog.Resource) {
	paths := d["paths"].(obj)
	delete(paths, "/"+r.Path)
	delete(paths, "/"+r.Path+"/{"+r.Key+"}")
	s := schemas(d)
	for _, name := range []string{r.Name, r.Name + "Extended", r.Name + "Ref"} {
		delete(s, name)
	}
	for _, o := range r.Ops {
		if o.Verb != "" {
			delete(s, r.Name+upperFirst(o.Verb)+"Request")
		}
	}
}
