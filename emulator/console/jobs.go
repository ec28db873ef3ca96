package console

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/emulator/engine"
	"github.com/mixcoatl/mixcoatl/emulator/store"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/mixcoatl/mixcoatl/wire/jsonscan"
)

// maxJobs is how many of the newest jobs the Jobs page shows.
const maxJobs = 200

// jobRow is one job on the Jobs page.
type jobRow struct {
	ID          string
	Status      string
	Description string
	Message     string
	Target      string // "Server 4012" (a link when Link is set)
	Link        string
	Op          string
	Started     time.Time
	Duration    string // so far, while RUNNING
	Running     bool
}

// readJobs returns the customer's newest jobs, newest first. Only the
// status, description and message members are read from each record.
func (c *Console) readJobs(ctx context.Context, customer int64, now time.Time) ([]jobRow, error) {
	job, ok := c.cat.Resource("Job")
	if !ok {
		return nil, errors.New("the catalogue has no Job resource")
	}
	var rows []jobRow
	q := queryOf("customer", customer)
	err := c.srv.Store().View(ctx, func(tx store.Tx) error {
		return tx.Scan(ctx, store.Filter{Customer: customer, Kind: job.Name}, func(rec store.Record) bool {
			row := jobRow{ID: rec.ID, Started: rec.Created}
			end := now
			sc := jsonscan.NewObjectScanner(rec.Data)
			for sc.Next() {
				s, _ := jsonscan.Unquote(sc.Value())
				switch string(sc.Key()) {
				case "status":
					row.Status = s
				case "description":
					row.Description = s
				case "message":
					row.Message = s
				case "startDate":
					if t, err := time.Parse(wire.TimestampLayout, s); err == nil {
						row.Started = t
					}
				case "endDate":
					if t, err := time.Parse(wire.TimestampLayout, s); err == nil {
						end = t
					}
				}
			}
			if info, ok := engine.ReadJobInfo(rec); ok {
				row.Target, row.Op = info.Kind+" "+info.ID, info.Op
				if res, ok := c.cat.Resource(info.Kind); ok && info.Op != "delete" {
					row.Link = Prefix + "resources/" + res.Path + "/" + info.ID + q
				}
			}
			row.Running = row.Status == "RUNNING"
			if !row.Running && end.Equal(now) {
				end = rec.Updated // a finished job without an endDate
			}
			if d := end.Sub(row.Started); d >= 0 {
				row.Duration = d.Round(time.Millisecond).String()
			}
			rows = append(rows, row)
			if len(rows) > 2*maxJobs { // keep the newest: ids grow
				rows = slices.Delete(rows, 0, len(rows)-maxJobs)
			}
			return true
		})
	})
	if len(rows) > maxJobs {
		rows = rows[len(rows)-maxJobs:]
	}
	slices.Reverse(rows)
	return rows, err
}

func (c *Console) jobs(w http.ResponseWriter, r *http.Request) {
	rows, err := c.readJobs(r.Context(), c.customer(r), time.Now())
	if err != nil {
		c.fail(w, r, http.StatusInternalServerError, "reading jobs: %v", err)
		return
	}
	c.render(w, r, http.StatusOK, "jobs", "Jobs", rows)
}

// forceJob ends a running job: the form's status is COMPLETE or ERROR.
func (c *Console) forceJob(w http.ResponseWriter, r *http.Request, id string) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n < 1 {
		c.fail(w, r, http.StatusBadRequest, "invalid job id %q", id)
		return
	}
	customer := c.customer(r)
	status := strings.ToUpper(r.PostForm.Get("status"))
	if err := c.srv.ForceJob(r.Context(), customer, n, status, r.PostForm.Get("message")); err != nil {
		c.failErr(w, r, err)
		return
	}
	c.redirect(w, r, "jobs"+queryOf("customer", customer))
}

// failErr answers an emulator error with its own status.
func (c *Console) failErr(w http.ResponseWriter, r *http.Request, err error) {
	var ee *engine.Error
	if errors.As(err, &ee) {
		c.fail(w, r, ee.Status, "%s", ee.Message)
		return
	}
	c.fail(w, r, http.StatusInternalServerError, "%v", err)
}

// jobPoll is how often the job stream looks at the store while a browser
// holds it open (besides after every API request).
const jobPoll = time.Second

// jobEvents streams the Jobs page's table ("rows": its rendered body) when
// it changes, and each status change it sees ("change": a timeline entry).
// It reads the store after each API request and once per jobPoll, and only
// while the browser is connected.
func (c *Console) jobEvents(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	customer := c.customer(r)
	requests := c.srv.WatchRequests(ctx)
	sse, ok := c.startStream(w, r)
	if !ok {
		return
	}
	tick := time.NewTicker(jobPoll)
	defer tick.Stop()
	seen := map[string]string{}
	var last []byte
	first := true
	for {
		rows, err := c.readJobs(ctx, customer, time.Now())
		if err != nil {
			return
		}
		for _, row := range rows {
			if old, ok := seen[row.ID]; (ok || !first) && old != row.Status {
				var b bytes.Buffer
				_ = c.pages["jobs"].ExecuteTemplate(&b, "jobchange", map[string]any{"Row": row, "From": old, "At": time.Now()})
				sse.send("change", b.Bytes())
			}
			seen[row.ID] = row.Status
		}
		first = false
		var b bytes.Buffer
		_ = c.pages["jobs"].ExecuteTemplate(&b, "jobrows", page{CSRF: c.csrf, Customer: customer, Data: rows})
		if !bytes.Equal(b.Bytes(), last) {
			sse.send("rows", b.Bytes())
			last = b.Bytes()
		}
		if !sse.flush() {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-c.srv.Stopping():
			return
		case <-tick.C:
		case _, ok := <-requests:
			if !ok {
				return
			}
		}
	}
}
