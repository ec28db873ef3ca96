package cli

import (
	"context"
	"fmt"
	"strconv"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/cli/waitui"
	"github.com/mixcoatl/mixcoatl/dcm"
)

// waitForJobs polls the jobs until they all end, with progress on stderr
// (a live line on a terminal). A job ending in ERROR is a
// *waitui.JobFailedError (exit 6), running out of --wait-timeout a
// *waitui.TimeoutError (exit 7).
func (rc *resourceCommand) waitForJobs(ctx context.Context, d dcm.Doer, jobs []dcm.Job, w waitOptions) ([]dcm.Job, error) {
	return waitui.Wait(ctx, d, jobs, waitui.Options{
		Timeout:  w.timeout,
		Progress: rc.env.Stderr,
		Terminal: isTerminal(rc.env),
		Poll:     dcm.WaitOptions{Interval: w.interval},
	})
}

// waitAndShow waits for the jobs of an async op, then prints what they
// made or changed: the created resource, the changed resources re-read, or
// (for deletes) a confirmation on stderr.
func (rc *resourceCommand) waitAndShow(ctx context.Context, client *dcm.Client, p itemPrinter, o *writeOptions, ids []string, jobs []dcm.Job) error {
	done, err := rc.waitForJobs(ctx, client, jobs, o.wait)
	if err != nil {
		return err
	}
	switch o.og.Kind {
	case catalog.KindDelete:
		for _, id := range ids {
			fmt.Fprintln(rc.env.Stderr, rc.doneMessage(o.og, id))
		}
		return nil
	case catalog.KindCreate:
		ids = ids[:0]
		for _, j := range done {
			id, ok := j.ResultID()
			if !ok {
				return p.Jobs(done) // the job does not say what it made
			}
			ids = append(ids, strconv.FormatInt(id, 10))
		}
	}
	if err := p.Begin(); err != nil {
		return err
	}
	for _, id := range ids {
		if id == "" {
			continue
		}
		raw, err := rc.getOne(ctx, client, id, nil, "")
		if err != nil {
			return err
		}
		if err := p.Item(raw); err != nil {
			return err
		}
	}
	return p.End()
}
