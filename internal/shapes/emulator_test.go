package shapes_test

import (
	"context"
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
