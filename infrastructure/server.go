package infrastructure

import (
	"context"
	"time"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// The generated ServerService speaks the API's verbs; these are the names
// users reach for, each a thin layer over one of them.

// Terminate ends the server now (DELETE with a reason). Since 2013 the API
// answers with a job; older servers finished synchronously (nil job).
func (s *ServerService) Terminate(ctx context.Context, id int64, reason string) (*dcm.Job, error) {
	return s.Delete(ctx, id, ServerDeleteParams{Reason: reason})
}

// ScheduleTerminate asks the API to terminate the server once after has
// passed; the time shows up as the server's TerminateAfter.
func (s *ServerService) ScheduleTerminate(ctx context.Context, id int64, after time.Duration, reason string) (*dcm.Job, error) {
	return s.Delete(ctx, id, ServerDeleteParams{Reason: reason, TerminateAfter: max(after.Milliseconds(), 1)})
}

// SchedulePause asks the API to pause the server once after has passed;
// the time shows up as the server's PauseAfter.
func (s *ServerService) SchedulePause(ctx context.Context, id int64, after time.Duration, reason string) (*dcm.Job, error) {
	return s.Delete(ctx, id, ServerDeleteParams{Reason: reason, PauseAfter: max(after.Milliseconds(), 1)})
}

// Rename changes the server's name (describeServer).
func (s *ServerService) Rename(ctx context.Context, id int64, name string) error {
	return s.DescribeServer(ctx, id, ServerDescribeServerRequest{Name: name})
}
