package output

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/internal/safetext"
)

// errorDocument is the JSON shape of an error under -o json, jsonl and
// yaml. Status, statusText, requestId, method and path are set for API
// errors only.
type errorDocument struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Message    string `json:"message"`
	ExitCode   int    `json:"exitCode"`
	Status     int    `json:"status,omitempty"`
	StatusText string `json:"statusText,omitempty"`
	RequestID  string `json:"requestId,omitempty"`
	Method     string `json:"method,omitempty"`
	Path       string `json:"path,omitempty"`
	// Incomplete says the list on stdout stops at an error; ItemsPrinted
	// is how many items it holds.
	Incomplete   bool `json:"incomplete,omitempty"`
	ItemsPrinted int  `json:"itemsPrinted,omitempty"`
}

// IncompleteList is an error of a list that failed after some of its
// items were printed: the output was ended properly and holds them.
type IncompleteList interface {
	error
	ItemsPrinted() int
}

// IncompleteNote is what an IncompleteList's message ends with.
func IncompleteNote(items int) string {
	return fmt.Sprintf(" (the output is incomplete: it holds the %d items read before the error)", items)
}

// WriteError prints err for a user of format f, normally on stderr: an
// {"error":{…}} document under json (indented), jsonl (one line) and
// yaml, and "mixcoatl: <message>" (escaped) otherwise. API errors show the server's
// message with the HTTP status and request id. Password- and secret-like
// values in the message are redacted.
func WriteError(w io.Writer, f Format, err error, exitCode int) {
	if err == nil {
		return
	}
	body := errorBodyOf(err)
	body.ExitCode = exitCode
	switch f {
	case JSON, JSONL, YAML:
		raw, mErr := marshalJSON(errorDocument{Error: body})
		if mErr != nil {
			break
		}
		if p, pErr := New(w, Options{Format: f}); pErr == nil {
			if p.One(raw) == nil {
				return
			}
		}
	}
	// Plain text is for a human on a terminal: the server's message may
	// hold escape sequences or line breaks (safetext).
	fmt.Fprintln(w, "mixcoatl: "+safetext.Escape(plainMessage(body)))
}

// Message is err as one line for a person, before escaping: an API
// error's message with its HTTP status and request id ("Server 1 not
// found (HTTP 404 Not Found, request r-1)"), other errors' own text;
// secrets redacted, an incomplete list said so.
func Message(err error) string { return plainMessage(errorBodyOf(err)) }

// errorBodyOf is the error document of err, without its exit code.
func errorBodyOf(err error) errorBody {
	body := errorBody{Message: redactText(err.Error())}
	if apiErr, ok := errors.AsType[*dcm.APIError](err); ok {
		body.Message = redactText(apiErr.Message)
		if body.Message == "" {
			body.Message = "the API answered with an error and no message"
		}
		body.Status = apiErr.StatusCode
		body.StatusText = http.StatusText(apiErr.StatusCode)
		body.RequestID = apiErr.RequestID
		body.Method = apiErr.Method
		body.Path = apiErr.Path
	}
	if inc, ok := errors.AsType[IncompleteList](err); ok {
		body.Incomplete, body.ItemsPrinted = true, inc.ItemsPrinted()
		if body.Status != 0 { // the API's message does not say it
			body.Message += IncompleteNote(body.ItemsPrinted)
		}
	}
	return body
}

// plainMessage reads like the CLI's other errors:
// "Server 1 not found (HTTP 404 Not Found, request r-1)".
func plainMessage(b errorBody) string {
	if b.Status == 0 {
		return b.Message
	}
	status := fmt.Sprintf("HTTP %d", b.Status)
	if b.StatusText != "" {
		status += " " + b.StatusText
	}
	if b.RequestID != "" {
		status += ", request " + b.RequestID
	}
	return b.Message + " (" + status + ")"
}

// redactText hides secrets a message may quote (a body echoed back, a
// "password=…" pair), with the client's own redaction.
func redactText(s string) string {
	return string(dcm.RedactBody([]byte(s)))
}
