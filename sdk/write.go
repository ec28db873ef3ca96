package sdk

import (
	"context"
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

// Submit performs an asynchronous operation of T's resource and returns
// its job; nil (and no error) when the server finished synchronously.
// kind is a catalogue op kind, verb its payload key ("" for delete), id the
// item ("" for a create), req the typed request (nil when the op has no
// fields) and params the query (delete parameters: nil, url.Values or the
// generated params struct, whose required members are checked first).
func Submit[T Model](ctx context.Context, c Client, kind catalog.Kind, verb, id string, req, params any) (*dcm.Job, error) {
	r, err := Exec(ctx, c, Operation{Resource: ResourceOf[T](), Kind: kind, Verb: verb}, id, req, params)
	if err != nil {
		return nil, err
	}
	if !r.Async() {
		return nil, nil
	}
	if len(r.Jobs) == 0 {
		return nil, newEmptyResult(r)
	}
	return &r.Jobs[0], nil
}

// Perform performs a synchronous update, action or delete of T's resource.
func Perform[T Model](ctx context.Context, c Client, kind catalog.Kind, verb, id string, req, params any) error {
	_, err := Exec(ctx, c, Operation{Resource: ResourceOf[T](), Kind: kind, Verb: verb}, id, req, params)
	return err
}

// Create performs a synchronous create and returns the created object, read
// from the 201 answer's collection envelope.
func Create[T Model](ctx context.Context, c Client, verb string, req any) (*T, error) {
	r, err := Exec(ctx, c, Operation{Resource: ResourceOf[T](), Kind: catalog.KindCreate, Verb: verb}, "", req, nil)
	if err != nil {
		return nil, err
	}
	raw, err := r.One()
	if err != nil {
		return nil, err
	}
	return decodeModel[T](c, raw)
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
// sent (a request type may serve several API versions' forms; Prepare
// refuses one that sets a member only another form takes); references
// become {"<refKey>": id}; a required field left at its zero value is a
// *MissingFieldError. A map field tagged `json:"-"` named Extra is merged
// last, for members the catalogue does not know.
func Payload(res *catalog.Resource, op *catalog.Op, req any) (map[string]any, error) {
	out := map[string]any{}
	byName, extra := requestMembers(req)
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

// requestMembers are the fields of a request struct by wire name (its
// JSON tags), and its Extra map when it has one.
func requestMembers(req any) (byName map[string]reflect.Value, extra reflect.Value) {
	rv := reflect.ValueOf(req)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	byName = map[string]reflect.Value{}
	if rv.Kind() != reflect.Struct {
		return byName, extra
	}
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
	return byName, extra
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

// Query turns a filter or parameter struct (fields tagged `url:"name"`),
// or url.Values, into a query added to base (may be nil), checking params'
// requirements. Zero values are not sent; use a *bool where false must be
// sent.
func Query(resource string, params []catalog.Param, v any, base url.Values) (url.Values, error) {
	if v == nil && len(base) == 0 { // a plain read: nothing to copy
		return nil, CheckParams(resource, params, nil)
	}
	q := url.Values{}
	for k, vs := range base {
		q[k] = append([]string(nil), vs...)
	}
	if vs, ok := v.(url.Values); ok {
		for k, list := range vs {
			q[k] = append(q[k], list...)
		}
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
	if err := CheckParams(resource, params, q); err != nil {
		return nil, err
	}
	return q, nil
}

// CheckParams reports the first of params that q lacks although it is
// required, or required unless one of its alternatives is given, as a
// *MissingFilterError (Op empty: a list filter).
func CheckParams(resource string, params []catalog.Param, q url.Values) error {
	for _, p := range params {
		if q.Has(p.Name) {
			continue
		}
		if p.Required {
			return &MissingFilterError{Resource: resource, Filter: p.Name}
		}
		if len(p.RequiredUnless) > 0 && !anyHas(q, p.RequiredUnless) {
			return &MissingFilterError{Resource: resource, Filter: p.Name, Unless: p.RequiredUnless}
		}
	}
	return nil
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
// (op "delete", "get"), from a params struct or url.Values: a missing
// required parameter is a *MissingFilterError whose Op names the operation.
func ParamQuery(resource, op string, params []catalog.Param, v any) (url.Values, error) {
	q, err := Query(resource, params, v, nil)
	if mf, ok := errors.AsType[*MissingFilterError](err); ok {
		mf.Op = op
	}
	return q, err
}
