package console

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/emulator"
)

// maxRequests is how many of the newest matching requests a page shows.
const maxRequests = 500

// requestFilter is the Requests page's filter: a status (an exact code,
// or a class such as "5xx") and a path substring.
type requestFilter struct {
	Status string
	Path   string
}

func filterOf(r *http.Request) requestFilter {
	q := r.URL.Query()
	return requestFilter{Status: strings.TrimSpace(q.Get("status")), Path: strings.TrimSpace(q.Get("path"))}
}

func (f requestFilter) match(e emulator.RequestRecord) bool {
	if f.Path != "" && !strings.Contains(e.Path, f.Path) {
		return false
	}
	switch s := strings.ToLower(f.Status); {
	case s == "":
	case len(s) == 3 && strings.HasSuffix(s, "xx"):
		if strconv.Itoa(e.Status/100) != s[:1] {
			return false
		}
	case s == "error" || s == "errors":
		return e.Status == 0 || e.Status >= 400
	default:
		if strconv.Itoa(e.Status) != s {
			return false
		}
	}
	return true
}

type requestsPage struct {
	Filter requestFilter
	Rows   []emulator.RequestRecord
	Total  int
	Query  string // the filter as a query, for the event stream
}

func (c *Console) requests(w http.ResponseWriter, r *http.Request) {
	f := filterOf(r)
	all := c.srv.Requests()
	p := requestsPage{Filter: f, Total: len(all), Query: queryOf("status", f.Status, "path", f.Path)}
	for _, e := range slices.Backward(all) {
		if len(p.Rows) == maxRequests {
			break
		}
		if f.match(e) {
			p.Rows = append(p.Rows, e)
		}
	}
	c.render(w, r, http.StatusOK, "requests", "Requests", p)
}

// requestEvents streams each new request matching the filter as a
// rendered table row ("row"). It subscribes to the request log only while
// the browser is connected.
func (c *Console) requestEvents(w http.ResponseWriter, r *http.Request) {
	f := filterOf(r)
	ctx := r.Context()
	ch := c.srv.WatchRequests(ctx) // before the stream opens: no request in between is missed
	sse, ok := c.startStream(w, r)
	if !ok {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.srv.Stopping():
			return
		case e, ok := <-ch:
			if !ok {
				return
			}
			if !f.match(e) {
				continue
			}
			var b bytes.Buffer
			_ = c.pages["requests"].ExecuteTemplate(&b, "reqrow", e)
			sse.send("row", b.Bytes())
			if !sse.flush() {
				return
			}
		}
	}
}

type requestDetailPage struct {
	Record   emulator.RequestRecord
	Detail   emulator.RequestDetail
	Captured bool
}

func (c *Console) request(w http.ResponseWriter, r *http.Request, id string) {
	p := requestDetailPage{}
	found := false
	for _, e := range c.srv.Requests() {
		if e.RequestID == id {
			p.Record, found = e, true
		}
	}
	if !found {
		c.fail(w, r, http.StatusNotFound, "request %s is not in the request log (it keeps the newest requests only)", id)
		return
	}
	p.Detail, p.Captured = c.srv.RequestDetail(id)
	c.render(w, r, http.StatusOK, "request", "Request "+id, p)
}
