package sdk

import (
	"context"
	"fmt"
	"iter"
	"net/url"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
)

// Client is what the typed services need from the client core; *dcm.Client
// (and the in-process emulator's client from dcmtest) implements it.
type Client interface {
	dcm.Doer
	Pages(ctx context.Context, req *dcm.Request) iter.Seq2[*dcm.Response, error]
	Count(ctx context.Context, path string, q url.Values) (int, error)
	Config() dcm.Config
}

var _ Client = (*dcm.Client)(nil)

// Model is implemented by every generated model: it names its catalogue
// resource, from which paths, collection keys and ops are read at run time.
type Model interface {
	ResourceName() string
}

// ResourceOf returns the catalogue entry of model type T.
func ResourceOf[T Model]() *catalog.Resource {
	var zero T
	r, ok := catalog.Load().Resource(zero.ResourceName())
	if !ok {
		// Generated models only name catalogue resources, and a test
		// proves the generated files match the catalogue.
		panic("sdk: " + zero.ResourceName() + " is not in the catalogue")
	}
	return r
}

// CallOption adjusts one call.
type CallOption func(*callOptions)

type callOptions struct {
	details dcm.Details
	format  dcm.Format
}

func collect(opts []CallOption) callOptions {
	var o callOptions
	for _, f := range opts {
		f(&o)
	}
	return o
}

// WithDetails sets x-es-details for this call: DetailsNone (ids only),
// DetailsBasic or DetailsExtended (references expanded; the SDK then needs no
// further request to read a referenced resource).
func WithDetails(d dcm.Details) CallOption { return func(o *callOptions) { o.details = d } }

// WithFormat asks for JSON or XML on this call; both decode into the same models.
func WithFormat(f dcm.Format) CallOption { return func(o *callOptions) { o.format = f } }

// MissingFieldError is a write request lacking a field the operation requires;
// it is returned before any request is sent.
type MissingFieldError struct {
	Resource string // "Server"
	Verb     string // "launch"
	Field    string // wire name, "dataCenter"
}

func (e *MissingFieldError) Error() string {
	return fmt.Sprintf("%s %s: required field %q is missing", e.Resource, e.Verb, e.Field)
}

// MissingFilterError is a call lacking a query parameter the API requires:
// a list filter, or (Op set) a parameter of another operation such as a
// delete's replacementCode. It is returned before any request is sent.
type MissingFilterError struct {
	Resource string   // "DataCenter"
	Filter   string   // "regionId"
	Unless   []string // alternatives that would satisfy the requirement
	Op       string   // the operation: "" for a list, else e.g. "delete", "get"
}

func (e *MissingFilterError) Error() string {
	msg := fmt.Sprintf("list %s: filter %q is required", e.Resource, e.Filter)
	if e.Op != "" && e.Op != "list" {
		msg = fmt.Sprintf("%s %s: parameter %q is required", e.Op, e.Resource, e.Filter)
	}
	if len(e.Unless) > 0 {
		msg += " unless " + strings.Join(e.Unless, " or ") + " is given"
	}
	return msg
}

// UnsupportedError is an operation the catalogue does not offer for the
// client's API version (e.g. a form that was removed).
type UnsupportedError struct {
	Resource, Kind, Verb, Version string
}

func (e *UnsupportedError) Error() string {
	what := e.Kind
	if e.Verb != "" {
		what += " " + e.Verb
	}
	return fmt.Sprintf("%s: %s is not available in API version %s", e.Resource, what, e.Version)
}

// EmptyResultError is a successful answer that held no object where one was
// expected (a get whose envelope was empty, a create without its object).
// It wraps the answer as a *dcm.APIError of Problem dcm.ProblemAnswer, so
// that it is classed with the other answers the call cannot use.
type EmptyResultError struct {
	Method, Path string
	answer       error
}

func (e *EmptyResultError) Error() string {
	return fmt.Sprintf("%s %s: the answer held no object", e.Method, e.Path)
}

// Unwrap is the refused answer, when the result had one.
func (e *EmptyResultError) Unwrap() error { return e.answer }

func newEmptyResult(r *Result) *EmptyResultError {
	e := &EmptyResultError{Method: r.Method, Path: r.Path}
	if r.Response != nil {
		req := &dcm.Request{Method: r.Method, Path: r.Path}
		e.answer = dcm.NewAnswerError(req, r.Response, dcm.ProblemAnswer, "the answer held no object")
	}
	return e
}
