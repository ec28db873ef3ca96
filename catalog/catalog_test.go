package catalog

import (
	"regexp"
	"testing"
)

// The catalogue must describe all 53 resources of the reconstructed API.
const wantResources = 53

var (
	camelPlural = regexp.MustCompile(`^[a-z][A-Za-z]*s$`)
	lowerCamel  = regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
	upperCamel  = regexp.MustCompile(`^[A-Z][A-Za-z]*$`)
	versionRe   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	lowerKebab  = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

var scopes = map[string]bool{"admin": true, "analytics": true, "automation": true, "finance": true,
	"geography": true, "infrastructure": true, "network": true, "platform": true}

var fieldTypes = map[Type]bool{TypeInt: true, TypeNumber: true, TypeString: true, TypeBool: true,
	TypeTimestamp: true, TypeMoney: true, TypeWindow: true, TypeRef: true, TypeRefs: true, TypeEnum: true,
	TypeStrings: true, TypeArray: true, TypeObject: true, TypeAny: true}

func TestCatalogueComplete(t *testing.T) {
	c := Load()
	if len(c.Resources) != wantResources {
		t.Fatalf("catalogue has %d resources, want %d", len(c.Resources), wantResources)
	}
	got := map[string]int{}
	for _, r := range c.Resources {
		got[r.Scope]++
	}
	for s := range scopes {
		if got[s] == 0 {
			t.Errorf("scope %s has no resources", s)
		}
	}
	for _, name := range []string{"Server", "DataCenter", "Job", "FirewallRule", "ApiKey", "License", "ServerAnalytics"} {
		if _, ok := c.Resource(name); !ok {
			t.Errorf("resource %s missing", name)
		}
	}
	if !versionRe.MatchString(c.DefaultVersion) || !c.KnownVersion(c.DefaultVersion) || !c.KnownVersion(c.CurrentVersion) {
		t.Errorf("default %q / current %q must be known versions", c.DefaultVersion, c.CurrentVersion)
	}
	for i, v := range c.Versions {
		if !versionRe.MatchString(v) || (i > 0 && v <= c.Versions[i-1]) {
			t.Errorf("versions must be YYYY-MM-DD, strictly ascending: %q", v)
		}
	}
}

func TestCatalogueConsistent(t *testing.T) {
	c := Load()
	for _, r := range c.Resources {
		t.Run(r.Name, func(t *testing.T) {
			if !scopes[r.Scope] || !upperCamel.MatchString(r.Name) || r.Path != r.Scope+"/"+r.Name {
				t.Errorf("bad identity scope=%q name=%q path=%q", r.Scope, r.Name, r.Path)
			}
			if got, _ := c.ByPath(r.Path); got != r {
				t.Errorf("ByPath(%q) does not find it", r.Path)
			}
			switch r.Evidence {
			case "recorded", "inferred", "placeholder":
			default:
				t.Errorf("evidence %q", r.Evidence)
			}
			if r.Flat {
				if r.Collection != "" || r.Key != "" || r.Has(KindList) {
					t.Errorf("flat resource must have no collection, key or list")
				}
			} else {
				if !camelPlural.MatchString(r.Collection) && r.Collection != "analytics" {
					t.Errorf("collection %q is not a camelCase plural", r.Collection)
				}
				if !lowerCamel.MatchString(r.Key) || (r.KeyType != "int" && r.KeyType != "string") {
					t.Errorf("key %q type %q", r.Key, r.KeyType)
				}
				if f, ok := r.Field(r.Key); !ok || f.Type != r.KeyType {
					t.Errorf("primary key %q must be a field of type %s", r.Key, r.KeyType)
				}
			}
			if !r.Has(KindGet) && !r.Has(KindList) {
				t.Errorf("resource is not readable")
			}
			seen := map[string]bool{}
			for _, f := range r.Fields {
				checkField(t, c, "field", f)
				if seen[f.Name] {
					t.Errorf("field %s twice", f.Name)
				}
				seen[f.Name] = true
			}
			for _, p := range r.Filters {
				checkParam(t, r, p)
			}
			for _, o := range r.Ops {
				checkOp(t, c, r, o)
			}
		})
	}
}

func checkParam(t *testing.T, r *Resource, p Param) {
	t.Helper()
	if !lowerCamel.MatchString(p.Name) || (p.Type != "int" && p.Type != "string" && p.Type != "bool") {
		t.Errorf("param %q type %q", p.Name, p.Type)
	}
	for _, u := range p.RequiredUnless {
		if _, ok := r.Filter(u); !ok {
			t.Errorf("param %s required unless unknown filter %s", p.Name, u)
		}
	}
}

func checkField(t *testing.T, c *Catalog, what string, f *Field) {
	t.Helper()
	if !lowerCamel.MatchString(f.Name) || !fieldTypes[f.Type] {
		t.Errorf("%s %q has type %q", what, f.Name, f.Type)
	}
	if f.Type == TypeRef || f.Type == TypeRefs {
		if !lowerCamel.MatchString(f.RefKey) {
			t.Errorf("%s %s: reference without refKey", what, f.Name)
		}
		if f.Ref != "" {
			target, ok := c.Resource(f.Ref)
			if !ok {
				t.Errorf("%s %s refers to unknown resource %s", what, f.Name, f.Ref)
			} else if target.Key != f.RefKey {
				t.Errorf("%s %s: refKey %s is not %s's key %s", what, f.Name, f.RefKey, f.Ref, target.Key)
			}
		}
	} else if f.Ref != "" || f.RefKey != "" {
		t.Errorf("%s %s: ref on a non-reference", what, f.Name)
	}
	if f.Type == TypeEnum && len(f.Values) == 0 {
		t.Errorf("%s %s: enum without values", what, f.Name)
	}
	for _, v := range []string{f.Since, f.Until} {
		if v != "" && !c.KnownVersion(v) {
			t.Errorf("%s %s: unknown version %q", what, f.Name, v)
		}
	}
}

func checkOp(t *testing.T, c *Catalog, r *Resource, o *Op) {
	t.Helper()
	switch o.Kind {
	case KindList, KindGet, KindHead:
		if o.Verb != "" || o.Async || len(o.Fields) > 0 {
			t.Errorf("read op %s carries write details", o.Kind)
		}
	case KindCreate, KindUpdate, KindAction:
		if !lowerCamel.MatchString(o.Verb) || (o.Wrap != "list" && o.Wrap != "object") {
			t.Errorf("%s: verb %q wrap %q", o.Kind, o.Verb, o.Wrap)
		}
		if o.Kind == KindCreate && r.Flat {
			t.Errorf("create on a flat resource")
		}
	case KindDelete:
		if o.Verb != "" {
			t.Errorf("delete with a verb")
		}
	default:
		t.Errorf("unknown op kind %q", o.Kind)
	}
	if o.Async && o.Job == "" {
		t.Errorf("%s %s: async without a job description", o.Kind, o.Verb)
	}
	if o.State != nil && o.State.To == "" {
		t.Errorf("%s %s: transition without a target state", o.Kind, o.Verb)
	}
	for _, v := range []string{o.Since, o.Until} {
		if v != "" && !c.KnownVersion(v) {
			t.Errorf("%s %s: unknown version %q", o.Kind, o.Verb, v)
		}
	}
	for _, f := range o.Fields {
		checkField(t, c, o.Verb+" payload field", f)
	}
	for _, p := range o.Params {
		checkParam(t, r, p)
	}
	// Two forms of one verb must not overlap in version.
	for _, p := range r.Ops {
		if p != o && p.Kind == o.Kind && p.Verb == o.Verb && overlaps(o, p) {
			t.Errorf("%s %s has overlapping version forms", o.Kind, o.Verb)
		}
	}
}

func overlaps(a, b *Op) bool {
	lo := max(a.Since, b.Since)
	hiA, hiB := a.Until, b.Until
	if hiA == "" {
		hiA = "9999"
	}
	if hiB == "" {
		hiB = "9999"
	}
	return lo < min(hiA, hiB)
}

func TestOpVersionSelection(t *testing.T) {
	r, _ := Load().Resource("FirewallRule")
	old, ok1 := r.Op(KindCreate, "addRule", "2012-06-15")
	neu, ok2 := r.Op(KindCreate, "addRule", "2015-05-25")
	if !ok1 || !ok2 || old == neu {
		t.Fatalf("addRule forms not selected by version")
	}
	if _, ok := old.fieldByName("cidr"); !ok {
		t.Errorf("2012 addRule has no cidr")
	}
	if _, ok := neu.fieldByName("source"); !ok {
		t.Errorf("2014 addRule has no source")
	}
}

func (o *Op) fieldByName(n string) (*Field, bool) {
	for _, f := range o.Fields {
		if f.Name == n {
			return f, true
		}
	}
	return nil, false
}

func TestParseRejectsDuplicates(t *testing.T) {
	if _, err := Parse([]byte(`{"resources":[{"name":"A"},{"name":"A"}]}`)); err == nil {
		t.Fatal("duplicate resource accepted")
	}
	if _, err := Parse([]byte(`{`)); err == nil {
		t.Fatal("broken JSON accepted")
	}
}
