package emulator_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/seed"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// walkPages lists rel page after page and returns the ids per page. With
// follow it sends each answer's x-es-pagination id with the next page (as
// the dcm client does), else page 1's id with every page (as a client that
// keeps the first id does). between runs after each page but the last.
func walkPages(t *testing.T, e *testEnv, rel string, follow bool, between func(page int)) [][]string {
	t.Helper()
	var pages [][]string
	firstID, id := "", ""
	for n := 1; ; n++ {
		if n > 10_000 {
			t.Fatal("pagination does not end")
		}
		target := rel
		if n > 1 {
			use := id
			if !follow {
				use = firstID
			}
			target = pageURL(rel, use, n)
		}
		rec := e.do(t, http.MethodGet, target, "", nil)
		wantStatus(t, rec, http.StatusOK)
		var ids []string
		for _, it := range envelope(t, rec, "servers") {
			ids = append(ids, serverID(it))
		}
		pages = append(pages, ids)
		id = rec.Header().Get("x-es-pagination")
		if n == 1 {
			firstID = id
		}
		if id == "" || rec.Header().Get("x-es-last-page") == "true" {
			return pages
		}
		if between != nil {
			between(n)
		}
	}
}

// serverID formats the serverId of an envelope item (a float64).
func serverID(it map[string]any) string {
	if f, ok := it["serverId"].(float64); ok {
		return strconv.FormatInt(int64(f), 10)
	}
	return fmt.Sprint(it["serverId"])
}

func pageURL(rel, id string, page int) string {
	u, _ := url.Parse(rel)
	return u.Path + "?" + url.Values{"requestPaginationId": {id}, "requestPage": {strconv.Itoa(page)}}.Encode()
}

func flatten(pages [][]string) []string {
	var out []string
	for _, p := range pages {
		out = append(out, p...)
	}
	return out
}

