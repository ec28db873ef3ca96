package sdk

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// Created waits for the job of an asynchronous create (dcm.Wait) and reads
// the resource it made, whose id the API puts in the job's message.
func Created[T Model](ctx context.Context, c Client, job *dcm.Job, opts dcm.WaitOptions, callOpts ...CallOption) (*T, error) {
	if job == nil {
		return nil, errors.New("sdk: no job to wait for (the server answered synchronously)")
	}
	done, err := dcm.Wait(ctx, c, job.JobID, opts)
	if err != nil {
		return nil, err
	}
	id, ok := done.ResultID()
	if !ok {
		return nil, fmt.Errorf("job %d completed without a resource id (message %q)", done.JobID, done.Message)
	}
	return Get[T](ctx, c, strconv.FormatInt(id, 10), nil, callOpts...)
}
