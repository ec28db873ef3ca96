package compat

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"

	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
	"github.com/mixcoatl/mixcoatl/dcm"
)

// The REST write tools, dcm-post, dcm-put and dcm-delete, printed the
// value mixcoatl 1.5.1's Resource.post/put/delete returned for the answer
// (print(result)):
//
//   - JSON, an answer with a body (201, 202): the repr of its JSON;
//   - JSON, no content: True for a PUT or DELETE, False for a POST (which
//     counted only 201 and 202 as success);
//   - XML: the requests Response object, whatever the status, whose repr
//     is "<Response [STATUS]>";
//   - an error status: its message, with exit status 0; the text is
//     printed, and the exit status is mixcoatl's for the error.
//
// POST and DELETE asked for extended details, PUT for the client's
// default. The JSON payload was the file read and written again by
// json.load and json.dumps (one line, keys in the dict's order), which is
// what is sent; an XML file is sent as it is (the old tool parsed it and
// wrote its root element again, which keeps its content).

func rawWriteOutputs() map[string]func(*run) error {
	return map[string]func(*run) error{
		"dcm-post":   rawWrite(http.MethodPost),
		"dcm-put":    rawWrite(http.MethodPut),
		"dcm-delete": rawWrite(http.MethodDelete),
	}
}

func rawWrite(method string) func(*run) error {
	return func(r *run) error {
		req := &dcm.Request{Method: method, Format: dcm.FormatJSON}
		if method != http.MethodPut {
			req.Details = dcm.DetailsExtended
		}
		path, query, _ := strings.Cut(r.c.Arg(0), "?")
		req.Path = path
		if query != "" {
			q, err := url.ParseQuery(query)
			if err != nil {
				return usagef(r.c.Tool, "%s: %v", r.c.Arg(0), err)
			}
			req.Query = q
		}
		if method != http.MethodDelete {
			if r.c.Has("json") && r.c.Has("xml") {
				return usagef(r.c.Tool, "argument --json: not allowed with argument --xml")
			}
			if err := r.rawBody(req); err != nil {
				return err
			}
		}
		resp, err := r.env.Client.Do(r.ctx, req)
		var api *dcm.APIError
		switch {
		case req.Format == dcm.FormatXML && errors.As(err, &api) && api.Problem == "" && api.StatusCode >= 400:
			return r.printThenFail(err, fmt.Sprintf("<Response [%d]>", api.StatusCode))
		case err != nil:
			msg, _ := apiMessage(err)
			return r.printThenFail(err, msg)
		case req.Format == dcm.FormatXML:
			return r.println(fmt.Sprintf("<Response [%d]>", resp.StatusCode))
		case len(strings.TrimSpace(string(resp.Body))) == 0:
			return r.println(py2.Str(method != http.MethodPost))
		}
		body, err := decodeAnswer(resp.Body)
		if err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		return r.println(py2.Str(body))
	}
}

// rawBody reads --json FILE (sent as json.dumps(json.load(f))) or --xml
// FILE into the request. A file that is no JSON printed the old tool's
// two lines (the reason is Go's, where Python gave its ValueError's) and
// exited 1.
func (r *run) rawBody(req *dcm.Request) error {
	name, xml := r.c.Value("json"), false
	if r.c.Has("xml") {
		name, xml = r.c.Value("xml"), true
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if xml {
		req.Format, req.Body = dcm.FormatXML, data
		return nil
	}
	v, err := py2.Decode(data)
	if err != nil {
		if jerr := json.Unmarshal(data, new(any)); jerr != nil {
			err = jerr // its words say more than the decoder's
		}
		text := fmt.Sprintf("The file %s contains invalid JSON:\n\n%v", name, err)
		if perr := r.println(text); perr != nil {
			return perr
		}
		return &ExitError{Code: 1, Msg: name + ": invalid JSON"}
	}
	req.Body = []byte(py2.Dumps(v))
	return nil
}
