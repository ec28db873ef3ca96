package sdk_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/internal/synthetic"
	"github.com/mixcoatl/mixcoatl/sdk"
)

// widgets returns the synthetic Widget resource of a catalogue copy, the
// API serving it and a client of that API at the API version.
func widgets(t *testing.T, version string) (*catalog.Resource, *synthetic.API, *dcm.Client) {
	t.Helper()
	cat, err := synthetic.Catalog(synthetic.Widget)
	if err != nil {
		t.Fatal(err)
	}
	res, ok := cat.Resource("Widget")
	if !ok {
		t.Fatal("the copied catalogue lacks Widget")
	}
	api := synthetic.NewAPI()
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	c, err := dcm.New(dcm.Config{AccessKey: "ACCESS", SecretKey: "SECRET", Endpoint: srv.URL + dcm.APIBasePath + "/" + version})
	if err != nil {
		t.Fatal(err)
	}
	return res, api, c
}

func field(t *testing.T, raw json.RawMessage, name string) any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("item %s: %v", raw, err)
	}
	return m[name]
}

// The executor reads, creates, acts on and deletes a resource that only a
// copy of the catalogue describes, decoding each kind of answer.
func TestExecutorRunsASyntheticResource(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	res, api, c := widgets(t, "2015-05-25")

	var pages [][]any
	for items, err := range sdk.ListPages(ctx, c, res, nil) {
		if err != nil {
			t.Fatal(err)
		}
		var ids []any
		for _, it := range items {
			ids = append(ids, field(t, it, "widgetId"))
		}
		pages = append(pages, ids)
	}
	if len(pages) != 2 || len(pages[0]) != 2 || len(pages[1]) != 1 || pages[1][0] != 9.0 {
		t.Errorf("pages %v, want [[7 8] [9]]", pages)
	}

	if n, err := sdk.CountItems(ctx, c, res, url.Values{"shelfId": {"3"}}); err != nil || n != 2 {
		t.Errorf("CountItems(shelf 3) = %d, %v; want 2", n, err)
	}

	got, err := sdk.GetItem(ctx, c, res, "8", nil)
	if err != nil || field(t, got, "name") != "gizmo-two" {
		t.Fatalf("GetItem(8) = %s, %v", got, err)
	}

	created, err := sdk.Exec(ctx, c, sdk.Operation{Resource: res, Kind: catalog.KindCreate, Verb: "addWidget"}, "",
		map[string]any{"name": "new-one", "color": "teal"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	item, err := created.One()
	if err != nil || created.Async() || field(t, item, "color") != "teal" {
		t.Fatalf("create: %s, %v", item, err)
	}

	spun, err := sdk.Exec(ctx, c, sdk.Operation{Resource: res, Kind: catalog.KindAction, Verb: "spin"}, "7",
		map[string]any{"turns": 2}, nil)
	if err != nil || !spun.Async() || len(spun.Jobs) != 1 || spun.Jobs[0].Status != "RUNNING" {
		t.Fatalf("spin: %+v, %v", spun, err)
	}

	deleted, err := sdk.Exec(ctx, c, sdk.Operation{Resource: res, Kind: catalog.KindDelete}, "9", nil, url.Values{"reason": {"old"}})
	if err != nil || !deleted.Empty() || deleted.Async() {
		t.Fatalf("delete: %+v, %v", deleted, err)
	}

	want := []synthetic.Request{
		{Method: "GET", Path: "platform/Widget"},
		{Method: "GET", Path: "platform/Widget", Query: "requestPage=2&requestPaginationId=widgets-1"},
		{Method: "HEAD", Path: "platform/Widget", Query: "shelfId=3"},
		{Method: "GET", Path: "platform/Widget/8"},
		{Method: "POST", Path: "platform/Widget", Body: []byte(`{"addWidget":[{"color":"teal","name":"new-one"}]}`)},
		{Method: "PUT", Path: "platform/Widget/7", Body: []byte(`{"spin":{"turns":2}}`)},
		{Method: "DELETE", Path: "platform/Widget/9", Query: "reason=old"},
	}
	reqs := api.Requests()
	if len(reqs) != len(want) {
		t.Fatalf("%d requests, want %d: %+v", len(reqs), len(want), reqs)
	}
	for i, w := range want {
		r := reqs[i]
		if r.Method != w.Method || r.Path != w.Path || r.Query != w.Query || string(r.Body) != string(w.Body) {
			t.Errorf("request %d = %s %s?%s %s, want %s %s?%s %s", i, r.Method, r.Path, r.Query, r.Body, w.Method, w.Path, w.Query, w.Body)
		}
	}
}

// Everything wrong with a call is found before a request is sent: an op
// the resource lacks, a member of another version's form, a missing
// required field or parameter.
func TestExecutorRefusesBeforeSending(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	res, api, c := widgets(t, "2012-06-15") // the "colour" form
	create := sdk.Operation{Resource: res, Kind: catalog.KindCreate, Verb: "addWidget"}

	_, err := sdk.Exec(ctx, c, create, "", map[string]any{"name": "x", "color": "red"}, nil)
	if fe, ok := errors.AsType[*sdk.FormError](err); !ok || fe.Member != "color" || fe.Version != "2012-06-15" || fe.Verb != "addWidget" {
		t.Errorf("a member of the newer form: err = %v, want a FormError naming color and 2012-06-15", err)
	}
	_, err = sdk.Exec(ctx, c, create, "", map[string]any{"colour": "red"}, nil)
	if mf, ok := errors.AsType[*sdk.MissingFieldError](err); !ok || mf.Field != "name" || mf.Resource != "Widget" {
		t.Errorf("no name: err = %v, want a MissingFieldError for name", err)
	}
	_, err = sdk.Exec(ctx, c, sdk.Operation{Resource: res, Kind: catalog.KindDelete}, "7", nil, nil)
	if mf, ok := errors.AsType[*sdk.MissingFilterError](err); !ok || mf.Filter != "reason" || mf.Op != "delete" {
		t.Errorf("no reason: err = %v, want a MissingFilterError for the delete's reason", err)
	}
	_, err = sdk.Exec(ctx, c, sdk.Operation{Resource: res, Kind: catalog.KindUpdate, Verb: "describeWidget"}, "7", nil, nil)
	if ue, ok := errors.AsType[*sdk.UnsupportedError](err); !ok || ue.Version != "2012-06-15" {
		t.Errorf("an op the resource lacks: err = %v, want an UnsupportedError", err)
	}
	if n := len(api.Requests()); n != 0 {
		t.Fatalf("%d requests sent, want none", n)
	}

	// A typed request is the union of the forms: a member only another
	// form takes is refused like a map's, unless the chosen form's own name
	// for it (sameAs) is set too; then only the chosen form's fields are
	// sent.
	type addWidget struct {
		Name   string `json:"name"`
		Color  string `json:"color"`
		Colour string `json:"colour"`
	}
	_, err = sdk.Exec(ctx, c, create, "", addWidget{Name: "x", Color: "red"}, nil)
	if fe, ok := errors.AsType[*sdk.FormError](err); !ok || fe.Member != "color" || fe.Version != "2012-06-15" {
		t.Errorf("a typed request with only the newer form's member: err = %v, want a FormError naming color", err)
	}
	if n := len(api.Requests()); n != 0 {
		t.Fatalf("%d requests sent, want none", n)
	}
	if _, err := sdk.Exec(ctx, c, create, "", addWidget{Name: "x", Color: "red", Colour: "red"}, nil); err != nil {
		t.Fatal(err)
	}
	reqs := api.Requests()
	if len(reqs) != 1 || string(reqs[0].Body) != `{"addWidget":[{"colour":"red","name":"x"}]}` {
		t.Errorf("typed create sent %+v", reqs)
	}
}
