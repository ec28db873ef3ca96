package dcm

import (
	"context"
	"math"
	"net/http"
	"sync/atomic"
	"time"
)

// call is the state of one Do, Stream or APIVersions call, carried on its
// context: the path to name in errors, whether the answer is streamed, and
// the one timer that enforces Timeouts.ResponseHeader and
// Timeouts.Request. While an attempt waits for its response headers the
// timer is set to the header bound (or what is left of the request bound,
// if that ends sooner); otherwise to what is left of the request bound.
// When it fires it ends the call's context with the *TimeoutError of that
// bound: the call is over, and it is not retried (a server that does not
// answer in 30 s is not asked again three times).
//
// One context and one timer per call, whatever the attempts and phases,
// keep a bounded call nearly as cheap as an unbounded one.
type call struct {
	path   string // relative to the endpoint, for messages
	stream bool   // Stream: a successful answer's body is left open

	cancel   context.CancelCauseFunc // nil when no bound applies
	timer    *time.Timer
	armed    atomic.Pointer[TimeoutError] // the bound the timer is set for
	header   *TimeoutError                // nil: no header bound
	request  *TimeoutError                // nil: no request bound
	deadline time.Time                    // end of the request bound
}

type callKey struct{}

// startCall puts a call on ctx with the client's bounds.
func (c *Client) startCall(ctx context.Context, path string, stream bool) (context.Context, *call) {
	cl := &call{path: path, stream: stream, header: c.headerCause, request: c.requestCause}
	if cl.header != nil || cl.request != nil {
		ctx, cl.cancel = context.WithCancelCause(ctx)
		if cl.request != nil {
			cl.deadline = time.Now().Add(cl.request.After)
		}
		cl.timer = time.AfterFunc(math.MaxInt64, cl.fire)
		cl.arm(false)
	}
	return context.WithValue(ctx, callKey{}, cl), cl
}

// callOf is the call r belongs to (nil for a request made without one).
func callOf(r *http.Request) *call {
	cl, _ := r.Context().Value(callKey{}).(*call)
	return cl
}

func (cl *call) fire() {
	if te := cl.armed.Load(); te != nil {
		cl.cancel(te)
	}
}

// arm sets the timer for an attempt waiting for its headers (awaiting) or
// for the rest of the call.
func (cl *call) arm(awaiting bool) {
	if cl == nil || cl.timer == nil {
		return
	}
	var cause *TimeoutError
	var d time.Duration
	if cl.request != nil {
		cause, d = cl.request, time.Until(cl.deadline)
	}
	if awaiting && cl.header != nil && (cause == nil || cl.header.After < d) {
		cause, d = cl.header, cl.header.After
	}
	if cause == nil {
		cl.timer.Stop()
		return
	}
	cl.armed.Store(cause)
	cl.timer.Reset(d)
}

// left is what remains of the request bound (ok false: none).
func (cl *call) left() (time.Duration, bool) {
	if cl == nil || cl.request == nil {
		return 0, false
	}
	return time.Until(cl.deadline), true
}

// end releases the call's context and timer.
func (cl *call) end() {
	if cl != nil && cl.cancel != nil {
		cl.timer.Stop()
		cl.cancel(nil)
	}
}
