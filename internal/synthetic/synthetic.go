// Package synthetic adds a resource that exists nowhere but in a test to a
// copy of the catalogue, and serves it over HTTP the way the API serves a
// resource. Tests use it to prove that a resource needs only catalogue
// data: the SDK's executor and the CLI's command tree (and, given the same
// catalogue, the emulator) handle it without a line of code about it.
package synthetic

import (
	"encoding/json"
	"fmt"

	"github.com/mixcoatl/mixcoatl/catalog"
)

// Widget is the synthetic resource: platform/Widget, listed (optionally
// by shelf) two to a page and counted, read by id, created synchronously in two forms
// (the colour was spelled "colour" before 2014-07-30, "color" since),
// spun asynchronously (202 and a job; a partner widget may be named),
// and deleted with a required reason. Users may name widgets.
const Widget = `{
  "scope": "platform", "name": "Widget", "path": "platform/Widget",
  "collection": "widgets", "key": "widgetId", "keyType": "int", "evidence": "inferred",
  "aliases": ["gizmo"], "example": "7", "lookup": ["name"],
  "filters": [{"name": "shelfId", "type": "int", "example": "3", "doc": "only the widgets of this shelf"}],
  "ops": [
    {"kind": "list", "async": false},
    {"kind": "head", "async": false},
    {"kind": "get", "async": false},
    {"kind": "create", "verb": "addWidget", "wrap": "list", "async": false, "until": "2014-07-30",
     "fields": [{"name": "name", "type": "string", "required": true}, {"name": "colour", "type": "string"}]},
    {"kind": "create", "verb": "addWidget", "wrap": "list", "async": false, "since": "2014-07-30",
     "fields": [{"name": "name", "type": "string", "required": true}, {"name": "color", "type": "string", "example": "red"}]},
    {"kind": "action", "verb": "spin", "wrap": "object", "async": true, "aliases": ["twirl"],
     "fields": [{"name": "turns", "type": "int", "required": true, "example": "3"},
                {"name": "partner", "type": "ref", "ref": "Widget", "refKey": "widgetId"}]},
    {"kind": "delete", "async": false, "params": [{"name": "reason", "type": "string", "required": true}]}
  ],
  "fields": [
    {"name": "widgetId", "type": "int"}, {"name": "name", "type": "string"},
    {"name": "colour", "type": "string", "until": "2014-07-30", "sameAs": "color"},
    {"name": "color", "type": "string", "since": "2014-07-30"}, {"name": "status", "type": "string"},
    {"name": "shelfId", "type": "int"}
  ],
  "columns": ["widgetId", "name", "status"]
}`

// Catalog returns a copy of the embedded catalogue with the resources
// added, each a catalogue resource as JSON (such as Widget). The embedded
// catalogue is not changed.
func Catalog(resources ...string) (*catalog.Catalog, error) {
	b, err := json.Marshal(catalog.Load())
	if err != nil {
		return nil, err
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	var list []json.RawMessage
	if err := json.Unmarshal(doc["resources"], &list); err != nil {
		return nil, err
	}
	for _, r := range resources {
		if !json.Valid([]byte(r)) {
			return nil, fmt.Errorf("synthetic: a resource is not valid JSON")
		}
		list = append(list, json.RawMessage(r))
	}
	if doc["resources"], err = json.Marshal(list); err != nil {
		return nil, err
	}
	if b, err = json.Marshal(doc); err != nil {
		return nil, err
	}
	return catalog.Parse(b)
}
