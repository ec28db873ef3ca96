package console

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/internal/jsonvalue"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// Paging of the resource lists: a page is read from the store like an API
// page, from a cursor (engine.Cursor): the next page's link carries where
// this page ended (after=<id>), so it costs the rows it shows, and 100,000
// servers page onwards as fast as 100. A page asked for by number alone
// (page=N, the previous page's link) passes over the rows before it.
const (
	pageSize    = 250
	maxPageSize = 1000
)

// scopeGroup is one scope's resources on the index page.
type scopeGroup struct {
	Scope     string
	Resources []resourceCount
}

type resourceCount struct {
	Res   *catalog.Resource
	Count int
}

func (c *Console) resourceIndex(w http.ResponseWriter, r *http.Request) {
	customer := c.customer(r)
	var groups []scopeGroup
	err := c.srv.Store().View(r.Context(), func(tx store.Tx) error {
		for _, res := range c.cat.Resources {
			n, err := tx.Count(r.Context(), store.Filter{Customer: customer, Kind: res.Name})
			if err != nil {
				return err
			}
			if len(groups) == 0 || groups[len(groups)-1].Scope != res.Scope {
				groups = append(groups, scopeGroup{Scope: res.Scope})
			}
			g := &groups[len(groups)-1]
			g.Resources = append(g.Resources, resourceCount{Res: res, Count: n})
		}
		return nil
	})
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, "reading the store: %v", err)
		return
	}
	c.render(w, r, http.StatusOK, "resources", "Resources", groups)
}

// listPage is the data of a resource's table.
type listPage struct {
	Res      *catalog.Resource
	Columns  []string
	Rows     [][]cell
	Filters  []filterValue
	Page     int
	Size     int
	Total    int // -1: not counted (filters apply)
	More     bool
	Problem  string
	Query    string // ?customer=…&v=… for links
	PrevPage string
	NextPage string
}

type filterValue struct {
	Param catalog.Param
	Value string
}

func (c *Console) resource(w http.ResponseWriter, r *http.Request, scope, name string) (*catalog.Resource, bool) {
	res, ok := c.cat.ByPath(scope + "/" + name)
	if !ok {
		c.fail(w, r, http.StatusNotFound, "unknown resource %s/%s", scope, name)
	}
	return res, ok
}

func (c *Console) list(w http.ResponseWriter, r *http.Request, scope, name string) {
	res, ok := c.resource(w, r, scope, name)
	if !ok {
		return
	}
	lp, err := c.listData(r.Context(), res, c.customer(r), c.version(r), r.URL.Query())
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, "reading %s: %v", res.Path, err)
		return
	}
	c.render(w, r, http.StatusOK, "list", res.Collection, lp)
}

