package engine

import "testing"

// The status filters' scan of canonical data stops at a string status
// (statusReads) and answers what a full decode answers: for records with a
// status, with only a state, with a status that is not a string, with
// both in either order, and beside a string filter that itself reads
// "state".
func TestStatusFiltersStopEarlyAndAgree(t *testing.T) {
	t.Parallel()
	const stopsAt = `{"status":"terminated","state":"RUNNING"}`
	records := []string{
		`{}`,
		`{"status":"RUNNING","x":1}`,
		stopsAt,
		`{"state":"DELETED","status":"RUNNING"}`,
		`{"a":"b","state":"deleted"}`,
		`{"status":7,"state":"TERMINATED"}`,
		`{"status":null,"state":"AVAILABLE"}`,
		`{"status":"ACTIVE","nested":{"state":"DELETED"}}`,
		`{"name":"x","status":"available","state":"pending"}`,
	}
	activeOnly := func(d map[string]any) bool { s := statusOf(d); return s != "TERMINATED" && s != "DELETED" }
	active := func(d map[string]any) bool { s := statusOf(d); return s == "" || s == "ACTIVE" || s == "AVAILABLE" }
	stateIs := func(want string) predicate {
		return func(d map[string]any) bool { s, _ := d["state"].(string); return s == want }
	}
	sets := map[string]func() filterSet{
		"activeOnly": func() (fs filterSet) { fs.add(activeOnly, statusReads()); return },
		"active":     func() (fs filterSet) { fs.add(active, statusReads()); return },
		"activeOnly and state=pending": func() (fs filterSet) {
			fs.add(activeOnly, statusReads())
			fs.add(stateIs("pending"), reads{fields: []string{"state"}})
			return
		},
		"state=RUNNING and active": func() (fs filterSet) {
			fs.add(stateIs("RUNNING"), reads{fields: []string{"state"}})
			fs.add(active, statusReads())
			return
		},
	}
	for name, mk := range sets {
		for _, r := range records {
			fs := mk()
			full, err := decodeObject([]byte(r))
			if err != nil {
				t.Fatal(err)
			}
			want := true
			for _, p := range fs.preds {
				want = want && p(full)
			}
			for _, canonical := range []bool{true, false} {
				got, read, err := fs.match([]byte(r), canonical)
				if err != nil || got != want {
					t.Errorf("%s on %s (canonical %v): %v, %v; want %v", name, r, canonical, got, err, want)
				}
				_, hasState := read["state"]
				if canonical && len(fs.preds) == 1 && r == stopsAt && hasState {
					t.Errorf("%s on %s: read on past a string status to the state", name, r)
				}
			}
		}
	}
}
