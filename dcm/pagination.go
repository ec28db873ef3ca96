package dcm

import (
	"context"
	"fmt"
	"hash/maphash"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Pages follows x-es-pagination / x-es-last-page, yielding each page's
// response (spec §5.3). Page 1 is req as given; while the answer carries a
// pagination id and x-es-last-page is not "true", the same request is
// repeated with requestPaginationId=<id>&requestPage=<n>, n = 2, 3, …. An
// answer without a pagination id is the only page. Iteration stops after the
// first error (yielded with a nil response) or when ctx ends.
//
// Paging guard: a server that would keep a client paging for ever is
// stopped with an *APIError of Problem ProblemPaging, yielded after the
// pages that came before it (see pageGuard); the SDK's executor adds the
// rule that only the last page may be empty. The pages delivered before
// are good, so a caller that prints as it goes keeps them and ends its
// output properly (a JSON array closed, a table printed), then reports
// the error: the output stays a valid document, and the error, on stderr
// with exit 4 in the CLI, says it is incomplete.
func (c *Client) Pages(ctx context.Context, req *Request) iter.Seq2[*Response, error] {
	return func(yield func(*Response, error) bool) {
		if req == nil {
			yield(nil, fmt.Errorf("dcm: nil request"))
			return
		}
		page := *req
		guard := newPageGuard()
		for n := 1; ; n++ {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			resp, err := c.Do(ctx, &page)
			if err != nil {
				yield(nil, err)
				return
			}
			if err := guard.check(&page, resp, n); err != nil {
				yield(nil, err)
				return
			}
			if !yield(resp, nil) {
				return
			}
			if IsLastPage(resp) {
				return
			}
			q := url.Values{}
			for k, vs := range req.Query {
				q[k] = append([]string(nil), vs...)
			}
			q.Set(QueryPaginationID, resp.Header.Get(HeaderPagination))
			q.Set(QueryPage, strconv.Itoa(n+1))
			page = *req
			page.Query = q
		}
	}
}

// IsLastPage reports whether no page follows resp: it has no pagination
// id, or x-es-last-page is "true", or it is absent (nothing then says more
// pages exist).
func IsLastPage(resp *Response) bool {
	last := strings.TrimSpace(resp.Header.Get(HeaderLastPage))
	return resp.Header.Get(HeaderPagination) == "" || last == "" || strings.EqualFold(last, "true")
}

// pageGuard remembers what the pages of one listing looked like, to catch
// a server that would page for ever:
//
//   - a page whose body is the same as an earlier page's: the server
//     ignored requestPage, or went back (items have ids, so two pages of
//     one listing never hold the same bytes);
//   - a pagination id an earlier page carried, when the ids have changed
//     along the way: ids issued per page (as the emulator's cursors are)
//     coming round again are a loop. A server naming the whole listing
//     with one id (as DASEIN's client expects) repeats it on every page,
//     and that is fine; its loops show as repeated bodies.
//
// A body is remembered by a 64-bit hash, so a listing costs a few bytes
// per page.
type pageGuard struct {
	seed   maphash.Seed
	bodies map[uint64]int // body hash → page number
	ids    map[string]int // pagination id → first page carrying it
	first  string         // page 1's id
	same   bool           // every page so far carried page 1's id
}

func newPageGuard() *pageGuard {
	return &pageGuard{seed: maphash.MakeSeed(), bodies: map[uint64]int{}, ids: map[string]int{}, same: true}
}

func (g *pageGuard) check(req *Request, resp *Response, n int) error {
	h := maphash.Bytes(g.seed, resp.Body)
	if m, seen := g.bodies[h]; seen {
		return pagingError(req, resp, fmt.Sprintf("page %d repeats page %d", n, m))
	}
	g.bodies[h] = n
	id := resp.Header.Get(HeaderPagination)
	if IsLastPage(resp) || id == "" {
		return nil
	}
	if n == 1 {
		g.first = id
	}
	g.same = g.same && id == g.first
	if m, seen := g.ids[id]; seen && !g.same {
		return pagingError(req, resp, fmt.Sprintf("page %d carries the pagination id of page %d again", n, m))
	}
	if _, seen := g.ids[id]; !seen {
		g.ids[id] = n
	}
	return nil
}

func pagingError(req *Request, resp *Response, what string) *APIError {
	return NewAnswerError(req, resp, ProblemPaging,
		what+": the server would keep the listing going for ever, so it was stopped there (the pages before it were delivered)")
}

// Count issues HEAD and returns x-es-count (spec §5.2). An answer without
// a count in it is an *APIError of Problem ProblemAnswer.
func (c *Client) Count(ctx context.Context, path string, q url.Values) (int, error) {
	req := &Request{Method: http.MethodHead, Path: path, Query: q}
	resp, err := c.Do(ctx, req)
	if err != nil {
		return 0, err
	}
	v := strings.TrimSpace(resp.Header.Get(HeaderCount))
	if v == "" {
		return 0, NewAnswerError(req, resp, ProblemAnswer, "the answer has no "+HeaderCount+" header")
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, NewAnswerError(req, resp, ProblemAnswer, fmt.Sprintf("%s %q is not a count", HeaderCount, v))
	}
	return n, nil
}
