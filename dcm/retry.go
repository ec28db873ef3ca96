package dcm

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy bounds retries; zero value = defaults (4 attempts, 200ms base,
// 10s cap, Retry-After honoured up to 2 minutes). MaxAttempts 1 disables
// retries.
//
// What is retried: GET and HEAD on network errors, 5xx and 429; POST, PUT
// and DELETE only on 429 or when the connection failed before the request
// was sent (dial or DNS error), so a launch is never re-sent blindly. A 429
// or 503 with Retry-After (seconds or HTTP date) waits that long; otherwise
// the wait is exponential (BaseDelay·2^n, capped at MaxDelay) with jitter
// (between half and all of it). No wait runs past the context deadline or
// the client's request timeout: then the last error is returned at once.
// A timeout of the client's own (Timeouts) ends the call and is not
// retried.
type RetryPolicy struct {
	MaxAttempts int
	BaseDelay   time.Duration
	MaxDelay    time.Duration
	// MaxRetryAfter is the longest server-requested wait honoured; a longer
	// Retry-After ends the call with the error instead.
	MaxRetryAfter time.Duration
}

// Defaults of a zero RetryPolicy.
const (
	DefaultMaxAttempts   = 4
	DefaultBaseDelay     = 200 * time.Millisecond
	DefaultMaxDelay      = 10 * time.Second
	DefaultMaxRetryAfter = 2 * time.Minute
)

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = DefaultMaxAttempts
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = DefaultBaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = DefaultMaxDelay
	}
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = DefaultMaxRetryAfter
	}
	return p
}

// backoff is the un-jittered wait before retry number n (1-based).
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	return min(d, p.MaxDelay)
}

// defaultJitter picks a wait in [d/2, d].
func defaultJitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// retrying re-runs next on retryable failures (see RetryPolicy). The first
// attempt sends the request as built; each retry gets a clone with a fresh
// body, so inner handlers (signing) start clean every time, while a call
// that succeeds at once pays for no copy.
func retrying(p RetryPolicy, now func() time.Time, jitter func(time.Duration) time.Duration) middleware {
	p = p.withDefaults()
	return func(next handler) handler {
		return func(r *http.Request) (*Response, error) {
			ctx := r.Context()
			for attempt := 1; ; attempt++ {
				ar := r
				if attempt > 1 {
					ar = r.Clone(ctx)
					if r.GetBody != nil {
						body, err := r.GetBody()
						if err != nil {
							return nil, err
						}
						ar.Body = body
					}
				}
				resp, lastErr := next(ar)
				if lastErr == nil || attempt >= p.MaxAttempts || ctx.Err() != nil {
					return resp, lastErr
				}
				wait, ok := retryWait(p, r.Method, lastErr, attempt, now, jitter)
				if !ok {
					return nil, lastErr
				}
				if deadline, has := ctx.Deadline(); has && time.Until(deadline) < wait {
					return nil, lastErr
				}
				if left, has := callOf(r).left(); has && left < wait {
					return nil, lastErr
				}
				if err := sleep(ctx, wait); err != nil {
					return nil, fmt.Errorf("%w (retry abandoned: %w)", lastErr, err)
				}
			}
		}
	}
}

// retryWait decides whether err is retryable for method and how long to wait.
func retryWait(p RetryPolicy, method string, err error, attempt int, now func() time.Time, jitter func(time.Duration) time.Duration) (time.Duration, bool) {
	safe := method == http.MethodGet || method == http.MethodHead
	if ne, ok := errors.AsType[*NetworkError](err); ok {
		if !safe && !ne.NotSent {
			return 0, false
		}
		return jitter(p.backoff(attempt)), true
	}
	ae, ok := errors.AsType[*APIError](err)
	if !ok {
		return 0, false
	}
	switch {
	case ae.StatusCode == http.StatusTooManyRequests:
	case safe && ae.StatusCode >= 500:
	default:
		return 0, false
	}
	if ae.StatusCode == http.StatusTooManyRequests || ae.StatusCode == http.StatusServiceUnavailable {
		if d, ok := parseRetryAfter(ae.Header.Get("Retry-After"), now()); ok {
			return d, d <= p.MaxRetryAfter
		}
	}
	return jitter(p.backoff(attempt)), true
}

// parseRetryAfter reads delay-seconds or an HTTP date (RFC 9110 §10.2.3).
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 || secs > int64(time.Duration(1<<62)/time.Second) {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// sleep waits d unless ctx ends first; then it returns ctx's cause (a
// *TimeoutError when the request timeout ended it).
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return context.Cause(ctx)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
