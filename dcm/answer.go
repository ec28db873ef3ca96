package dcm

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// No success without evidence: an answer whose status is fine but whose
// body cannot be what the request asked for is refused with an *APIError
// (Problem ProblemAnswer) quoting the start of the body, so that a proxy's
// HTML page or a truncated document is never taken for a result. The SDK's
// executor and the CLI's raw verbs decide what a request needs; this file
// has the vocabulary they share.

// maxQuoted bounds the start of a body quoted in an error message;
// quoteWindow is how much of a body is read to find it (a body up to that
// size is redacted as a document, a longer one by pattern).
const (
	maxQuoted   = 512
	quoteWindow = 8 << 10
)

// UnusableAnswer is the error for an answer to req that does not match it:
// expected says what was due ("the \"servers\" collection", "jobs or the
// created object"), and the message adds what came instead, with the start
// of the body redacted (see RedactBody) on one line.
func UnusableAnswer(req *Request, resp *Response, expected string) *APIError {
	return NewAnswerError(req, resp, ProblemAnswer, "expected "+expected+", got "+describeBody(resp.Header, resp.Body))
}

// NewAnswerError is the *APIError of an answer to req (status below 400)
// refused for problem, msg saying why.
func NewAnswerError(req *Request, resp *Response, problem Problem, msg string) *APIError {
	method, path := requestLine(req)
	return &APIError{
		StatusCode: resp.StatusCode,
		Message:    msg,
		RequestID:  resp.RequestID,
		Method:     method,
		Path:       path,
		Header:     resp.Header,
		Problem:    problem,
	}
}

// requestLine is the method and the endpoint-relative path (no query) of
// req, as errors name them.
func requestLine(req *Request) (method, path string) {
	method = strings.ToUpper(strings.TrimSpace(req.Method))
	if method == "" {
		method = http.MethodGet
	}
	path, _, _ = strings.Cut(strings.TrimLeft(strings.TrimSpace(req.Path), "/"), "?")
	return method, path
}

// describeBody is what an answer held, for a message: "an empty body", or
// its media type and quoted start.
func describeBody(h http.Header, body []byte) string {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return "an empty body"
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "no Content-Type"
	} else if mt, _, err := mime.ParseMediaType(ct); err == nil {
		ct = mt
	}
	return fmt.Sprintf("%s (%d bytes): %s", ct, len(body), quoteBody(trimmed))
}

// quoteBody is the start of a body for a message: redacted, on one line,
// trimmed and bounded (cut on a rune boundary, marked with "…").
func quoteBody(body []byte) string {
	cut := len(body) > quoteWindow
	if cut {
		body = body[:quoteWindow]
	}
	msg := strings.Join(strings.Fields(string(RedactBody(body))), " ")
	if len(msg) > maxQuoted {
		n := maxQuoted
		for n > 0 && !utf8.RuneStart(msg[n]) {
			n--
		}
		msg, cut = msg[:n], true
	}
	if cut {
		msg += "…"
	}
	return msg
}

// AnswerFormat is the format of an answer as its Content-Type names it:
// JSON for application/json, text/json or any +json type; XML for
// application/xml, text/xml or any +xml type. Without a Content-Type, or
// with text/plain (which some servers, and Go's own content sniffing, send
// for JSON), it is sniffed from the first non-blank byte of start ('<' is
// XML, anything else JSON); whether the body is valid is for the reader
// to find. Any other type (text/html, image/png) is an error naming it.
func AnswerFormat(h http.Header, start []byte) (Format, error) {
	// The media type is read without mime.ParseMediaType, which allocates
	// a map of parameters on every answer; parameters do not matter here.
	mt, _, _ := strings.Cut(h.Get("Content-Type"), ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	switch {
	case mt == "" || mt == "text/plain":
		if s := bytes.TrimSpace(start); len(s) > 0 && s[0] == '<' {
			return FormatXML, nil
		}
		return FormatJSON, nil
	case mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json"):
		return FormatJSON, nil
	case mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml"):
		return FormatXML, nil
	}
	return "", fmt.Errorf("the answer is %s, neither JSON nor XML", mt)
}
