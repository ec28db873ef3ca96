package console_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mixcoatl/mixcoatl/dcmtest"
	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/console"
	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// manyServers is an emulator whose first customer has n servers more than
// the seed's: copies of a seeded one under new ids. Its API answers lists
// whole, so a test can compare the console's pages with one answer.
func manyServers(tb testing.TB, n int) *dcmtest.Emulator {
	e := newEmulator(tb, func(o *emulator.Options) { o.PageSize = emulator.Unpaged })
	ctx := context.Background()
	customer := e.Server.DefaultCustomer()
	err := e.Store.Update(ctx, func(tx store.Tx) error {
		tmpl, err := tx.Get(ctx, customer, "Server", "331810")
		if err != nil {
			return err
		}
		data := string(tmpl.Data)
		for i := range n {
			id := strconv.Itoa(1_000_000 + i)
			rec := tmpl
			rec.ID = id
			rec.Data = []byte(strings.Replace(data, `"serverId":331810`, `"serverId":`+id, 1))
			if err := tx.Put(ctx, rec); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// A list page of 250 rows is rendered on the emulator's side in well under
// 100 ms, on the first page as on the last of 100,000 servers (the page is
// read like an API page; nothing sorts or counts the whole list besides
// the store's count).
func BenchmarkServerPage250(b *testing.B) {
	e := manyServers(b, 100_000) // the parent of sub-benchmarks runs once
	// Page 400 as its previous page's next link names it.
	for name, query := range map[string]string{"page1": "", "page400": "&page=400&after=1099499"} {
		b.Run(name, func(b *testing.B) {
			path := console.Prefix + "resources/infrastructure/Server?size=250" + query
			for b.Loop() {
				w := do(b, e, http.MethodGet, path, nil)
				if w.Code != http.StatusOK || strings.Count(w.Body.String(), "<tr><td><a") != 250 {
					b.Fatalf("%d, %d rows", w.Code, strings.Count(w.Body.String(), "<tr><td><a"))
				}
			}
		})
	}
	b.Run("overview", func(b *testing.B) {
		for b.Loop() {
			if w := do(b, e, http.MethodGet, console.Prefix, nil); w.Code != http.StatusOK {
				b.Fatal(w.Code)
			}
		}
	})
}

var nextLink = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)

// A page shows the rows it is asked for and links onwards; the last page
// links back only; together the pages hold what the API lists, with or
// without a filter.
func TestPagingOfALongList(t *testing.T) {
	t.Parallel()
	e := manyServers(t, 600)
	for _, filter := range []string{"", "regionId=19344"} {
		_, body := call(t, e.Client(), http.MethodGet, "infrastructure/Server?"+filter, "")
		want := strings.Count(string(body), `"serverId"`)
		got := 0
		next := console.Prefix + "resources/infrastructure/Server?" + filter
		for page := 1; ; page++ {
			html := get(t, e, next)
			rows := strings.Count(html, "<tr><td><a")
			got += rows
			if prev := strings.Contains(html, `rel="prev"`); prev != (page > 1) {
				t.Errorf("%s page %d: previous link %v", filter, page, prev)
			}
			m := nextLink.FindStringSubmatch(html)
			if m == nil {
				break
			}
			next = strings.ReplaceAll(m[1], "&amp;", "&")
			if rows != 250 {
				t.Fatalf("%s page %d: %d rows and a next page", filter, page, rows)
			}
		}
		if got != want || want < 500 {
			t.Errorf("%s: the pages hold %d servers, the API lists %d", filter, got, want)
		}
	}
}
