package openapicheck_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/internal/openapicheck"
)

// smallDocument is a document in the generator's style, small enough to
// break by hand: a list of records with a secret, a timestamp, a status
// enum, a nullable owner and an XML form; a create with a closed payload.
func smallDocument() map[string]any {
	return map[string]any{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
		"info":              map[string]any{"title": "t", "version": "v"},
		"servers":           []any{map[string]any{"url": "/api/enstratus/v"}},
		"security":          []any{map[string]any{"esAccess": []any{}}},
		"paths": map[string]any{
			"/things/{thingId}": map[string]any{
				"parameters": []any{map[string]any{"name": "thingId", "in": "path", "required": true, "schema": map[string]any{"type": "integer"}}},
				"get": map[string]any{
					"parameters": []any{map[string]any{"name": "limit", "in": "query", "schema": map[string]any{"type": "integer", "minimum": 1}}},
					"responses": map[string]any{
						"200": map[string]any{"description": "d", "content": map[string]any{
							"application/json": map[string]any{"schema": map[string]any{
								"type": "object", "additionalProperties": false, "required": []any{"things"},
								"properties": map[string]any{"things": map[string]any{"type": "array", "minItems": 1, "items": map[string]any{"$ref": "#/components/schemas/Thing"}}},
							}},
							"application/xml": map[string]any{"schema": map[string]any{
								"type": "array", "xml": map[string]any{"name": "things", "wrapped": true},
								"items": map[string]any{"$ref": "#/components/schemas/Thing"},
							}},
						}},
						"default": map[string]any{"$ref": "#/components/responses/Error"},
					},
				},
			},
		},
		"components": map[string]any{
			"schemas": map[string]any{
				"Thing": map[string]any{
					"type": "object", "additionalProperties": false, "required": []any{"thingId"},
					"xml": map[string]any{"name": "thing"},
					"properties": map[string]any{
						"thingId":  map[string]any{"type": "integer", "xml": map[string]any{"attribute": true}},
						"password": map[string]any{"type": "string", "pattern": "^[a-z]+$", "description": "secret"},
						"status":   map[string]any{"type": "string", "enum": []any{"ACTIVE", "GONE"}},
						"created":  map[string]any{"type": "string", "pattern": "^[0-9]{4}$", "examples": []any{"2014"}},
						"owner":    map[string]any{"oneOf": []any{map[string]any{"type": "null"}, map[string]any{"$ref": "#/components/schemas/Owner"}}},
						"cidr":     map[string]any{"not": map[string]any{}},
					},
				},
				"Owner": map[string]any{"type": []any{"object"}, "properties": map[string]any{"userId": map[string]any{"type": "integer", "maximum": 9}}},
			},
			"responses": map[string]any{"Error": map[string]any{"description": "e", "content": map[string]any{
				"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}},
			"securitySchemes": map[string]any{"esAccess": map[string]any{"type": "apiKey", "in": "header", "name": "x-esauth-access"}},
		},
	}
}

func load(t *testing.T, doc map[string]any) (*openapicheck.Checker, error) {
	t.Helper()
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return openapicheck.New(b)
}

// at returns the object at a path of keys in doc.
func at(doc map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		doc = doc[k].(map[string]any)
	}
	return doc
}

// TestLoaderRefusesWhatItDoesNotUnderstand: a keyword or key the checker
// does not apply, anywhere, fails the load with its name and location;
// it is never passed over.
func TestLoaderRefusesWhatItDoesNotUnderstand(t *testing.T) {
	t.Parallel()
	if _, err := load(t, smallDocument()); err != nil {
		t.Fatalf("the small document: %v", err)
	}
	thing := func(d map[string]any) map[string]any { return at(d, "components", "schemas", "Thing") }
	op := func(d map[string]any) map[string]any { return at(d, "paths", "/things/{thingId}", "get") }
	cases := []struct {
		name   string
		change func(d map[string]any)
		want   []string // in the error
	}{
		{"format", func(d map[string]any) { at(thing(d), "properties", "created")["format"] = "date-time" },
			[]string{`"format"`, "#/components/schemas/Thing/properties/created/format"}},
		{"anyOf", func(d map[string]any) { thing(d)["anyOf"] = []any{} }, []string{`"anyOf"`, "#/components/schemas/Thing/anyOf"}},
		{"maxItems in an inline schema", func(d map[string]any) {
			at(op(d), "responses", "200", "content", "application/json", "schema", "properties", "things")["maxItems"] = 3.0
		}, []string{`"maxItems"`, "#/paths/~1things~1{thingId}/get/responses/200/content/application~1json/schema/properties/things/maxItems"}},
		{"xml namespace", func(d map[string]any) { at(thing(d), "xml")["namespace"] = "urn:x" }, []string{`"namespace"`, "#/components/schemas/Thing/xml/namespace"}},
		{"x- in a schema", func(d map[string]any) { thing(d)["x-internal"] = true }, []string{`"x-internal"`}},
		{"parameter style", func(d map[string]any) {
			op(d)["parameters"].([]any)[0].(map[string]any)["style"] = "form"
		}, []string{`"style"`, "#/paths/~1things~1{thingId}/get/parameters/0/style"}},
		{"cookie parameter", func(d map[string]any) {
			op(d)["parameters"].([]any)[0].(map[string]any)["in"] = "cookie"
		}, []string{`"cookie"`, "parameters/0/in"}},
		{"callbacks", func(d map[string]any) { op(d)["callbacks"] = map[string]any{} }, []string{`"callbacks"`}},
		{"webhooks", func(d map[string]any) { d["webhooks"] = map[string]any{} }, []string{`"webhooks"`, "#/webhooks"}},
		{"links", func(d map[string]any) { at(op(d), "responses", "200")["links"] = map[string]any{} }, []string{`"links"`}},
		{"encoding", func(d map[string]any) {
			at(op(d), "responses", "200", "content", "application/json")["encoding"] = map[string]any{}
		}, []string{`"encoding"`}},
		{"http security", func(d map[string]any) { at(d, "components", "securitySchemes", "esAccess")["type"] = "http" },
			[]string{"apiKey", "#/components/securitySchemes/esAccess"}},
		{"a $ref outside the components", func(d map[string]any) {
			at(thing(d), "properties", "owner")["oneOf"].([]any)[1].(map[string]any)["$ref"] = "other.json#/Owner"
		}, []string{"other.json#/Owner", "#/components/schemas/Thing/properties/owner/oneOf/1/$ref"}},
		{"an unknown type", func(d map[string]any) { at(thing(d), "properties", "status")["type"] = "text" }, []string{`text`, "properties/status/type"}},
		{"a bad pattern", func(d map[string]any) { at(thing(d), "properties", "created")["pattern"] = "([" }, []string{"properties/created/pattern"}},
		{"OpenAPI 3.0", func(d map[string]any) { d["openapi"] = "3.0.3" }, []string{"3.0.3"}},
	}
	for _, tc := range cases {
		d := smallDocument()
		tc.change(d)
		_, err := load(t, d)
		if err == nil {
			t.Errorf("%s: the document loads", tc.name)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v, want it to say %s", tc.name, err, w)
			}
		}
	}
}

// TestViolationsSayWhereWhatAndFound: each violation names its place (a
// JSON pointer, or an XML path for XML), what the document wants and what
// was found, and never shows a secret's value.
func TestViolationsSayWhereWhatAndFound(t *testing.T) {
	t.Parallel()
	c, err := load(t, smallDocument())
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		path, ct, body string
		want           []string
		secret         string // must not appear
	}{
		{"things/1", jsonType, `{"things":[{"thingId":"one"}]}`, []string{"/things/0/thingId", "want integer", `found string "one"`}, ""},
		{"things/1", jsonType, `{"things":[{"thingId":1,"status":"LOST"}]}`, []string{"/things/0/status", `want one of ["ACTIVE","GONE"]`, `"LOST"`}, ""},
		{"things/1", jsonType, `{"things":[{"thingId":1,"created":"May"}]}`, []string{"/things/0/created", "^[0-9]{4}$", `"May"`}, ""},
		{"things/1", jsonType, `{"things":[{"thingId":1,"password":"Hunter2-SECRET"}]}`, []string{"/things/0/password", "^[a-z]+$", "a string (a secret"}, "Hunter2-SECRET"},
		{"things/1", jsonType, `{"things":[{"thingId":1,"password":12345678}]}`, []string{"/things/0/password", "want string", "a secret"}, "12345678"},
		{"things/1", jsonType, `{"things":[{}]}`, []string{"/things/0", `required property "thingId"`}, ""},
		{"things/1", jsonType, `{"things":[{"thingId":1,"extra":1}]}`, []string{"/things/0", `"extra"`, "not one the document allows"}, ""},
		{"things/1", jsonType, `{"things":[]}`, []string{"/things", "at least 1 entries, found 0"}, ""},
		{"things/1", jsonType, `{"things":[{"thingId":1,"owner":{"userId":10}}]}`, []string{"/things/0/owner", "oneOf", "fits none"}, ""},
		{"things/1", jsonType, `{"things":[{"thingId":1,"cidr":"10.0.0.0/8"}]}`, []string{"/things/0/cidr", "not allowed"}, ""},
		{"things/1", jsonType, `{"things":1}`, []string{"/things", "want array, found integer 1"}, ""},
		{"things/1", jsonType, `[]`, []string{"(the whole body)", "want object, found an array of 0"}, ""},
		{"things/1", jsonType, `{"things":`, []string{"not JSON"}, ""},
		{"things/1", xmlType, `<things><thing thingId="x"/></things>`, []string{"/things/thing[1]/@thingId", "want integer", `"x"`}, ""},
		{"things/1", xmlType, `<things><thing thingId="1"><password>SECRET-X</password></thing></things>`, []string{"/things/thing[1]/password", "a secret"}, "SECRET-X"},
		{"things/1", xmlType, `<things><item thingId="1"/></things>`, []string{"<things> holds <item>", "<thing>"}, ""},
		{"things/1", "text/plain", `x`, []string{`Content-Type "text/plain"`, "application/json, application/xml"}, ""},
		{"nothing/1", jsonType, `{}`, []string{"no path of the document matches"}, ""},
	}
	for _, tc := range cases {
		r, _ := http.NewRequest(http.MethodGet, "http://h/api/enstratus/v/"+tc.path, nil)
		got := strings.Join(c.Response(r, answer(http.StatusOK, tc.ct, tc.body)), "\n")
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q, want it to say %s", tc.body, got, w)
			}
		}
		if tc.secret != "" && strings.Contains(got, tc.secret) {
			t.Errorf("%s: %q shows the secret", tc.body, got)
		}
	}
}

