package emulator

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
)

// Pagination (spec §5.3): a list longer than the page size answers page 1
// with x-es-pagination: <id> and x-es-last-page: false; the client repeats the
// GET with requestPaginationId=<id>&requestPage=<n>. The id encodes the page
// size, the resource and the original query, so any process serving the same
// store (after a restart, or a one-shot CLI) can answer any page without
// keeping state.

const paginationIDVersion = "p1"

type pageRequest struct {
	query url.Values // filters to pass to the engine (pagination params removed)
	id    string     // pagination id ("" = not yet paginated)
	page  int        // 1-based
	size  int
	path  string // resource path the id is bound to
}

func parsePageRequest(res *catalog.Resource, q url.Values, defaultSize int) (pageRequest, error) {
	pid, hasID := q[dcm.QueryPaginationID]
	pg, hasPage := q[dcm.QueryPage]
	if !hasID && !hasPage {
		return pageRequest{query: q, page: 1, size: defaultSize, path: res.Path}, nil
	}
	if !hasID || len(pid) != 1 || pid[0] == "" {
		return pageRequest{}, clientError(http.StatusBadRequest, "%s needs exactly one %s (from the x-es-pagination header of page 1)", dcm.QueryPage, dcm.QueryPaginationID)
	}
	if !hasPage || len(pg) != 1 {
		return pageRequest{}, clientError(http.StatusBadRequest, "%s needs exactly one %s (2, 3, …)", dcm.QueryPaginationID, dcm.QueryPage)
	}
	page, err := strconv.Atoi(pg[0])
	if err != nil || page < 1 {
		return pageRequest{}, clientError(http.StatusBadRequest, "invalid %s %q: want a page number from 1", dcm.QueryPage, pg[0])
	}
	size, path, query, ok := decodePaginationID(pid[0])
	if !ok {
		return pageRequest{}, clientError(http.StatusBadRequest, "invalid %s %q: not issued by this API", dcm.QueryPaginationID, pid[0])
	}
	if !strings.EqualFold(path, res.Path) {
		return pageRequest{}, clientError(http.StatusBadRequest, "%s %q belongs to %s, not %s", dcm.QueryPaginationID, pid[0], path, res.Path)
	}
	return pageRequest{query: query, id: pid[0], page: page, size: size, path: res.Path}, nil
}

func encodePaginationID(size int, path string, q url.Values) string {
	raw := paginationIDVersion + "\n" + strconv.Itoa(size) + "\n" + path + "\n" + q.Encode()
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodePaginationID(id string) (size int, path string, q url.Values, ok bool) {
	raw, err := base64.RawURLEncoding.DecodeString(id)
	if err != nil {
		return 0, "", nil, false
	}
	parts := strings.SplitN(string(raw), "\n", 4)
	if len(parts) != 4 || parts[0] != paginationIDVersion {
		return 0, "", nil, false
	}
	size, err = strconv.Atoi(parts[1])
	if err != nil || size < 1 {
		return 0, "", nil, false
	}
	q, err = url.ParseQuery(parts[3])
	if err != nil {
		return 0, "", nil, false
	}
	return size, parts[2], q, true
}

// slice returns the requested page of items and sets the pagination headers.
// A page past the end is empty and last (the list may have shrunk between
// pages).
func (p pageRequest) slice(items []map[string]any, h http.Header) []map[string]any {
	if p.id == "" && len(items) <= p.size {
		return items
	}
	id := p.id
	if id == "" {
		id = encodePaginationID(p.size, p.path, p.query)
	}
	start := len(items)
	if p.page-1 < len(items)/p.size+1 {
		start = min((p.page-1)*p.size, len(items))
	}
	end := min(start+p.size, len(items))
	h.Set(dcm.HeaderPagination, id)
	h.Set(dcm.HeaderLastPage, strconv.FormatBool(end >= len(items)))
	return items[start:end]
}
