package sdk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
)

// Writes are JSON whatever format the client reads in: the XML payload
// vocabulary is known from two samples only (spec §14), and the server
// accepted JSON bodies from every client.

// Submit performs an asynchronous operation of T's resource and returns
// its job; nil (and no error) when the server finished synchronously.
// kind is a catalogue op kind, verb its payload key ("" for delete), id the
// item ("" for a create), req the typed request (nil when the op has no
// fields) and params the query (delete parameters).
func Submit[T Model](ctx context.Context, c Client, kind catalog.Kind, verb, id string, req any, params url.Values) (*dcm.Job, error) {
	resp, err := write(ctx, c, ResourceOf[T](), kind, verb, id, req, params)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusAccepted {
		return nil, nil
	}
	jobs, err := dcm.DecodeJobs(resp.Body, responseFormat(resp))
	if err != nil {
		return nil, err
	}
	if len(jobs) == 0 {
		return nil, &EmptyResultError{Method: MethodOf(kind), Path: ResourceOf[T]().Path}
	}
	return &jobs[0], nil
}

// Perform performs a synchronous update, action or delete of T's resource.
func Perform[T Model](ctx context.Context, c Client, kind catalog.Kind, verb, id string, req any, params url.Values) error {
	_, err := write(ctx, c, ResourceOf[T](), kind, verb, id, req, params)
	return err
}

// Create performs a synchronous create and returns the created object, read
// from the 201 answer's collection envelope.
func Create[T Model](ctx context.Context, c Client, verb string, req any) (*T, error) {
	res := ResourceOf[T]()
	resp, err := write(ctx, c, res, catalog.KindCreate, verb, "", req, nil)
	if err != nil {
		return nil, err
	}
	items, err := DecodeItems(res, resp)
	if err != nil {
		return nil, fmt.Errorf("POST %s: %w", res.Path, err)
	}
	if len(items) == 0 {
		return nil, &EmptyResultError{Method: http.MethodPost, Path: res.Path}
	}
	return decodeModel[T](c, items[0])
}

func write(ctx context.Context, c Client, res *catalog.Resource, kind catalog.Kind, verb, id string, req any, params url.Values) (*dcm.Response, error) {
	version := c.Config().APIVersion
	op, ok := res.Op(kind, verb, version)
	if !ok {
		return nil, &UnsupportedError{Resource: res.Name, Kind: string(kind), Verb: verb, Version: version}
	}
	r := &dcm.Request{Method: MethodOf(kind), Path: res.Path, Query: params, Format: dcm.FormatJSON}
	if id != "" {
		r.Path += "/" + url.PathEscape(id)
	}
	if kind != catalog.KindDelete {
		payload, err := Payload(res, op, req)
		if err != nil {
			return nil, err
		}
		if r.Body, err = json.Marshal(Wrap(op, payload)); err != nil {
			return nil, err
		}
	}
	return c.Do(ctx, r)
}

// MethodOf is the HTTP method of an op kind: POST creates, DELETE deletes,
// PUT updates and acts.
func MethodOf(kind catalog.Kind) string {
	switch kind {
	case catalog.KindCreate:
		return http.MethodPost
	case catalog.KindDelete:
		return http.MethodDelete
	}
	return http.MethodPut
}

func responseFormat(resp *dcm.Response) dcm.Format {
	if isXML(resp.Header, resp.Body) {
		return dcm.FormatXML
	}
	return dcm.FormatJSON
}

// Wrap puts a payload under the op's verb (spec §8): {"verb":[payload]},
// {"verb":payload} or {"verb":{"container":payload}}.
func Wrap(op *catalog.Op, payload map[string]any) map[string]any {
	if op.Wrap == "object" {
		if op.Container != "" {
			return map[string]any{op.Verb: map[string]any{op.Container: payload}}
		}
		return map[string]any{op.Verb: payload}
	}
	return map[string]any{op.Verb: []any{payload}}
}