// TestRequestChecks: parameters (type, minimum, a path template), and the
// security header.
func TestRequestChecks(t *testing.T) {
	t.Parallel()
	c, err := load(t, smallDocument())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		target string
		signed bool
		want   string // "" for no violation
	}{
		{"things/1?limit=5", true, ""},
		{"things/x", true, "path parameter thingId: want integer, found string \"x\""},
		{"things/1?limit=0", true, "query parameter limit: want at least 1, found integer 0"},
		{"things/1?limit=a:b", true, "reserved character"},
		{"things/1", false, "security header(s) X-Esauth-Access"},
		{"things", true, "no path of the document matches"},
	} {
		r, _ := http.NewRequest(http.MethodGet, "http://h/api/enstratus/v/"+tc.target, nil)
		if tc.signed {
			r.Header.Set("x-esauth-access", "k")
		}
		got := strings.Join(c.Request(r), "\n")
		if tc.want == "" && got != "" || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.target, got, tc.want)
		}
	}
	r, _ := http.NewRequest(http.MethodPost, "http://h/api/enstratus/v/things/1", nil)
	r.Header.Set("x-esauth-access", "k")
	if got := c.Request(r); len(got) != 1 || !strings.Contains(got[0], "no POST operation on /things/{thingId}") {
		t.Errorf("POST: %q", got)
	}
}
