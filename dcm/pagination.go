package dcm

import (
	"context"
	"fmt"
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
func (c *Client) Pages(ctx context.Context, req *Request) iter.Seq2[*Response, error] {
	return func(yield func(*Response, error) bool) {
		if req == nil {
			yield(nil, fmt.Errorf("dcm: nil request"))
			return
		}
		page := *req
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
			if !yield(resp, nil) {
				return
			}
			id := resp.Header.Get(HeaderPagination)
			if id == "" || strings.EqualFold(strings.TrimSpace(resp.Header.Get(HeaderLastPage)), "true") {
				return
			}
			if resp.Header.Get(HeaderLastPage) == "" {
				return // a pagination id without x-es-last-page: nothing says more pages exist
			}
			q := url.Values{}
			for k, vs := range req.Query {
				q[k] = append([]string(nil), vs...)
			}
			q.Set(QueryPaginationID, id)
			q.Set(QueryPage, strconv.Itoa(n+1))
			page = *req
			page.Query = q
		}
	}
}

// Count issues HEAD and returns x-es-count (spec §5.2).
func (c *Client) Count(ctx context.Context, path string, q url.Values) (int, error) {
	resp, err := c.Do(ctx, &Request{Method: http.MethodHead, Path: path, Query: q})
	if err != nil {
		return 0, err
	}
	v := strings.TrimSpace(resp.Header.Get(HeaderCount))
	if v == "" {
		return 0, fmt.Errorf("HEAD %s: the response has no %s header", strings.TrimLeft(path, "/"), HeaderCount)
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("HEAD %s: %s %q is not a count", strings.TrimLeft(path, "/"), HeaderCount, v)
	}
	return n, nil
}
