package emulator

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
)

// Pagination (spec §5.3): a list longer than the page size answers page 1
// with x-es-pagination: <id> and x-es-last-page: false; the client repeats the
// GET with requestPaginationId=<id>&requestPage=<n>. The id is stateless: it
// encodes the page size, the resource and the original query, signed, so
// any process serving the same store (after a restart, or a one-shot CLI)
// can answer any page.
//
// Every answer also puts into its id where the next page starts (the last
// id it passed, an engine.Cursor), so a client that sends each answer's id
// with the next page (the dcm client does) is served page n+1 by resuming
// the scan there: a page costs its own records, whatever its number. The
// semantics are those of a keyset walk: every record that exists for the
// whole walk is returned exactly once, in id order; a record created
// meanwhile is returned when its id is after the cursor (new ids are
// higher, so it shows up on a later page), a deleted one is not returned
// once it is gone.
//
// A page number the id has no cursor for (a client that keeps sending the
// page-1 id, or jumps ahead) is served by offset from the nearest cursor
// before it ((n-1)×size matches from the start without one): correct for a
// list that does not change, and still cheap per record passed over, as
// those are decoded only as far as the filters read them.

// Pagination ids are signed: an HMAC-SHA256 (truncated to 128 bits) with a
// key kept in the store (pageKeyMeta, drawn by the first list that needs
// it), so every process serving the store accepts its ids and nobody can
// forge one, say with a bigger page size than the server's. Ids of an
// emulator older than the signatures, and ids from before a reset (which
// draws a new key), are refused with 400.
const paginationIDv3 = "p3"

// pageKeyMeta is the store meta entry holding the pagination id key.
const pageKeyMeta = "emulator.paginationKey"

type pageRequest struct {
	query url.Values // filters to pass to the engine (pagination params removed)
	id    string     // pagination id ("" = not yet paginated)
	page  int        // 1-based
	size  int        // 0 = the whole list
	path  string     // resource path the id is bound to
	// from is where the page starts, from the id's cursor or by offset.
	from engine.Cursor
}

// paginationID is what an id holds.
type paginationID struct {
	size   int
	path   string
	query  url.Values
	page   int           // the page cursor starts (0: no cursor)
	cursor engine.Cursor // where that page starts
}

// pageKey returns the store's pagination key, drawing and storing one when
// there is none (a write: in a View it fails with store.ErrReadOnly, and
// the request is served in an Update instead).
func pageKey(ctx context.Context, tx store.Tx) ([]byte, error) {
	key, ok, err := tx.GetMeta(ctx, pageKeyMeta)
	if err != nil || ok && len(key) >= 16 {
		return key, err
	}
	key = make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand.Read never fails
	return key, tx.PutMeta(ctx, pageKeyMeta, key)
}

func parsePageRequest(ctx context.Context, tx store.Tx, res *catalog.Resource, q url.Values, defaultSize int) (pageRequest, error) {
	pid, hasID := q[wire.QueryPaginationID]
	pg, hasPage := q[wire.QueryPage]
	if !hasID && !hasPage {
		return pageRequest{query: q, page: 1, size: max(defaultSize, 0), path: res.Path}, nil
	}
	if !hasID || len(pid) != 1 || pid[0] == "" {
		return pageRequest{}, clientError(http.StatusBadRequest, "%s needs exactly one %s (from the x-es-pagination header of page 1)", wire.QueryPage, wire.QueryPaginationID)
	}
	if !hasPage || len(pg) != 1 {
		return pageRequest{}, clientError(http.StatusBadRequest, "%s needs exactly one %s (2, 3, …)", wire.QueryPaginationID, wire.QueryPage)
	}
	page, err := strconv.Atoi(pg[0])
	if err != nil || page < 1 {
		return pageRequest{}, clientError(http.StatusBadRequest, "invalid %s %q: want a page number from 1", wire.QueryPage, pg[0])
	}
	key, err := pageKey(ctx, tx)
	if err != nil {
		return pageRequest{}, err
	}
	p, ok := decodePaginationID(pid[0], key)
	if !ok {
		return pageRequest{}, clientError(http.StatusBadRequest, "invalid %s %q: not issued by this API (or issued before a reset)", wire.QueryPaginationID, pid[0])
	}
	if !strings.EqualFold(p.path, res.Path) {
		return pageRequest{}, clientError(http.StatusBadRequest, "%s %q belongs to %s, not %s", wire.QueryPaginationID, pid[0], p.path, res.Path)
	}
	return pageRequest{query: p.query, id: pid[0], page: page, size: p.size, path: res.Path, from: p.start(page)}, nil
}