// listData reads one page of a resource as the customer sees it at version
// v, with the list filters of q and q's page and size.
func (c *Console) listData(ctx context.Context, res *catalog.Resource, customer int64, v string, q url.Values) (*listPage, error) {
	lp := &listPage{Res: res, Columns: res.DefaultColumns(false, v), Page: 1, Size: pageSize, Total: -1,
		Query: queryOf("customer", customer, "v", v)}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		lp.Page = n
	}
	if n, err := strconv.Atoi(q.Get("size")); err == nil && n > 0 {
		lp.Size = min(n, maxPageSize)
	}
	from := engine.Cursor{Skip: (lp.Page - 1) * lp.Size}
	if after := q.Get("after"); after != "" {
		from.After = after
		from.Skip, _ = strconv.Atoi(q.Get("skip"))
		from.Skip = max(from.Skip, 0)
	}
	filters := url.Values{}
	for _, p := range res.Filters {
		val := q.Get(p.Name)
		lp.Filters = append(lp.Filters, filterValue{Param: p, Value: val})
		if val != "" {
			filters.Set(p.Name, val)
		}
	}
	op, ok := res.Op(catalog.KindList, "", v)
	switch {
	case res.KeyInPath:
		lp.Problem = res.Path + " is addressed by id only: it has no list."
		return lp, nil
	case !ok:
		lp.Problem = res.Path + " has no list in API version " + v + "."
		return lp, nil
	}
	if op.Mutates {
		lp.Problem = "Listing " + res.Path + " counts as a poll, which the console does not do."
		return lp, nil
	}
	var items []map[string]any
	var next engine.Cursor
	err := c.srv.Store().View(ctx, func(tx store.Tx) error {
		if len(filters) == 0 {
			n, err := tx.Count(ctx, store.Filter{Customer: customer, Kind: res.Name})
			if err != nil {
				return err
			}
			lp.Total = n
		}
		req := &engine.Request{Customer: customer, UserID: -1, Resource: res, Op: op, Query: filters, Version: v,
			Cursor: from, Limit: lp.Size}
		out, err := c.srv.Engine().Handle(ctx, tx, req)
		if err != nil {
			return err
		}
		lp.More, next = out.More, out.Next
		for _, it := range out.Items {
			items = append(items, c.srv.Engine().RenderAt(ctx, tx, customer, res, it, "basic", v))
		}
		return nil
	})
	var ee *engine.Error
	if errors.As(err, &ee) {
		lp.Problem = ee.Message
		return lp, nil
	}
	if err != nil {
		return nil, err
	}
	base := lp.Query
	for _, it := range items {
		row := make([]cell, len(lp.Columns))
		for i, col := range lp.Columns {
			row[i] = c.cellOf(res, it, col, base)
		}
		lp.Rows = append(lp.Rows, row)
	}
	link := func(page int, from engine.Cursor) string {
		q := url.Values{}
		for k, vs := range filters {
			q[k] = vs
		}
		q.Set("customer", strconv.FormatInt(customer, 10))
		q.Set("v", v)
		q.Set("page", strconv.Itoa(page))
		if from.After != "" {
			q.Set("after", from.After)
		}
		if from.After != "" && from.Skip > 0 {
			q.Set("skip", strconv.Itoa(from.Skip))
		}
		if lp.Size != pageSize {
			q.Set("size", strconv.Itoa(lp.Size))
		}
		return Prefix + "resources/" + res.Path + "?" + q.Encode()
	}
	if lp.Page > 1 {
		lp.PrevPage = link(lp.Page-1, engine.Cursor{})
	}
	if lp.More {
		lp.NextPage = link(lp.Page+1, next)
	}
	return lp, nil
}

// itemPage is the data of one item's page.
type itemPage struct {
	Res     *catalog.Resource
	ID      string
	Details string
	JSON    string
	Refs    []refLink
	Query   string
}

type refLink struct {
	Field string
	Label string
	Link  string
}

func (c *Console) item(w http.ResponseWriter, r *http.Request, scope, name, id string) {
	res, ok := c.resource(w, r, scope, name)
	if !ok {
		return
	}
	customer, v := c.customer(r), c.version(r)
	details := "basic"
	if r.URL.Query().Get("details") == "extended" {
		details = "extended"
	}
	ip := &itemPage{Res: res, ID: id, Details: details, Query: queryOf("customer", customer, "v", v)}
	var out map[string]any
	err := c.srv.Store().View(r.Context(), func(tx store.Tx) error {
		// The stored record, rendered as the API answers it: reading a job
		// here does not count as a poll.
		rec, err := tx.Get(r.Context(), customer, res.Name, id)
		if err != nil {
			return err
		}
		data, err := jsonvalue.DecodeObject(rec.Data)
		if err != nil {
			return err
		}
		out = c.srv.Engine().RenderAt(r.Context(), tx, customer, res, data, details, v)
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		c.fail(w, r, http.StatusNotFound, "customer %d has no %s %s", customer, res.Name, id)
		return
	}
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, "reading %s %s: %v", res.Name, id, err)
		return
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	ip.JSON = string(b)
	for _, f := range res.Fields {
		if link := c.refLink(f, out[f.Name], ip.Query); link != "" {
			ip.Refs = append(ip.Refs, refLink{Field: f.Name, Label: text(out[f.Name]), Link: link})
		}
	}
	c.render(w, r, http.StatusOK, "item", res.Name+" "+id, ip)
}
