package openapicheck_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi-validator/schema_validation"
	"github.com/pb33f/libopenapi/datamodel"

	"github.com/mixcoatl/mixcoatl/internal/heavy"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/openapicheck"
	"github.com/mixcoatl/mixcoatl/internal/openapigen"
)

// TestEveryDocumentLoadsAndValidates: the checker loads every version's
// document (so it understands every key in it), and the reference
// validator (libopenapi-validator, test-only) finds nothing wrong with it
// against the OpenAPI 3.1 schema.
func TestEveryDocumentLoadsAndValidates(t *testing.T) {
	heavy.NotUnderRace(t)
	cat := catalog.Load()
	for _, v := range cat.Versions {
		t.Run(v, func(t *testing.T) {
			doc, err := openapigen.Document(cat, v)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := openapicheck.New(doc); err != nil {
				t.Fatal(err)
			}
			d, err := libopenapi.NewDocumentWithConfiguration(doc, &datamodel.DocumentConfiguration{
				Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			_, problems := schema_validation.ValidateOpenAPIDocument(d)
			for _, e := range problems {
				t.Errorf("%s: %s", e.Message, e.Reason)
			}
		})
	}
}

// TestExamplesKeepTheDocument: every example answer a document gives (the
// default seed's record, as the version answers it) validates against the
// operation it illustrates.
func TestExamplesKeepTheDocument(t *testing.T) {
	heavy.NotUnderRace(t)
	t.Parallel()
	cat := catalog.Load()
	c := openapicheck.NewContract(cat)
	n := 0
	for _, v := range []string{cat.Versions[0], cat.DefaultVersion, cat.CurrentVersion} {
		for _, ex := range getExamples(t, cat, v) {
			r := signed(http.MethodGet, v+ex.path, jsonType, "")
			got, _ := c.Exchange(r, answer(http.StatusOK, jsonType, ex.body))
			for _, e := range got {
				t.Errorf("%s example: %v", v, e)
			}
			n++
		}
	}
	if n < 60 {
		t.Errorf("only %d examples checked", n)
	}
}

// example is a get's example answer and the path (its parameters set to
// their examples) it answers.
type example struct{ path, body string }

// getExamples are the example answers of version v's gets.
func getExamples(t testing.TB, cat *catalog.Catalog, v string) []example {
	raw, err := openapigen.Document(cat, v)
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	var out []example
	for path, item := range d.Paths {
		var op struct {
			Responses map[string]struct {
				Content map[string]struct {
					Example json.RawMessage `json:"example"`
				} `json:"content"`
			} `json:"responses"`
		}
		var params []struct {
			Name    string `json:"name"`
			Example any    `json:"example"`
		}
		if p, ok := item["parameters"]; ok {
			_ = json.Unmarshal(p, &params)
		}
		if err := json.Unmarshal(item["get"], &op); err != nil || item["get"] == nil {
			continue
		}
		ex := op.Responses["200"].Content["application/json"].Example
		if ex == nil {
			continue
		}
		for _, p := range params {
			path = strings.ReplaceAll(path, "{"+p.Name+"}", fmt.Sprint(p.Example))
		}
		out = append(out, example{path, string(ex)})
	}
	return out
}
