package shapes_test

import (
	"slices"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/shapes"
)

// Every recording the catalogue lists has its fixture and every fixture
// is a listed recording, in the resource's envelope, without secrets.
func TestFixturesMatchTheCatalogue(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	have, err := shapes.Index()
	if err != nil {
		t.Fatal(err)
	}
	listed := 0
	for _, r := range cat.Resources {
		for _, rec := range r.Recordings {
			listed++
			name := shapes.Named(r.Name, rec)
			f, ok := have[name]
			if !ok {
				t.Errorf("%s: recorded (%s) but no fixture %s.json", r.Name, rec.Source, name)
				continue
			}
			if !cat.KnownVersion(rec.Version) || (rec.Details != "basic" && rec.Details != "extended") || rec.Source == "" {
				t.Errorf("%s: bad recording %+v", r.Name, rec)
			}
			items, err := f.Items(r.Collection)
			if err != nil || len(items) == 0 {
				t.Errorf("%s: %v (%d items)", name, err, len(items))
				continue
			}
			for k := range shapes.Of(items...).Types {
				if fd, ok := r.Field(k); ok && fd.Secret {
					t.Errorf("%s: holds the secret %s", name, k)
				}
			}
		}
	}
	if listed != len(have) {
		t.Errorf("%d fixtures, %d recordings listed in the catalogue", len(have), listed)
	}
}

func TestMissing(t *testing.T) {
	t.Parallel()
	dec := func(s string) any {
		v, err := shapes.Decode([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	want := shapes.Of(dec(`{"id": 1, "rate": 1.5, "label": null, "cloud": {"cloudId": 1, "name": "x"}, "ips": ["a"], "tags": [{"k": "v"}]}`))
	for _, tc := range []struct {
		got  string
		miss []string
	}{
		{`{"id": 2, "rate": 3, "cloud": {"cloudId": 4, "name": "y"}, "ips": ["b"], "tags": [{"k": "w"}]}`, nil},
		{`{"id": "2", "rate": 3, "cloud": {"cloudId": 4}, "ips": [], "tags": [{"k": 1}]}`,
			[]string{"cloud.name: missing", "id: answered as string, recorded as int", "ips[]: always empty", "tags.k: answered as int, recorded as string"}},
		{`{"id": null, "rate": 1.25, "cloud": {"cloudId": 1.5, "name": "y"}, "ips": [1], "tags": []}`,
			[]string{"cloud.cloudId: answered as number, recorded as int", "id: missing", "ips[]: elements answered as int, recorded as string", "tags[]: always empty"}},
	} {
		if got := shapes.Missing(want, shapes.Of(dec(tc.got))); !slices.Equal(got, tc.miss) {
			t.Errorf("%s:\n got  %q\n want %q", tc.got, got, tc.miss)
		}
	}
}
