package emulator_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/mixcoatl/mixcoatl/emulator"
)

// pageThrough follows x-es-pagination from page 1 and returns every id.
func pageThrough(t *testing.T, e *testEnv, rel, collection, key string, keepQuery bool) ([]string, int) {
	t.Helper()
	rec := e.do(t, http.MethodGet, rel, "", nil)
	wantStatus(t, rec, http.StatusOK)
	var ids []string
	add := func(items []map[string]any) {
		for _, it := range items {
			ids = append(ids, fmt.Sprint(it[key]))
		}
	}
	add(envelope(t, rec, collection))
	pid := rec.Header().Get("x-es-pagination")
	if pid == "" {
		return ids, 1
	}
	pages := 1
	for last := rec.Header().Get("x-es-last-page"); last != "true"; last = rec.Header().Get("x-es-last-page") {
		if last != "false" {
			t.Fatalf("x-es-last-page = %q", last)
		}
		pages++
		q := url.Values{"requestPaginationId": {pid}, "requestPage": {fmt.Sprint(pages)}}
		next := "?" + q.Encode()
		if keepQuery {
			u, _ := url.Parse(rel)
			next = u.Path + "?" + u.RawQuery + "&" + q.Encode()
		} else {
			u, _ := url.Parse(rel)
			next = u.Path + next
		}
		rec = e.do(t, http.MethodGet, next, "", nil)
		wantStatus(t, rec, http.StatusOK)
		add(envelope(t, rec, collection))
		if pages > 100 {
			t.Fatal("pagination does not end")
		}
	}
	return ids, pages
}

func TestPaginationCoversTheWholeList(t *testing.T) {
	t.Parallel()
	full := newEnv(t, nil)
	all, pages := pageThrough(t, full, "geography/Region", "regions", "regionId", false)
	if pages != 1 || len(all) < 6 {
		t.Fatalf("default page size paginated %d regions into %d pages", len(all), pages)
	}
	paged := newEnv(t, func(o *emulator.Options) { o.PageSize = 5 })
	for _, keep := range []bool{false, true} {
		got, pages := pageThrough(t, paged, "geography/Region", "regions", "regionId", keep)
		if want := (len(all) + 4) / 5; pages != want {
			t.Errorf("%d pages, want %d", pages, want)
		}
		if fmt.Sprint(got) != fmt.Sprint(all) {
			t.Errorf("paged ids %v, want %v", got, all)
		}
	}
}

func TestPaginationKeepsFiltersAndSurvivesRestart(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *emulator.Options) { o.PageSize = 3 })
	region := firstID(t, e, "geography/Region", "regions", "regionId")
	rel := "infrastructure/ServerProduct?regionId=" + region
	rec := e.do(t, http.MethodGet, rel, "", nil)
	pid := rec.Header().Get("x-es-pagination")
	if pid == "" {
		t.Fatalf("no pagination for %s: %s", rel, rec.Body)
	}
	// A fresh server over the same store (a restart, or a one-shot CLI) with
	// another page size still serves page 2 of the original query.
	restarted, err := emulator.New(emulator.Options{Store: e.srv.Store(), PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	e2 := *e
	e2.srv = restarted
	rec = e2.do(t, http.MethodGet, "infrastructure/ServerProduct?requestPaginationId="+url.QueryEscape(pid)+"&requestPage=2", "", nil)
	wantStatus(t, rec, http.StatusOK)
	items := envelope(t, rec, "serverProducts")
	if len(items) == 0 || len(items) > 3 {
		t.Fatalf("page 2 has %d items, want 1..3", len(items))
	}
	all := envelope(t, e2.do(t, http.MethodGet, rel, "", nil), "serverProducts") // one page of 100
	if len(all) < 4 {
		t.Fatalf("region %s has only %d products", region, len(all))
	}
	for i, it := range items {
		if want := all[3+i]["productId"]; fmt.Sprint(it["productId"]) != fmt.Sprint(want) {
			t.Errorf("page 2 item %d = product %v, want %v (the filtered list's item %d)", i, it["productId"], want, 4+i)
		}
	}
	rec = e2.do(t, http.MethodGet, "infrastructure/ServerProduct?requestPaginationId="+url.QueryEscape(pid)+"&requestPage=999", "", nil)
	wantStatus(t, rec, http.StatusOK)
	if len(envelope(t, rec, "serverProducts")) != 0 || rec.Header().Get("x-es-last-page") != "true" {
		t.Errorf("page past the end: %s %v", rec.Body, rec.Header())
	}
}

func TestPaginationBadParameters(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *emulator.Options) { o.PageSize = 5 })
	pid := e.do(t, http.MethodGet, "geography/Region", "", nil).Header().Get("x-es-pagination")
	for _, tc := range []struct{ rel, want string }{
		{"geography/Region?requestPage=2", "requestPaginationId"},
		{"geography/Region?requestPaginationId=" + pid, "requestPage"},
		{"geography/Region?requestPaginationId=" + pid + "&requestPage=0", "requestPage"},
		{"geography/Region?requestPaginationId=" + pid + "&requestPage=two", "requestPage"},
		{"geography/Region?requestPaginationId=garbage!&requestPage=2", "requestPaginationId"},
		{"geography/Cloud?requestPaginationId=" + pid + "&requestPage=2", "belongs to geography/Region"},
	} {
		wantError(t, e.do(t, http.MethodGet, tc.rel, "", nil), http.StatusBadRequest, tc.want)
	}
}