// start is where page starts: at the id's cursor, or that many pages of
// matches after it, or by offset from the start of the list.
func (p paginationID) start(page int) engine.Cursor {
	from, pages := engine.Cursor{}, page-1
	if p.page > 0 && page >= p.page {
		from, pages = p.cursor, page-p.page
	}
	if pages > (math.MaxInt32-from.Skip)/p.size {
		from.Skip = math.MaxInt32 // far past any end
	} else {
		from.Skip += pages * p.size
	}
	return from
}

// pageMAC is the signature of an id's payload.
func pageMAC(key, payload []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(payload)
	return m.Sum(nil)[:16]
}

func encodePaginationID(p paginationID, key []byte) string {
	v := url.Values{"s": {strconv.Itoa(p.size)}, "r": {p.path}, "q": {p.query.Encode()}}
	if p.page > 0 {
		v.Set("n", strconv.Itoa(p.page))
		v.Set("a", p.cursor.After)
		v.Set("k", strconv.Itoa(p.cursor.Skip))
	}
	payload := []byte(paginationIDv3 + "\n" + v.Encode())
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(pageMAC(key, payload))
}

func decodePaginationID(id string, key []byte) (paginationID, bool) {
	body, sig, ok := strings.Cut(id, ".")
	if !ok {
		return paginationID{}, false
	}
	payload, err := base64.RawURLEncoding.DecodeString(body)
	mac, merr := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || merr != nil || !hmac.Equal(mac, pageMAC(key, payload)) {
		return paginationID{}, false
	}
	version, rest, _ := strings.Cut(string(payload), "\n")
	if version != paginationIDv3 {
		return paginationID{}, false
	}
	v, err := url.ParseQuery(rest)
	if err != nil {
		return paginationID{}, false
	}
	size, err := strconv.Atoi(v.Get("s"))
	q, qerr := url.ParseQuery(v.Get("q"))
	if err != nil || qerr != nil || size < 1 || v.Get("r") == "" {
		return paginationID{}, false
	}
	p := paginationID{size: size, path: v.Get("r"), query: q}
	if v.Has("n") {
		page, perr := strconv.Atoi(v.Get("n"))
		skip, kerr := strconv.Atoi(v.Get("k"))
		if perr != nil || kerr != nil || page < 1 || skip < 0 {
			return paginationID{}, false
		}
		p.page, p.cursor = page, engine.Cursor{After: v.Get("a"), Skip: skip}
	}
	return p, true
}

// headers sets the pagination headers of an answered page: none for a
// whole list in one page, else an id carrying the next page's cursor and
// whether this page is the last.
func (p pageRequest) headers(ctx context.Context, tx store.Tx, more bool, next engine.Cursor, h http.Header) error {
	if p.id == "" && !more {
		return nil
	}
	id := p.id
	if more || id == "" {
		key, err := pageKey(ctx, tx)
		if err != nil {
			return err
		}
		id = encodePaginationID(paginationID{size: p.size, path: p.path, query: p.query, page: p.page + 1, cursor: next}, key)
	}
	h.Set(wire.HeaderPagination, id)
	h.Set(wire.HeaderLastPage, strconv.FormatBool(!more))
	return nil
}
