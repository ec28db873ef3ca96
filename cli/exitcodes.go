package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"

	outfmt "github.com/mixcoatl/mixcoatl/cli/output"
	"github.com/mixcoatl/mixcoatl/dcm"
)

// Exit codes of every mixcoatl command. Scripts depend on them: never
// renumber, only add.
const (
	ExitOK          = 0   // success
	ExitInternal    = 1   // a bug or an unclassified failure
	ExitUsage       = 2   // bad command line: unknown command or flag, bad argument
	ExitConfig      = 3   // configuration or authentication: missing keys, bad endpoint, HTTP 401/403
	ExitAPI         = 4   // the API answered with another error status (4xx/5xx), or an answer refused as success
	ExitNetwork     = 5   // no answer: DNS, connection refused, TLS, a timeout
	ExitJobFailed   = 6   // an awaited job ended in ERROR (--wait, job wait)
	ExitWaitTimeout = 7   // waiting for a job timed out (--wait, job wait)
	ExitDeclined    = 8   // a confirmation was answered no: nothing was sent
	ExitInterrupted = 130 // SIGINT (Ctrl-C): 128 + 2, as a shell reports it
	ExitTerminated  = 143 // SIGTERM: 128 + 15
)

// exitCodesHelp is the text of `mixcoatl help exit-codes`.
const exitCodesHelp = `mixcoatl exits with one of these codes:

  0  success
  1  internal error (a bug, or a failure that fits no other code)
  2  usage error: unknown command or flag, bad argument, invalid --data
  3  configuration or authentication error: missing keys, bad endpoint or
     profile, or the API refused the credentials (HTTP 401/403)
  4  API error: the API answered with any other 4xx or 5xx status (its
     message is printed on stderr), or with an answer mixcoatl refuses to
     take for success: a redirect it does not follow (a write, another
     origin), an empty or malformed body where data was due, or paging
     that would never end
  5  network error: the endpoint could not be reached or did not answer in
     time (DNS, connection refused, TLS, or one of the timeouts
     --connect-timeout, --tls-handshake-timeout, --response-header-timeout and
     --timeout, which the message names)
  6  job failed: a job awaited with --wait or job wait ended in ERROR; the
     job's message is printed on stderr
  7  wait timed out: the job was still running at --wait-timeout
  8  declined: a destructive verb asked for confirmation and the answer
     was not yes; nothing was sent
130  interrupted by Ctrl-C (SIGINT): the command stopped and cleaned up;
     jobs go on on the server, and a --wait or job wait prints the
     'mixcoatl job wait ID…' that resumes waiting
143  terminated (SIGTERM): the same as Ctrl-C

A --query that fails on the data (a jq runtime error) is a usage error (2).

Errors are printed on stderr as "mixcoatl: <message>"; stdout only ever
holds results.`

// usageError is a bad command line, detected before any request is sent
// (or a name that a lookup found nothing, or too much, for); err is the
// error it was made from, if any.
type usageError struct {
	msg string
	err error
}

func (e *usageError) Error() string { return e.msg }
func (e *usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// declinedError is a confirmation answered with anything but yes.
type declinedError struct{ what string }

func (e *declinedError) Error() string {
	return "not confirmed: nothing was sent (" + e.what + ")"
}

// ExitCode is ExitDeclined: not a usage error, the command line was fine.
func (e *declinedError) ExitCode() int { return ExitDeclined }

// commandError marks an error returned by a command's own run function, as
// opposed to one cobra found while parsing the command line (always usage).
type commandError struct{ err error }

func (e *commandError) Error() string { return e.err.Error() }
func (e *commandError) Unwrap() error { return e.err }

// exitCode classifies an error returned by a command's run function.
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	// Errors that know their exit code (a failed or timed-out job wait).
	if coded, ok := errors.AsType[interface {
		error
		ExitCode() int
	}](err); ok {
		return coded.ExitCode()
	}
	if _, ok := errors.AsType[*usageError](err); ok {
		return ExitUsage
	}
	if _, ok := errors.AsType[*outfmt.QueryError](err); ok {
		return ExitUsage // a --query that fails on the data: fix the query
	}
	if dcm.IsConfigError(err) {
		return ExitConfig
	}
	if apiErr, ok := errors.AsType[*dcm.APIError](err); ok {
		if apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden {
			return ExitConfig
		}
		return ExitAPI
	}
	if dcm.IsNetworkError(err) || errors.Is(err, context.DeadlineExceeded) {
		return ExitNetwork
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return ExitNetwork
	}
	return ExitInternal
}
