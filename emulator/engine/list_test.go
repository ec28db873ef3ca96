package engine_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// page lists one page from a cursor in a read-only transaction.
func (h *harness) page(resource, query string, from engine.Cursor, limit int) *engine.Response {
	h.t.Helper()
	res, _ := h.cat.Resource(resource)
	op, ok := res.Op("list", "", version)
	if !ok {
		h.t.Fatalf("%s has no list", resource)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		h.t.Fatal(err)
	}
	var resp *engine.Response
	err = h.st.View(context.Background(), func(tx store.Tx) error {
		var err error
		resp, err = h.eng.Handle(context.Background(), tx, &engine.Request{Customer: custA, UserID: userA,
			Resource: res, Op: op, Query: q, Version: version, Cursor: from, Limit: limit})
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp
}

// walk pages through a list by cursor and returns the ids and names.
func (h *harness) walk(resource, query string, limit int) []string {
	h.t.Helper()
	res, _ := h.cat.Resource(resource)
	var got []string
	var from engine.Cursor
	for pages := 0; ; pages++ {
		if pages > 1000 {
			h.t.Fatal("the walk does not end")
		}
		resp := h.page(resource, query, from, limit)
		if len(resp.Items) > limit {
			h.t.Fatalf("page of %d items, limit %d", len(resp.Items), limit)
		}
		for _, it := range resp.Items {
			got = append(got, fmt.Sprintf("%s/%v", idOf(it[res.Key]), it["name"]))
		}
		if !resp.More {
			return got
		}
		from = resp.Next
	}
}

// A global record and a customer's record with the same id are both
// listed; a page boundary between them must not lose the second, which
// the cursor's Skip keeps apart.
func TestListCursorKeepsSameIDRecordsApart(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.put(0, `{"Server": [{"serverId": 7001, "name": "global-a", "status": "RUNNING"}, {"serverId": 7002, "name": "global-b", "status": "TERMINATED"}]}`)
	h.put(custA, `{"Server": [{"serverId": 7001, "name": "own-a", "status": "RUNNING"}, {"serverId": 7002, "name": "own-b", "status": "RUNNING"},
		{"serverId": 7003, "name": "own-c", "status": "TERMINATED"}, {"serverId": 7004, "name": "own-d", "status": "RUNNING"}]}`)
	for _, query := range []string{"activeOnly=false", ""} {
		whole := h.walk("Server", query, 1000)
		if !strings.Contains(fmt.Sprint(whole), "7001/global-a 7001/own-a") {
			t.Fatalf("%q: whole list %v lacks the same-id pair", query, whole)
		}
		for limit := 1; limit <= len(whole)+1; limit++ {
			if got := h.walk("Server", query, limit); fmt.Sprint(got) != fmt.Sprint(whole) {
				t.Errorf("%q by %d: %v, want %v", query, limit, got, whole)
			}
		}
		// Random access by offset agrees with the walk.
		for skip := range whole {
			resp := h.page("Server", query, engine.Cursor{Skip: skip}, 2)
			want := whole[skip:min(skip+2, len(whole))]
			if len(resp.Items) != len(want) || resp.More != (skip+2 < len(whole)) {
				t.Errorf("%q skip %d: %d items more=%v, want %v", query, skip, len(resp.Items), resp.More, want)
			}
		}
	}
}

func TestListPageHonoursFilters(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	for i := range 12 {
		status := "RUNNING"
		if i%3 == 0 {
			status = "TERMINATED"
		}
		h.put(custA, fmt.Sprintf(`{"Server": [{"serverId": %d, "name": "s%d", "status": %q, "dataCenter": {"dataCenterId": %d}}]}`, 8000+i, i, status, 100+i%2))
	}
	for _, query := range []string{"", "activeOnly=false", "dataCenterId=101", "dataCenterId=101&activeOnly=false", "dataCenterId=999"} {
		whole := h.list(custA, "Server", query)
		names := h.walk("Server", query, 1000)
		if len(names) != len(whole) {
			t.Fatalf("%q: walk %v, list %v", query, names, whole)
		}
		for limit := 1; limit <= 5; limit++ {
			if got := h.walk("Server", query, limit); fmt.Sprint(got) != fmt.Sprint(names) {
				t.Errorf("%q by %d: %v, want %v", query, limit, got, names)
			}
		}
		n := h.must(200, req{resource: "Server", kind: "head", query: query}).Count
		if n != len(whole) {
			t.Errorf("%q: head counts %d, list has %d", query, n, len(whole))
		}
	}
}
