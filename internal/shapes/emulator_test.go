package shapes_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/internal/shapes"
	"github.com/mixcoatl/mixcoatl/wire"
)

// TestEmulatorAnswersHaveTheRecordedShapes walks the catalogue's
// recordings: for each, the emulator (default seed, through HTTP as a
// client reads it) answers the resource at the recording's API version and
// detail level with every key the recording has, with the recorded JSON
// type, at every depth (an extended answer's embedded records included),
// and never with a secret.
func TestEmulatorAnswersHaveTheRecordedShapes(t *testing.T) {
	t.Parallel()
	cat := catalog.Load()
	emu := dcmtest.New(t, dcmtest.WithClock(func() time.Time { return time.Date(2014, 6, 5, 12, 0, 0, 0, time.UTC) }))
	byName, err := shapes.Index()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, res := range cat.Resources {
		for _, rec := range res.Recordings {
			f, ok := byName[shapes.Named(res.Name, rec)]
			if !ok {
				t.Errorf("%s: no fixture for the recording %+v", res.Name, rec)
				continue
			}
			checked++
			t.Run(f.Name(), func(t *testing.T) {
				recorded, err := f.Items(res.Collection)
				if err != nil {
					t.Fatal(err)
				}
				answered := read(t, emu, res, rec.Version, rec.Details)
				if len(answered) == 0 {
					t.Fatalf("the emulator answers no %s", res.Name)
				}
				for _, miss := range shapes.Missing(shapes.Of(recorded...), shapes.Of(answered...)) {
					t.Errorf("%s", miss)
				}
				for k := range shapes.Of(answered...).Types {
					if wire.IsSecret(k) {
						t.Errorf("a read answers the secret %s", k)
					}
				}
			})
		}
	}
	if checked < 30 {
		t.Errorf("only %d recordings checked", checked)
	}
}

// read returns the items the emulator answers for res at the version and
// detail level: its list (required filters set to the catalogue's
// examples), or the example item of a resource read only by id.
func read(t *testing.T, emu *dcmtest.Emulator, res *catalog.Resource, version, details string) []any {
	t.Helper()
	cfg := emu.Config
	cfg.APIVersion = version
	cfg.Endpoint = dcmtest.BaseURL + wire.BasePath + "/" + version
	emu.Config = cfg
	client := emu.Client()
	path, query := res.Path, url.Values{}
	if res.KeyInPath {
		path += "/" + res.Example
	} else {
		for _, p := range res.Filters {
			if p.Required || len(p.RequiredUnless) > 0 {
				query.Set(p.Name, p.Example)
			}
		}
	}
	resp, err := client.Do(context.Background(), &dcm.Request{Method: http.MethodGet, Path: path, Query: query,
		Format: dcm.FormatJSON, Details: dcm.Details(strings.ToLower(details))})
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	doc, err := shapes.Decode(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	items, _ := doc.(map[string]any)[res.Collection].([]any)
	return items
}

// TestAnswersFollowTheVersionOverHTTP reads records over HTTP, in lists and
// by id (the fast path that copies stored records), in JSON and XML, at
// versions on both sides of a rename: each answers the version's names.
func TestAnswersFollowTheVersionOverHTTP(t *testing.T) {
	t.Parallel()
	emu := dcmtest.New(t)
	cat := catalog.Load()
	for _, tc := range []struct {
		resource, id, version string
		has, lacks            []string
	}{
		{"Account", "20001", "2012-06-15", []string{"cloudSubscriptionId"}, []string{"cloudSubscription"}},
		{"Account", "20001", "2014-07-30", []string{"cloudSubscription"}, []string{"cloudSubscriptionId"}},
		{"Server", "331810", "2012-06-15", []string{"publicIpAddress"}, []string{"publicIpAddresses"}},
		{"Server", "331810", "2015-06-29", []string{"publicIpAddress", "publicIpAddresses"}, nil},
		{"FirewallRule", "80003", "2012-06-15", []string{"networkAddress", "startPort"}, []string{"source", "permission", "precedence"}},
		{"FirewallRule", "80003", "2014-07-30", []string{"source", "permission", "precedence", "destination"}, []string{"networkAddress"}},
		{"Cloud", "1", "2012-06-15", []string{"provider", "cloudProviderName", "daseinComputeDelegate"}, nil},
		{"Cloud", "1", "2013-12-07", []string{"cloudProviderName"}, []string{"provider", "daseinComputeDelegate", "webUrl"}},
	} {
		res, _ := cat.Resource(tc.resource)
		for _, format := range []dcm.Format{dcm.FormatJSON, dcm.FormatXML} {
			for _, path := range []string{res.Path, res.Path + "/" + tc.id} {
				body := get(t, emu, res, path, tc.version, format)
				for _, k := range tc.has {
					if !holds(t, body, k, format) {
						t.Errorf("%s %s at %s: no %s in %s", format, path, tc.version, k, body)
					}
				}
				for _, k := range tc.lacks {
					if holds(t, body, k, format) {
						t.Errorf("%s %s at %s: answers %s", format, path, tc.version, k)
					}
				}
			}
		}
	}
}

// get is one GET at a version, with the resource's required filters set
// to their examples.
func get(t *testing.T, emu *dcmtest.Emulator, res *catalog.Resource, path, version string, format dcm.Format) string {
	t.Helper()
	cfg := emu.Config
	cfg.APIVersion = version
	cfg.Endpoint = dcmtest.BaseURL + wire.BasePath + "/" + version
	emu.Config = cfg
	query := url.Values{}
	for _, p := range res.Filters {
		if p.Required {
			query.Set(p.Name, p.Example)
		}
	}
	resp, err := emu.Client().Do(context.Background(), &dcm.Request{Method: http.MethodGet, Path: path, Query: query,
		Format: format, Details: dcm.DetailsBasic})
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return string(resp.Body)
}

// holds reports whether the answer's items have the member at their top
// level: a JSON key, or an XML child element or attribute of an item.
func holds(t *testing.T, body, member string, format dcm.Format) bool {
	t.Helper()
	if format == dcm.FormatJSON {
		doc, err := shapes.Decode([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		for _, items := range doc.(map[string]any) {
			for _, it := range items.([]any) {
				if _, ok := it.(map[string]any)[member]; ok {
					return true
				}
			}
		}
		return false
	}
	dec := xml.NewDecoder(strings.NewReader(body))
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 3 && el.Name.Local == member {
				return true
			}
			for _, a := range el.Attr {
				if depth == 2 && a.Name.Local == member {
					return true
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}