// setServerStatus rewrites a stored server's status.
func setServerStatus(t *testing.T, st store.Store, id, status string) {
	t.Helper()
	ctx := context.Background()
	customer := seed.Default().Customers[0].CustomerID
	err := st.Update(ctx, func(tx store.Tx) error {
		rec, err := tx.Get(ctx, customer, "Server", id)
		if err != nil {
			return err
		}
		var d map[string]any
		if err := json.Unmarshal(rec.Data, &d); err != nil {
			return err
		}
		d["status"] = status
		if rec.Data, err = json.Marshal(d); err != nil {
			return err
		}
		return tx.Put(ctx, rec)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// reference lists rel in one page of a server with a huge page size.
func reference(t *testing.T, st store.Store, rel string) []string {
	t.Helper()
	pages := walkPages(t, envOver(t, st, emulator.Options{PageSize: 1 << 20}), rel, true, nil)
	if len(pages) != 1 {
		t.Fatalf("reference list of %s took %d pages", rel, len(pages))
	}
	return pages[0]
}

func TestPagingReturnsEveryItemOnceInOrder(t *testing.T) {
	t.Parallel()
	st := openStore(t, "memory", "")
	ids := fillServers(t, st, 40)
	for i, id := range ids {
		if i%4 == 1 {
			setServerStatus(t, st, id, "TERMINATED")
		}
	}
	tmpl := envelope(t, envOver(t, st, emulator.Options{}).do(t, http.MethodGet, "infrastructure/Server/"+ids[0], "", nil), "servers")[0]
	region := fmt.Sprint(tmpl["region"].(map[string]any)["regionId"])
	for _, rel := range []string{"infrastructure/Server", "infrastructure/Server?activeOnly=false",
		"infrastructure/Server?regionId=" + region, "infrastructure/Server?regionId=424242"} {
		want := reference(t, st, rel)
		if rel != "infrastructure/Server?regionId=424242" && len(want) < 20 {
			t.Fatalf("%s: only %d servers", rel, len(want))
		}
		for _, size := range []int{1, 2, 7, len(want) - 1, len(want), len(want) + 1, 250} {
			if size < 1 {
				continue
			}
			e := envOver(t, st, emulator.Options{PageSize: size})
			for _, follow := range []bool{true, false} {
				pages := walkPages(t, e, rel, follow, nil)
				if got := flatten(pages); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s by %d (follow %v): %v, want %v", rel, size, follow, got, want)
				}
				for i, p := range pages {
					if len(p) > size || i < len(pages)-1 && len(p) != size {
						t.Errorf("%s by %d: page %d has %d items", rel, size, i+1, len(p))
					}
				}
			}
			rec := e.do(t, http.MethodHead, rel, "", nil)
			wantStatus(t, rec, http.StatusOK)
			if n := rec.Header().Get("x-es-count"); n != strconv.Itoa(len(want)) {
				t.Errorf("HEAD %s: x-es-count %s, want %d", rel, n, len(want))
			}
		}
	}
}

// Records created or deleted between pages: a walk that follows the ids
// is a keyset walk, so every server that exists throughout is listed
// exactly once; a new server after the cursor (new ids are higher) is
// listed, one created behind it is not, a deleted one is not once gone.
func TestPagingSeesChangesBetweenPagesOnce(t *testing.T) {
	t.Parallel()
	st := openStore(t, "memory", "")
	ids := fillServers(t, st, 30)
	before := reference(t, st, "infrastructure/Server")
	e := envOver(t, st, emulator.Options{PageSize: 5})
	customer := seed.Default().Customers[0].CustomerID
	ctx := context.Background()
	put := func(id int, name string) {
		err := st.Update(ctx, func(tx store.Tx) error {
			rec, err := tx.Get(ctx, customer, "Server", ids[len(ids)-1])
			if err != nil {
				return err
			}
			rec.ID = strconv.Itoa(id)
			rec.Data = fmt.Appendf(nil, `{"serverId":%d,"name":%q,"status":"RUNNING"}`, id, name)
			return tx.Put(ctx, rec)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	del := func(id string) {
		if err := st.Update(ctx, func(tx store.Tx) error { return tx.Delete(ctx, customer, "Server", id) }); err != nil {
			t.Fatal(err)
		}
	}
	gone, behind, ahead := before[len(before)-2], bulkServerBase-1, bulkServerBase+1_000
	pages := walkPages(t, e, "infrastructure/Server", true, func(page int) {
		if page == 3 {
			put(behind, "behind the cursor")
			put(ahead, "ahead of the cursor")
			del(gone)
			del(before[0]) // already listed
		}
	})
	got := flatten(pages)
	var want []string
	for _, id := range before {
		if id != gone {
			want = append(want, id)
		}
	}
	want = append(want, strconv.Itoa(ahead))
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("walk with changes: %v\nwant %v", got, want)
	}
}

func TestPagingRandomAccess(t *testing.T) {
	t.Parallel()
	st := openStore(t, "memory", "")
	fillServers(t, st, 50)
	const size = 6
	for _, rel := range []string{"infrastructure/Server", "infrastructure/Server?activeOnly=false"} {
		want := reference(t, st, rel)
		e := envOver(t, st, emulator.Options{PageSize: size})
		rec := e.do(t, http.MethodGet, rel, "", nil)
		first := rec.Header().Get("x-es-pagination")
		// The id of page 4's answer carries page 5's cursor.
		id := first
		for n := 2; n <= 4; n++ {
			rec = e.do(t, http.MethodGet, pageURL(rel, id, n), "", nil)
			id = rec.Header().Get("x-es-pagination")
		}
		fourth := id
		lastPage := (len(want) + size - 1) / size
		for _, id := range []string{first, fourth} {
			for _, n := range []int{7, 2, lastPage, 1, 5, 3, lastPage + 1, 1 << 40} {
				rec := e.do(t, http.MethodGet, pageURL(rel, id, n), "", nil)
				wantStatus(t, rec, http.StatusOK)
				var got []string
				for _, it := range envelope(t, rec, "servers") {
					got = append(got, serverID(it))
				}
				lo := min((n-1)*size, len(want))
				if n > lastPage {
					lo = len(want)
				}
				exp := want[lo:min(lo+size, len(want))]
				if fmt.Sprint(got) != fmt.Sprint(exp) {
					t.Errorf("%s page %d: %v, want %v", rel, n, got, exp)
				}
				if last := rec.Header().Get("x-es-last-page"); last != strconv.FormatBool(n >= lastPage) {
					t.Errorf("%s page %d: x-es-last-page %s", rel, n, last)
				}
			}
		}
	}
}

// A job due by time is settled by any read of the customer, which then
// runs in a writable transaction; later reads are read-only again.
func TestPlainReadCompletesDueJob(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	e := newEnv(t, func(o *emulator.Options) { o.Clock = clock })
	server := firstRunning(t, e)
	rec := e.do(t, http.MethodPut, "infrastructure/Server/"+server, `{"stop":[{}]}`, nil)
	wantStatus(t, rec, http.StatusAccepted)
	job := fmt.Sprint(envelope(t, rec, "jobs")[0]["jobId"])
	status := func() (string, string) {
		var js string
		for _, j := range envelope(t, e.do(t, http.MethodGet, "admin/Job", "", nil), "jobs") {
			if fmt.Sprint(j["jobId"]) == job {
				js = fmt.Sprint(j["status"])
			}
		}
		srv := envelope(t, e.do(t, http.MethodGet, "infrastructure/Server/"+server, "", nil), "servers")[0]
		return js, fmt.Sprint(srv["status"])
	}
	js, stopping := status()
	if js != "RUNNING" || stopping == "RUNNING" {
		t.Fatalf("right after stop: job %s, server %s", js, stopping)
	}
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	if js, ss := status(); js != "COMPLETE" || ss == stopping || ss == "RUNNING" {
		t.Fatalf("after the job is due: job %s, server %s; want COMPLETE and the stop done", js, ss)
	}
}

func firstRunning(t *testing.T, e *testEnv) string {
	t.Helper()
	for _, s := range envelope(t, e.do(t, http.MethodGet, "infrastructure/Server", "", nil), "servers") {
		if s["status"] == "RUNNING" {
			return fmt.Sprint(s["serverId"])
		}
	}
	t.Fatal("no running server in the seed")
	return ""
}

// A pagination id, cursor included, keeps working on a new server over a
// reopened SQLite file (a restart, or a one-shot CLI).
func TestPaginationIDSurvivesRestart(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "emu.db")
	st := openStore(t, "sqlite", path)
	fillServers(t, st, 25)
	rel := "infrastructure/Server?activeOnly=false"
	want := reference(t, st, rel)
	e := envOver(t, st, emulator.Options{PageSize: 4})
	rec := e.do(t, http.MethodGet, rel, "", nil)
	rec = e.do(t, http.MethodGet, pageURL(rel, rec.Header().Get("x-es-pagination"), 2), "", nil)
	id := rec.Header().Get("x-es-pagination")
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	e2 := envOver(t, openStore(t, "sqlite", path), emulator.Options{PageSize: 100})
	got := append([]string(nil), want[:8]...)
	for n := 3; ; n++ {
		rec = e2.do(t, http.MethodGet, pageURL(rel, id, n), "", nil)
		wantStatus(t, rec, http.StatusOK)
		items := envelope(t, rec, "servers")
		if len(items) > 4 {
			t.Fatalf("page %d after the restart has %d items, want the id's page size 4", n, len(items))
		}
		for _, it := range items {
			got = append(got, serverID(it))
		}
		if rec.Header().Get("x-es-last-page") == "true" || n > 100 {
			break
		}
		id = rec.Header().Get("x-es-pagination")
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the restart: %v, want %v", got, want)
	}
}
