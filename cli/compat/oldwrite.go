package compat

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/wire"
)

// The write and action tools print what mixcoatl 1.5.1's tools printed
// after the same request: a job id, a created object's id, a sentence, the
// Python repr of the answer, or nothing (oldwrite_infra.go,
// oldwrite_admin.go; testdata/golden/README.md lists each tool's rule).
//
// Requests. Each tool sends the members its old tool sent, with the old
// tool's values (ids as the text the user typed where the old tool did not
// convert them; the server reads them leniently, as the real one did),
// through the SDK's executor (sdk.Exec), which wraps them in the verb's
// envelope as the catalogue describes it. Where the old payload could not
// have worked (a key the API does not know, a single value where the API
// wants a list), the member is sent in the form the API takes; the golden
// README names each such case. Reads the old tools made without any effect
// on what they printed (the load() after a create of an object without an
// id, which always failed) are not repeated.
//
// Errors. mixcoatl 1.5.1 turned an error status into its message
// (error.message of the answer) and each tool did one of three things with
// it: printed it and exited 1 (kept: the message on standard output, exit
// status 1); printed it, or a sentence about it, and exited 0 (the same
// text is printed, but the exit status is mixcoatl's for the error, with
// its message on standard error: a failed write is never reported as a
// success); or died with a Python traceback (mixcoatl's message and exit
// status, as for the read tools). A tool that ignored the answer of its
// request reports an error the same way.

// exec sends the operation of the catalogue resource named res on the
// item id ("" for a create) through the SDK's executor; payload is nil for
// a delete, params its query.
func (r *run) exec(res string, kind catalog.Kind, verb, id string, payload map[string]any, params url.Values) (*sdk.Result, error) {
	resource, ok := r.env.Catalog.Resource(res)
	if !ok {
		return nil, fmt.Errorf("compat: the catalogue has no %s", res)
	}
	var body any
	if payload != nil {
		body = payload
	}
	var query any
	if params != nil {
		query = params
	}
	return sdk.Exec(r.ctx, r.env.Client, sdk.Operation{Resource: resource, Kind: kind, Verb: verb}, id, body, query)
}

// apiMessage is what mixcoatl 1.5.1 kept of a failed request (its
// last_error): the message of an error status. ok is false for any other
// error (a network failure, a refused answer), where the old tools died.
func apiMessage(err error) (string, bool) {
	var api *dcm.APIError
	if errors.As(err, &api) && api.Problem == "" && api.StatusCode >= 400 {
		return api.Message, true
	}
	return "", false
}

// failPrinted prints the old tool's text for a failed request and exits 1
// as the tool did; other errors are mixcoatl's.
func (r *run) failPrinted(err error, text string) error {
	if _, ok := apiMessage(err); !ok {
		return err
	}
	if perr := r.println(text); perr != nil {
		return perr
	}
	return &ExitError{Code: 1, Msg: text}
}

// printMessage is a tool that printed last_error and exited 1 (the
// isinstance(result, unicode) branch).
func (r *run) printMessage(err error) error {
	msg, _ := apiMessage(err)
	return r.failPrinted(err, msg)
}

// printThenFail prints the old tool's text for a failed request that it
// reported with exit status 0, then returns the error, so that the exit
// status is mixcoatl's for it.
func (r *run) printThenFail(err error, text string) error {
	if _, ok := apiMessage(err); !ok {
		return err
	}
	if perr := r.println(text); perr != nil {
		return perr
	}
	return err
}

// jobID is the first job's id of an accepted request, as Python printed
// the jobId of the answer; "None" when the answer had no jobs (the
// current_job of a synchronous answer).
func jobID(res *sdk.Result) string {
	if len(res.Jobs) == 0 {
		return "None"
	}
	return strconv.FormatInt(res.Jobs[0].JobID, 10)
}

// answer is the decoded JSON answer, as requests' json() gave it to the
// tools (secret members left out); True for an answer without a body, as
// the old resource layer returned for a 204.
func answer(res *sdk.Result) (any, error) {
	if res.Empty() {
		return true, nil
	}
	body, err := decodeAnswer(res.Response.Body)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", res.Method, res.Path, err)
	}
	return body, nil
}

// printResult is print result of the answer: the repr of its JSON, True
// for no content.
func (r *run) printResult(res *sdk.Result) error {
	v, err := answer(res)
	if err != nil {
		return err
	}
	return r.println(py2.Str(v))
}

// decodeAnswer reads an answer's JSON as json.loads did, without its
// secret members.
func decodeAnswer(body []byte) (any, error) {
	return py2.DecodeSkipping(body, wire.IsSecret)
}

// firstID is result[collection][0][key] of a created object's answer, as
// the create tools printed it.
func firstID(res *sdk.Result, collection, key string) (string, error) {
	body, err := answer(res)
	if err != nil {
		return "", err
	}
	d, _ := body.(*py2.Dict)
	list, _ := attr(d, collection).([]any)
	if len(list) == 0 {
		return "", fmt.Errorf("%s %s: the answer has no %s", res.Method, res.Path, collection)
	}
	obj, _ := list[0].(*py2.Dict)
	return py2.Str(attr(obj, key)), nil
}

// intArg is a positional argument argparse read with type=int.
func (r *run) intArg(i int, name string) (py2.Int, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(r.c.Arg(i)), 10, 64)
	if err != nil {
		return "", usagef(r.c.Tool, "argument %s: invalid int value: '%s'", name, r.c.Arg(i))
	}
	return py2.Int(strconv.FormatInt(n, 10)), nil
}

// ints are the type=int flags of a tool, checked as argparse did.
func (r *run) ints(keys ...string) (map[string]py2.Int, error) {
	vals, err := r.checked(nil, keys...)
	if err != nil {
		return nil, err
	}
	out := map[string]py2.Int{}
	for k, v := range vals {
		if n, ok := v.(py2.Int); ok {
			out[k] = n
		}
	}
	return out, nil
}

// num is a py2.Int as a JSON number of a payload.
func num(n py2.Int) any { v, _ := strconv.ParseInt(string(n), 10, 64); return v }

// pyInt is int(text) of Python, for values the old code converted itself
// (int(self.budget)); a usage error where Python raised ValueError.
func (r *run) pyInt(flag, text string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	if err != nil {
		return 0, usagef(r.c.Tool, "--%s: invalid literal for int() with base 10: '%s'", flag, text)
	}
	return n, nil
}

// optional sets payload[member] to the flag's text when it was given.
func (r *run) optional(payload map[string]any, key, member string) {
	if r.c.Has(key) {
		payload[member] = r.c.Value(key)
	}
}

// plain is a Python value as a JSON value of a payload.
func plain(v any) any {
	switch x := v.(type) {
	case py2.Int:
		return json.Number(x)
	case *py2.Dict:
		m := map[string]any{}
		for _, k := range x.Keys() {
			val, _ := x.Get(k)
			m[k] = plain(val)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}
