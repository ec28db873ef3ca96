package dcm

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// APIError is an answer the call cannot use: any response with status >=
// 400, and (Problem set) a redirect that is not followed or a success whose
// body or headers do not match the request. Either way the server did
// answer, so the CLI exits 4 for it (3 for 401 and 403).
type APIError struct {
	StatusCode int
	Message    string // error.message, or the raw body when not the envelope
	RequestID  string
	Method     string
	Path       string      // request path relative to the endpoint, without query
	Header     http.Header // response headers (e.g. Retry-After)
	// Problem is "" for an error status. For a status below 400 it says
	// why the answer was refused; Message then explains it and quotes the
	// start of the body, redacted.
	Problem Problem
	// Location is the target of a redirect that was not followed.
	Location string
}

// Problem says why an answer with a status below 400 was refused.
type Problem string

const (
	// ProblemRedirect is a redirect the client does not follow: on a
	// write, to another origin, without a Location, or one too many.
	ProblemRedirect Problem = "redirect"
	// ProblemAnswer is a success whose body does not match the operation:
	// empty where an object or jobs were due, not the format asked for, not
	// valid, or not the resource's envelope.
	ProblemAnswer Problem = "answer"
	// ProblemPaging is pagination that would not end: a page repeating an
	// earlier one, or a pagination id coming round again.
	ProblemPaging Problem = "paging"
)

// Error reads like "GET geography/DataCenter: 403 Forbidden: Invalid access keys (request r-123)".
func (e *APIError) Error() string {
	var b strings.Builder
	if e.Method != "" || e.Path != "" {
		b.WriteString(strings.TrimSpace(e.Method + " " + e.Path))
		b.WriteString(": ")
	}
	fmt.Fprintf(&b, "%d", e.StatusCode)
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" " + text)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request " + e.RequestID + ")")
	}
	return b.String()
}

func statusIs(err error, code int) bool { return StatusCode(err) == code }

// IsNotFound reports whether err is (or wraps) an *APIError with status 404.
func IsNotFound(err error) bool { return statusIs(err, http.StatusNotFound) }

// IsForbidden reports whether err is (or wraps) an *APIError with status 403,
// the status the API uses for bad keys and signatures.
func IsForbidden(err error) bool { return statusIs(err, http.StatusForbidden) }

// IsBadRequest reports whether err is (or wraps) an *APIError with status 400.
func IsBadRequest(err error) bool { return statusIs(err, http.StatusBadRequest) }

// IsConflict reports whether err is (or wraps) an *APIError with status 409.
func IsConflict(err error) bool { return statusIs(err, http.StatusConflict) }

// IsRateLimited reports whether err is (or wraps) an *APIError with status 429.
func IsRateLimited(err error) bool { return statusIs(err, http.StatusTooManyRequests) }

// StatusCode is the HTTP status of the *APIError in err's chain, or 0.
func StatusCode(err error) int {
	if e, ok := errors.AsType[*APIError](err); ok {
		return e.StatusCode
	}
	return 0
}

// IsAPIError reports whether err is (or wraps) an *APIError: the server
// answered with status >= 400, or with an answer the call cannot use.
func IsAPIError(err error) bool {
	_, ok := errors.AsType[*APIError](err)
	return ok
}

// IsUnusableAnswer reports whether err is (or wraps) an *APIError for an
// answer whose status was not an error but which was refused (Problem set).
func IsUnusableAnswer(err error) bool {
	e, ok := errors.AsType[*APIError](err)
	return ok && e.Problem != ""
}

// NetworkError is a failure to get any HTTP answer: DNS, dial, TLS, a reset
// connection, or the context ending while waiting for the server.
type NetworkError struct {
	Method string
	Path   string // request path relative to the endpoint (or the discovery URL path)
	// NotSent is true when the failure happened before the request could have
	// reached the server (dial or DNS failure), so a write is safe to retry.
	NotSent bool
	Err     error
}

func (e *NetworkError) Error() string {
	return fmt.Sprintf("%s %s: network error: %v", e.Method, e.Path, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// IsNetworkError reports whether err is (or wraps) a *NetworkError.
func IsNetworkError(err error) bool {
	_, ok := errors.AsType[*NetworkError](err)
	return ok
}

// ConfigError is a missing or invalid configuration value, found by
// LoadConfig, New, SaveProfile or a request needing a value that is unset.
type ConfigError struct {
	Source string // where the bad value came from (variable, file), may be ""
	Msg    string
	Err    error // underlying cause, may be nil
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString("configuration")
	if e.Source != "" {
		b.WriteString(" (" + e.Source + ")")
	}
	b.WriteString(": " + e.Msg)
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func (e *ConfigError) Unwrap() error { return e.Err }

// IsConfigError reports whether err is (or wraps) a *ConfigError.
func IsConfigError(err error) bool {
	_, ok := errors.AsType[*ConfigError](err)
	return ok
}