// Payload builds the members of op's payload from req, a request struct
// whose fields carry the wire names as JSON tags. Only the op's fields are
// sent (a request type may serve several API versions' forms); references
// become {"<refKey>": id}; a required field left at its zero value is a
// *MissingFieldError. A map field tagged `json:"-"` named Extra is merged
// last, for members the catalogue does not know.
func Payload(res *catalog.Resource, op *catalog.Op, req any) (map[string]any, error) {
	out := map[string]any{}
	rv := reflect.ValueOf(req)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	byName := map[string]reflect.Value{}
	var extra reflect.Value
	if rv.Kind() == reflect.Struct {
		for i := range rv.NumField() {
			sf := rv.Type().Field(i)
			if sf.Name == "Extra" {
				extra = rv.Field(i)
				continue
			}
			name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
			if name != "" && name != "-" {
				byName[name] = rv.Field(i)
			}
		}
	}
	for _, f := range op.Fields {
		v, ok := byName[f.Name]
		if !ok || v.IsZero() {
			if f.Required {
				return nil, &MissingFieldError{Resource: res.Name, Verb: op.Verb, Field: f.Name}
			}
			continue
		}
		out[f.Name] = wireValue(f, v)
	}
	if extra.IsValid() && extra.Kind() == reflect.Map {
		for _, k := range extra.MapKeys() {
			out[k.String()] = extra.MapIndex(k).Interface()
		}
	}
	return out, nil
}

func wireValue(f *catalog.Field, v reflect.Value) any {
	refKey := f.RefKey
	if refKey == "" {
		refKey = f.Name + "Id"
	}
	switch f.Type {
	case catalog.TypeRef:
		return map[string]any{refKey: idValue(v)}
	case catalog.TypeRefs:
		list := make([]any, v.Len())
		for i := range list {
			list[i] = map[string]any{refKey: idValue(v.Index(i))}
		}
		return list
	case catalog.TypeString:
		if m, ok := v.Interface().(Money); ok { // 2011 quotas: "USD50.00"
			return m.String()
		}
	}
	return v.Interface()
}

func idValue(v reflect.Value) any {
	switch x := v.Interface().(type) {
	case ID:
		return x
	case int64:
		return x
	case string:
		return ID(x)
	}
	return v.Interface()
}

// Query turns a filter or parameter struct (fields tagged `url:"name"`) into
// a query added to base (may be nil), checking params' requirements. Zero values are not sent;
// use a *bool where false must be sent.
func Query(resource string, params []catalog.Param, v any, base url.Values) (url.Values, error) {
	q := url.Values{}
	for k, vs := range base {
		q[k] = append([]string(nil), vs...)
	}
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Struct {
		for i := range rv.NumField() {
			name := rv.Type().Field(i).Tag.Get("url")
			if name == "" || rv.Field(i).IsZero() {
				continue
			}
			f := rv.Field(i)
			if f.Kind() == reflect.Pointer {
				f = f.Elem()
			}
			switch f.Kind() {
			case reflect.Bool:
				q.Set(name, strconv.FormatBool(f.Bool()))
			case reflect.Int, reflect.Int64, reflect.Int32:
				q.Set(name, strconv.FormatInt(f.Int(), 10))
			default:
				q.Set(name, fmt.Sprint(f.Interface()))
			}
		}
	}
	for _, p := range params {
		if q.Has(p.Name) {
			continue
		}
		if p.Required {
			return nil, &MissingFilterError{Resource: resource, Filter: p.Name}
		}
		if len(p.RequiredUnless) > 0 && !anyHas(q, p.RequiredUnless) {
			return nil, &MissingFilterError{Resource: resource, Filter: p.Name, Unless: p.RequiredUnless}
		}
	}
	return q, nil
}

func anyHas(q url.Values, names []string) bool {
	for _, n := range names {
		if q.Has(n) {
			return true
		}
	}
	return false
}

// ParamQuery is Query for the parameters of an operation other than a list
// (op "delete", "get"): a missing required parameter is a
// *MissingFilterError whose Op names the operation.
func ParamQuery(resource, op string, params []catalog.Param, v any) (url.Values, error) {
	q, err := Query(resource, params, v, nil)
	if mf, ok := errors.AsType[*MissingFilterError](err); ok {
		mf.Op = op
	}
	return q, err
}
