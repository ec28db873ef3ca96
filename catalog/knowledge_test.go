package catalog

import (
	"slices"
	"strings"
	"testing"
)

// The client and server knowledge the catalogue carries beside the wire
// shape (aliases, lookups, secrets, examples, side effects) must be
// consistent with the rest of it.

func TestAliasesAreUniqueAndKebab(t *testing.T) {
	c := Load()
	kebabRe := lowerKebab
	seen := map[string]string{}
	for _, r := range c.Resources {
		for _, a := range r.Aliases {
			if !kebabRe.MatchString(a) {
				t.Errorf("%s: alias %q is not lower-case kebab", r.Name, a)
			}
			if other, dup := seen[a]; dup {
				t.Errorf("alias %q names both %s and %s", a, other, r.Name)
			}
			seen[a] = r.Name
		}
		for _, op := range r.Ops {
			for _, a := range op.Aliases {
				if !kebabRe.MatchString(a) {
					t.Errorf("%s %s: alias %q is not lower-case kebab", r.Name, op.Verb, a)
				}
			}
			if op.Mutates && op.Kind != KindGet && op.Kind != KindList && op.Kind != KindHead {
				t.Errorf("%s %s: only reads are marked mutates (writes always mutate)", r.Name, op.Kind)
			}
			if op.Destructive && op.Kind == KindDelete {
				t.Errorf("%s delete: every delete is destructive; the mark is for other ops", r.Name)
			}
		}
	}
	for field, aliases := range c.FieldAliases {
		for _, a := range aliases {
			if !kebabRe.MatchString(a) {
				t.Errorf("field alias %q of %s is not lower-case kebab", a, field)
			}
		}
	}
}

func TestLookupFieldsAreStrings(t *testing.T) {
	for _, r := range Load().Resources {
		for _, name := range r.Lookup {
			f, ok := r.Field(name)
			if !ok || f.Type != TypeString {
				t.Errorf("%s: lookup field %q must be a string field of the resource", r.Name, name)
			}
			if f != nil && f.Secret {
				t.Errorf("%s: lookup field %q is a secret", r.Name, name)
			}
		}
		if slices.Contains(r.Lookup, "name") && r.Key == "" {
			t.Errorf("%s: a name lookup needs a key to resolve to", r.Name)
		}
	}
}

// TestSecretsAreMarked guards against a new password or secret field that
// nobody marked: every field whose name says secret is either marked or a
// label naming where a secret is kept.
func TestSecretsAreMarked(t *testing.T) {
	check := func(where string, f *Field) {
		n := strings.ToLower(f.Name)
		looks := strings.Contains(n, "password") || strings.Contains(n, "secret")
		if looks && !f.Secret && !strings.HasSuffix(n, "label") {
			t.Errorf("%s: field %s looks secret but is not marked secret", where, f.Name)
		}
		if f.Secret && f.Type != TypeString {
			t.Errorf("%s: secret field %s must be a string", where, f.Name)
		}
	}
	for _, r := range Load().Resources {
		for _, f := range r.Fields {
			check(r.Name, f)
		}
		for _, op := range r.Ops {
			for _, f := range op.Fields {
				check(r.Name+" "+op.Verb, f)
			}
		}
	}
}

func TestOnlyJobReadsMutate(t *testing.T) {
	for _, r := range Load().Resources {
		for _, op := range r.Ops {
			if op.Mutates && r.Name != "Job" {
				t.Errorf("%s %s is marked mutates: say why in the catalogue notes and adjust this test", r.Name, op.Kind)
			}
		}
	}
	job, _ := Load().Resource("Job")
	if op, ok := job.Op(KindGet, "", ""); !ok || !op.Mutates {
		t.Error("a job's GET counts a poll: it must be marked mutates")
	}
}
