package emulator

import (
	"encoding/base64"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/wire"
)

// Pagination (spec §5.3): a list longer than the page size answers page 1
// with x-es-pagination: <id> and x-es-last-page: false; the client repeats the
// GET with requestPaginationId=<id>&requestPage=<n>. The id is stateless: it
// encodes the page size, the resource and the original query, so any
// process serving the same store (after a restart, or a one-shot CLI) can
// answer any page.
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

const (
	paginationIDv1 = "p1" // size, path, query: ids issued before cursors
	paginationIDv2 = "p2" // also the cursor of one page
)

type pageRequest struct {
	query url.Values // filters to pass to the engine (pagination params removed)
	id    string     // pagination id ("" = not yet paginated)
	page  int        // 1-based
	size  int
	path  string // resource path the id is bound to
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

func parsePageRequest(res *catalog.Resource, q url.Values, defaultSize int) (pageRequest, error) {
	pid, hasID := q[wire.QueryPaginationID]
	pg, hasPage := q[wire.QueryPage]
	if !hasID && !hasPage {
		return pageRequest{query: q, page: 1, size: defaultSize, path: res.Path}, nil
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
	p, ok := decodePaginationID(pid[0])
	if !ok {
		return pageRequest{}, clientError(http.StatusBadRequest, "invalid %s %q: not issued by this API", wire.QueryPaginationID, pid[0])
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

func encodePaginationID(p paginationID) string {
	v := url.Values{"s": {strconv.Itoa(p.size)}, "r": {p.path}, "q": {p.query.Encode()}}
	if p.page > 0 {
		v.Set("n", strconv.Itoa(p.page))
		v.Set("a", p.cursor.After)
		v.Set("k", strconv.Itoa(p.cursor.Skip))
	}
	return base64.RawURLEncoding.EncodeToString([]byte(paginationIDv2 + "\n" + v.Encode()))
}

func decodePaginationID(id string) (paginationID, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return paginationID{}, false
	}
	version, rest, _ := strings.Cut(string(raw), "\n")
	switch version {
	case paginationIDv1:
		parts := strings.SplitN(rest, "\n", 3)
		if len(parts) != 3 {
			return paginationID{}, false
		}
		size, err := strconv.Atoi(parts[0])
		q, qerr := url.ParseQuery(parts[2])
		if err != nil || qerr != nil || size < 1 {
			return paginationID{}, false
		}
		return paginationID{size: size, path: parts[1], query: q}, true
	case paginationIDv2:
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
	return paginationID{}, false
}

// headers sets the pagination headers of an answered page: none for a
// whole list in one page, else an id carrying the next page's cursor and
// whether this page is the last.
func (p pageRequest) headers(more bool, next engine.Cursor, h http.Header) {
	if p.id == "" && !more {
		return
	}
	id := p.id
	if more || id == "" {
		id = encodePaginationID(paginationID{size: p.size, path: p.path, query: p.query, page: p.page + 1, cursor: next})
	}
	h.Set(wire.HeaderPagination, id)
	h.Set(wire.HeaderLastPage, strconv.FormatBool(!more))
}
