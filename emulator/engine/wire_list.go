package engine

import (
	"context"
	"errors"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// WirePage is one page of a list answered by WireList.
type WirePage struct {
	// Items are the page's JSON objects, each the bytes Handle and
	// RenderAt at basic detail followed by codec.AppendJSON would produce
	// for it. They may be the store's or the render cache's bytes: read
	// only.
	Items [][]byte
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
// filters read, so a page costs about what its bytes cost to send.
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
	c := e.newCall(tx, req)
	page.Next, page.More, err = c.page(ctx, req.Cursor, req.Limit, func(rec store.Record) error {
		wire, ok := e.wireRecord(res, rec, req.Customer, req.Version)
		if !ok {
			return errNotWire
		}
		page.Items = append(page.Items, wire)
		return nil
	})
	switch {
	case errors.Is(err, errNotWire):
		return WirePage{}, false, nil
	case err != nil:
		return WirePage{}, false, err
	}
	return page, true, nil
}
