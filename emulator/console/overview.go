package console

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator"
	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// maxStateScan bounds how many servers the overview reads for their
// states, so that it stays quick with 100,000 of them; beyond it, the
// states are those of the first maxStateScan (the page says so).
const maxStateScan = 20000

// customerSummary is one customer on the overview.
type customerSummary struct {
	Customer    int64
	Counts      []resourceCount // non-zero ones
	States      []stateCount
	StatesOf    int  // servers read for States
	StatesCut   bool // more servers than maxStateScan
	RunningJobs int
}

type stateCount struct {
	State string
	Count int
}

type overviewPage struct {
	Customers []customerSummary
	Errors    []emulator.RequestRecord
	Reset     bool
	Auth      string
}

func (c *Console) overview(w http.ResponseWriter, r *http.Request) {
	customers, err := c.customers(r.Context())
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, "reading the customers: %v", err)
		return
	}
	p := overviewPage{Reset: r.URL.Query().Get("reset") == "done"}
	err = c.srv.Store().View(r.Context(), func(tx store.Tx) error {
		for _, cust := range customers {
			s, err := c.summarise(r.Context(), tx, cust)
			if err != nil {
				return err
			}
			p.Customers = append(p.Customers, s)
		}
		return nil
	})
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, "reading the store: %v", err)
		return
	}
	for _, e := range slices.Backward(c.srv.Requests()) {
		if e.Status == 0 || e.Status >= 400 {
			p.Errors = append(p.Errors, e)
			if len(p.Errors) == 10 {
				break
			}
		}
	}
	c.render(w, r, http.StatusOK, "overview", "Overview", p)
}

// customers are the customers with keys, in order, the default first.
func (c *Console) customers(ctx context.Context) ([]int64, error) {
	keys, err := emulator.Keys(ctx, c.srv.Store())
	if err != nil {
		return nil, err
	}
	out := []int64{c.srv.DefaultCustomer()}
	for _, k := range keys {
		if !slices.Contains(out, k.Customer) {
			out = append(out, k.Customer)
		}
	}
	return out, nil
}

func (c *Console) summarise(ctx context.Context, tx store.Tx, customer int64) (customerSummary, error) {
	s := customerSummary{Customer: customer}
	for _, res := range c.cat.Resources {
		n, err := tx.Count(ctx, store.Filter{Customer: customer, Kind: res.Name})
		if err != nil {
			return s, err
		}
		if n > 0 {
			s.Counts = append(s.Counts, resourceCount{Res: res, Count: n})
		}
	}
	states := map[string]int{}
	err := tx.Scan(ctx, store.Filter{Customer: customer, Kind: "Server", Limit: maxStateScan + 1}, func(rec store.Record) bool {
		if s.StatesOf == maxStateScan {
			s.StatesCut = true
			return false
		}
		s.StatesOf++
		states[memberString(rec.Data, "status")]++
		return true
	})
	if err != nil {
		return s, err
	}
	for st, n := range states {
		s.States = append(s.States, stateCount{State: st, Count: n})
	}
	sort.Slice(s.States, func(i, j int) bool { return s.States[i].State < s.States[j].State })
	err = tx.Scan(ctx, store.Filter{Customer: customer, Kind: "Job"}, func(rec store.Record) bool {
		if memberString(rec.Data, "status") == "RUNNING" {
			s.RunningJobs++
		}
		return true
	})
	return s, err
}

// memberString reads one top-level string member of a JSON object without
// decoding the rest.
func memberString(data []byte, name string) string {
	sc := jsonscan.NewObjectScanner(data)
	for sc.Next() {
		if string(sc.Key()) == name {
			s, _ := jsonscan.Unquote(sc.Value())
			return s
		}
	}
	return ""
}

// keyRow is one access key on the Keys page; Secret is set only for the
// key whose Reveal button was pressed.
type keyRow struct {
	engine.APIKey
	Revealed bool
}

// keys lists the customers' access keys. The secret of one key is in the
// page only as the answer to its Reveal form (a POST: never in a URL, a
// link or the browser's history of GET pages), and never cached.
func (c *Console) keys(w http.ResponseWriter, r *http.Request, reveal string) {
	keys, err := emulator.Keys(r.Context(), c.srv.Store())
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, "reading the keys: %v", err)
		return
	}
	rows := make([]keyRow, len(keys))
	for i, k := range keys {
		rows[i].APIKey = k
		if reveal != "" && k.AccessKey == reveal {
			rows[i].Revealed = true
		} else {
			rows[i].SecretKey = ""
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	c.render(w, r, http.StatusOK, "keys", "Keys", map[string]any{"Keys": rows, "Now": time.Now()})
}
