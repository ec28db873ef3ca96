package acceptance

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

const (
	testAccess = "ACCEPTANCETESTKEYABC"
	testSecret = "c2VjcmV0LWZvci1hY2NlcHRhbmNlLXRlc3RzLTEyMzQ="
	testAgent  = "acceptance-client/1.0"
)

// startEmulator serves a freshly seeded in-memory emulator on a loopback
// socket and returns a client for it.
func startEmulator(t *testing.T) *rawClient {
	t.Helper()
	st := store.NewMemory()
	ctx := context.Background()
	if err := seed.Load(ctx, st, seed.Default(), &engine.APIKey{AccessKey: testAccess, SecretKey: testSecret}); err != nil {
		t.Fatal(err)
	}
	srv, err := emulator.New(emulator.Options{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &rawClient{base: hs.URL, version: catalog.Load().DefaultVersion, access: testAccess, secret: testSecret, agent: testAgent}
}

// requiredFilters finds values for a resource's required list filters by
// asking the API itself (an id filter takes the first id of the resource
// whose key it is), except the region, which the docs' examples fix.
func requiredFilters(t *testing.T, c *rawClient, r *catalog.Resource) url.Values {
	t.Helper()
	q := url.Values{}
	for _, p := range r.Filters {
		if !p.Required && len(p.RequiredUnless) == 0 {
			continue
		}
		switch {
		case p.Name == "regionId":
			q.Set(p.Name, "19344")
		case p.Name == "engine":
			q.Set(p.Name, "MYSQL")
		case strings.HasSuffix(p.Name, "Id"):
			owner := ownerOfKey(t, p.Name)
			list := items(t, c.do(t, "GET", owner.Path, nil, ""), owner.Collection)
			// The first candidate whose list is not empty, so that the
			// test below sees data.
			for _, it := range list {
				q.Set(p.Name, field(t, it, owner.Key))
				if len(items(t, c.do(t, "GET", r.Path, q, ""), r.Collection)) > 0 {
					break
				}
			}
			if q.Get(p.Name) == "" {
				t.Fatalf("no %s to use as %s", owner.Name, p.Name)
			}
		default:
			t.Fatalf("%s: no value known for required filter %s", r.Name, p.Name)
		}
	}
	return q
}

func ownerOfKey(t *testing.T, key string) *catalog.Resource {
	t.Helper()
	for _, r := range catalog.Load().Resources {
		if r.Key == key && r.Has(catalog.KindList) && !hasRequired(r) {
			return r
		}
	}
	t.Fatalf("no listable resource has key %s", key)
	return nil
}

func hasRequired(r *catalog.Resource) bool {
	for _, p := range r.Filters {
		if p.Required || len(p.RequiredUnless) > 0 {
			return true
		}
	}
	return false
}

// Every resource of the catalogue can be listed (with its required filters),
// counted and read by id, with the envelopes of spec section 5.
func TestEveryResourceListGetHead(t *testing.T) {
	t.Parallel()
	c := startEmulator(t)
	idsInPath := map[string]string{"ServerAnalytics": "331810", "TierAnalytics": "2201"}
	for _, r := range catalog.Load().Resources {
		t.Run(r.Name, func(t *testing.T) {
			switch {
			case r.Flat:
				got := c.do(t, "GET", r.Path, nil, "").json(t)
				for _, f := range r.Fields {
					if _, ok := got[f.Name]; !ok {
						t.Errorf("flat %s lacks %s: %v", r.Name, f.Name, got)
					}
				}
				return
			case r.KeyInPath:
				got := items(t, c.do(t, "GET", r.Path+"/"+idsInPath[r.Name], nil, ""), r.Collection)
				if len(got) != 1 || field(t, got[0], r.Key) != idsInPath[r.Name] {
					t.Fatalf("want one %s for id %s, got %v", r.Collection, idsInPath[r.Name], got)
				}
				return
			}
			q := requiredFilters(t, c, r)
			resp := c.do(t, "GET", r.Path, q, "")
			if resp.status != 200 {
				t.Fatalf("list: status %d: %s", resp.status, resp.body)
			}
			list := items(t, resp, r.Collection)
			if len(list) == 0 {
				t.Fatalf("list of %s is empty", r.Name)
			}
			if r.Has(catalog.KindHead) {
				h := c.do(t, "HEAD", r.Path, q, "")
				if h.status != 200 || len(h.body) != 0 || h.header.Get("x-es-count") == "" {
					t.Errorf("HEAD: status %d, count %q, %d body bytes", h.status, h.header.Get("x-es-count"), len(h.body))
				}
			}
			if r.Has(catalog.KindGet) {
				id := field(t, list[0], r.Key)
				one := items(t, c.do(t, "GET", r.Path+"/"+url.PathEscape(id), nil, ""), r.Collection)
				if len(one) != 1 || field(t, one[0], r.Key) != id {
					t.Fatalf("get %s: want a one-element array with that id, got %v", id, one)
				}
			}
			for _, p := range r.Filters {
				if !p.Required {
					continue
				}
				without := c.do(t, "GET", r.Path, nil, "")
				if without.status != 400 || !strings.Contains(without.errorMessage(t), p.Name) {
					t.Errorf("list without required %s: status %d, body %s", p.Name, without.status, without.body)
				}
			}
		})
	}
}

func TestUnknownIDIs404(t *testing.T) {
	t.Parallel()
	c := startEmulator(t)
	r := c.do(t, "GET", "admin/Job/987654321", nil, "")
	if r.status != 404 || r.errorMessage(t) == "" {
		t.Fatalf("status %d, body %s", r.status, r.body)
	}
}
