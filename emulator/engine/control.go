package engine

import (
	"context"
	"net/http"
	"strings"

	"github.com/mixcoatl/mixcoatl/emulator/store"
)

// ForceJob ends a running job of the customer now, as the control API asks:
// status COMPLETE applies the job's effect (message overrides the usual
// one when not empty), ERROR fails it with message and puts the target
// back. A job that already finished is a conflict.
func (e *Engine) ForceJob(ctx context.Context, tx store.Tx, customer int64, jobID int64, status, message string) error {
	status = strings.ToUpper(strings.TrimSpace(status))
	if status != jobComplete && status != jobError {
		return Errorf(http.StatusBadRequest, "job status %q: want COMPLETE or ERROR", status)
	}
	job, found, err := loadOwn(ctx, tx, customer, jobKind, idKey(jobID))
	if err != nil {
		return err
	}
	if !found {
		return notFound(jobKind, idKey(jobID))
	}
	if s := statusOf(job.data); s != jobRunning {
		return Errorf(http.StatusConflict, "Job %d is already %s", jobID, s)
	}
	st, err := getJobState(job)
	if err != nil {
		return err
	}
	ev := &env{e: e, tx: tx, customer: customer, user: -1, now: e.now()}
	return ev.finishJob(ctx, job, st, status == jobError, message)
}

// SetStatus sets a record's status (or an ApiKey's state) directly, for
// tests that need a resource in a given state. No acceptance rule applies;
// an operation in flight on the record is superseded (its job ends in
// ERROR).
func (e *Engine) SetStatus(ctx context.Context, tx store.Tx, customer int64, resourceName, id, status string) error {
	res, ok := e.cat.Resource(resourceName)
	if !ok {
		return Errorf(http.StatusBadRequest, "unknown resource %q", resourceName)
	}
	field := "status"
	if _, has := res.Field(field); !has {
		if _, has = res.Field("state"); !has {
			return Errorf(http.StatusBadRequest, "%s has no status", res.Name)
		}
		field = "state"
	}
	if strings.TrimSpace(status) == "" {
		return Errorf(http.StatusBadRequest, "empty status for %s %s", res.Name, id)
	}
	it, err := mustLoad(ctx, tx, customer, res, id)
	if err != nil {
		return err
	}
	// A status set from outside supersedes the operation in flight
	// (transition.go, rule 6), so its job cannot overwrite the new status.
	ev := &env{e: e, tx: tx, customer: customer, user: -1, now: e.now()}
	if err := ev.supersedeFlight(ctx, it, "a status set through the control API"); err != nil {
		return err
	}
	it.data[field] = strings.ToUpper(strings.TrimSpace(status))
	return e.save(ctx, tx, it)
}
