package sdk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// Get reads one resource by id ("" for a flat singleton such as
// admin/License). params are the parameters of get-by-id resources
// (analytics periods: url.Values or the generated params struct, whose
// required members are checked first); nil otherwise.
func Get[T Model](ctx context.Context, c Client, id string, params any, opts ...CallOption) (*T, error) {
	raw, err := GetItem(ctx, c, ResourceOf[T](), id, params, opts...)
	if err != nil {
		return nil, err
	}
	return decodeModel[T](c, raw)
}

// List reads every resource matching filter (a generated filter struct,
// url.Values or nil), page after page (x-es-pagination), yielding each
// decoded item; it stops at the first error, yielding it. Required filters
// are checked before any request (*MissingFilterError). The items'
// references to one target share their lazy state (see Ref).
func List[T Model](ctx context.Context, c Client, filter any, opts ...CallOption) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		shared := shareRefs(c)
		for items, err := range ListPages(ctx, c, ResourceOf[T](), filter, opts...) {
			if err != nil {
				yield(nil, err)
				return
			}
			for _, raw := range items {
				v, err := decodeModel[T](shared, raw)
				if !yield(v, err) || err != nil {
					return
				}
			}
		}
	}
}

// All collects List: one request per page, never one per object.
func All[T Model](ctx context.Context, c Client, filter any, opts ...CallOption) ([]*T, error) {
	var out []*T
	for v, err := range List[T](ctx, c, filter, opts...) {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

// Count asks for the number of matching resources with HEAD (x-es-count).
func Count[T Model](ctx context.Context, c Client, filter any) (int, error) {
	return CountItems(ctx, c, ResourceOf[T](), filter)
}

// Counter asks for x-es-count with HEAD; *dcm.Client and every Client
// implement it.
type Counter interface {
	Count(ctx context.Context, path string, q url.Values) (int, error)
	Config() dcm.Config
}

// CountItems asks for the number of objects of res matching filter (nil,
// url.Values or a filter struct; required filters are checked first).
func CountItems(ctx context.Context, c Counter, res *catalog.Resource, filter any) (int, error) {
	p, err := Operation{Resource: res, Kind: catalog.KindHead}.Prepare(c.Config().APIVersion, nil, filter)
	if err != nil {
		return 0, err
	}
	return c.Count(ctx, res.Path, p.Query)
}

// FilterQuery turns a filter (generated struct, url.Values or nil) into the
// query of a list of res, checking the catalogue's required filters.
func FilterQuery(res *catalog.Resource, filter any) (url.Values, error) {
	return Query(res.Name, res.Filters, filter, nil)
}

func decodeModel[T Model](c Client, raw json.RawMessage) (*T, error) {
	v := new(T)
	// raw is one valid, trimmed value from DecodeItems: the model's own
	// decoder is what json.Unmarshal would call, minus its validation pass.
	if err := decodeInto(raw, v); err != nil {
		var zero T
		return nil, fmt.Errorf("decode %s: %w", zero.ResourceName(), err)
	}
	Bind(v, c)
	return v, nil
}

// DecodeItems returns the JSON of each object in an answer about res: the
// members of the collection envelope ({"servers":[…]}), or the body itself
// for a flat resource. XML answers are converted to the same JSON first.
// An empty body holds no items. Anything but objects is an error: a null
// collection, a null or scalar item, a flat body that is not an object.
func DecodeItems(res *catalog.Resource, resp *dcm.Response) ([]json.RawMessage, error) {
	body := bytes.TrimSpace(resp.Body)
	if len(body) == 0 {
		return nil, nil
	}
	if isXML(resp.Header, body) {
		return xmlItems(res, body)
	}
	if res.Flat {
		if body[0] != '{' || !json.Valid(body) {
			return nil, fmt.Errorf("answer is not a JSON object")
		}
		return []json.RawMessage{body}, nil
	}
	items, err := envelopeItems(res.Collection, body)
	if err != nil {
		return nil, err
	}
	if items == nil {
		return nil, fmt.Errorf("collection %q is null, not a list", res.Collection)
	}
	for i, it := range items {
		if it[0] != '{' {
			return nil, fmt.Errorf("item %d of collection %q is not an object: %.40s", i+1, res.Collection, it)
		}
	}
	return items, nil
}

func envelopeItems(collection string, body []byte) ([]json.RawMessage, error) {
	if items, ok := scanEnvelope(collection, body); ok {
		return items, nil
	}
	return envelopeItemsSlow(collection, body)
}

// envelopeItemsSlow is the reference: maps and copies, and the errors.
func envelopeItemsSlow(collection string, body []byte) ([]json.RawMessage, error) {
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("answer is not a JSON object: %w", err)
	}
	raw, ok := env[collection]
	if !ok {
		return nil, fmt.Errorf("answer has no %q collection", collection)
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '{' { // tolerate a bare object
		return []json.RawMessage{raw}, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("collection %q: %w", collection, err)
	}
	return items, nil
}

func isXML(h http.Header, body []byte) bool {
	if ct := h.Get("Content-Type"); ct != "" {
		return strings.Contains(ct, "xml")
	}
	return len(body) > 0 && body[0] == '<'
}

// scanEnvelope is envelopeItems in one validating pass with no copies: the
// items are slices of body. ok is false when the answer is not what it
// expects (not an object, no such collection, invalid JSON), for
// envelopeItems to report.
func scanEnvelope(collection string, body []byte) (items []json.RawMessage, ok bool) {
	d := NewObjectDecoder(body)
	var raw []byte
	for d.Next() {
		if string(d.Key()) == collection {
			raw = d.Value()
		}
	}
	if _, ok := d.Finish(); !ok || raw == nil {
		return nil, false
	}
	switch raw[0] {
	case '{':
		return []json.RawMessage{raw}, true
	case 'n':
		return nil, true
	case '[':
	default:
		return nil, false
	}
	jsonscan.Elements(raw, func(e []byte) bool {
		items = append(items, e)
		return true
	})
	if items == nil {
		items = []json.RawMessage{}
	}
	return items, true
}
