package engine

import (
	"context"
	"errors"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine/codec"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// WirePage is one page of a list answered by WireList.
type WirePage struct {
	// Body is the whole JSON answer, {"<collection>":[<items>]}, each item
	// the bytes Handle and RenderAt at basic detail followed by
	// codec.AppendJSON would produce for it, in the envelope the HTTP
	// layer writes around them. It may be a remembered page shared with
	// other requests: read only.
	Body []byte
	// Count is how many items Body holds.
	Count int
	// More and Next are Response.More and Response.Next.
	More bool
	Next Cursor
}

// errNotWire aborts a WireList scan at a record only the slow path can
// answer.
var errNotWire = errors.New("engine: record has no wire form")

// WireList is the fast path of a list at basic detail answered in JSON:
// the page Handle would return for req (same filters, cursor and limit),
// with each record copied from its canonical stored form (canon.go) when
// that is its answer, and rendered once and remembered otherwise, as
// WireItem does for one record. Nothing is decoded beyond what the
// filters read, so a page costs about what its bytes cost to send; and a
// page read again from the same store snapshot is not assembled again but
// served as remembered (pageCache, where the rule is written down).
//
// ok is false when the request is not such a list (another operation, a
// flat or derived resource) or some record on the page cannot be decoded;
// the caller then takes the slow path, which answers or reports it. Errors
// are the ones Handle would return (400 for bad filters, store faults).
func (e *Engine) WireList(ctx context.Context, tx store.Tx, req *Request) (page WirePage, ok bool, err error) {
	res := req.Resource
	if res == nil || req.Op == nil || req.Op.Kind != catalog.KindList || res.Flat || e.cat == nil || derived(res) {
		return WirePage{}, false, nil
	}
	key := pageKeyOf(req)
	snap, remember := snapshotOf(ctx, tx)
	if remember {
		if page, hit := e.pages.get(key, snap); hit {
			return page, true, nil
		}
	}
	var items [][]byte
	size := 0
	c := e.newCall(tx, req)
	page.Next, page.More, err = c.page(ctx, req.Cursor, req.Limit, func(rec store.Record) error {
		wire, ok := e.wireRecord(res, rec, req.Customer, req.Version)
		if !ok {
			return errNotWire
		}
		items, size = append(items, wire), size+len(wire)
		return nil
	})
	switch {
	case errors.Is(err, errNotWire):
		return WirePage{}, false, nil
	case err != nil:
		return WirePage{}, false, err
	}
	page.Body, page.Count = envelope(res.Collection, items, size), len(items)
	if remember {
		e.pages.put(key, snap, page)
	}
	return page, true, nil
}

// envelope joins items (size bytes in all) into {"<collection>":[…]} with
// one allocation: each item is copied once, from the store's (or the
// render cache's) bytes.
func envelope(collection string, items [][]byte, size int) []byte {
	body := make([]byte, 0, size+len(items)+len(collection)+8)
	body = append(codec.AppendString(append(body, '{'), collection), ':', '[')
	for i, it := range items {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, it...)
	}
	return append(body, ']', '}')
}
