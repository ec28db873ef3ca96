package compat

import (
	"encoding/xml"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/internal/pydict"
	"github.com/mixcoatl/mixcoatl/wire"
)

// The REST read tools, dcm-get, es-dump.py (and es-dump), dcm-head, and
// the old `mixcoatl` command itself, print what their old scripts
// printed for the same answer (testdata/golden/README.md):
//
//   - dcm-get: the status with --statuscode (and only it, exit 0, with
//     --statuscodeonly); then for JSON json.dumps(json.loads(body),
//     sort_keys=True, indent=2), for XML minidom's toxml() of the body, or
//     print(result) where the body did not parse: the requests Response,
//     "<Response [STATUS]>", for XML; the error's message, or False, for
//     JSON.
//   - es-dump.py: json.dump(json.loads(body), sort_keys=True, indent=2),
//     at extended details unless a third argument names the level.
//   - dcm-head: the x-es-count header of a HEAD at basic details.
//
// An error status was printed like an answer and the tool exited 0: the
// text is kept, the exit status is mixcoatl's for the error. The client
// keeps only the message of an error answer, so the error's document is
// the API's envelope holding it ({"error":{"message":…}}, or <error>
// <message>…): exact for the envelope the API and the emulator send.
// Where the old script died with a traceback (a success whose body is no
// JSON, a network failure, a HEAD without a count), the error is
// mixcoatl's, with its exit status.

// oldFailure reports whether mixcoatl 1.5.1 turned the status into
// last_error (its message) before a GET's raise_for_status; another error
// status made the GET return False.
func oldFailure(status int) bool {
	switch status {
	case 400, 403, 404, 409, 500, 501, 503:
		return true
	}
	return false
}

func rawReadOutputs() map[string]func(*run) error {
	return map[string]func(*run) error{
		"dcm-get":    dcmGet,
		"dcm-head":   dcmHead,
		"es-dump":    esDump,
		"es-dump.py": esDump,
		"mixcoatl":   mixcoatlCommand,
	}
}

// dcmGet is dcm-get.
func dcmGet(r *run) error {
	if err := r.exclusive("json", "xml"); err != nil {
		return err
	}
	if err := r.exclusive("statuscode", "statuscodeonly"); err != nil {
		return err
	}
	req := &dcm.Request{Method: http.MethodGet, Format: dcm.FormatJSON, Details: dcm.DetailsBasic}
	if r.c.Bool("extended") {
		req.Details = dcm.DetailsExtended
	}
	if r.c.Bool("xml") {
		req.Format = dcm.FormatXML
	}
	path, query, hasQuery := strings.Cut(r.c.Arg(0), "?")
	req.Path = path
	var err error
	switch {
	case hasQuery:
		req.Query, err = r.inlineQuery(query)
	case len(r.c.Args) > 1:
		req.Query, err = r.dictQuery(r.c.Arg(1))
	}
	if err != nil {
		return err
	}
	return r.getAndPrint(req, r.c.Bool("statuscode"), r.c.Bool("statuscodeonly"))
}

// esDump is es-dump.py PATH [PARAMS [DETAILS]].
func esDump(r *run) error {
	req := &dcm.Request{Method: http.MethodGet, Path: r.c.Arg(0), Format: dcm.FormatJSON, Details: dcm.DetailsExtended}
	if len(r.c.Args) > 1 {
		q, err := r.dictQuery(r.c.Arg(1))
		if err != nil {
			return err
		}
		req.Query = q
	}
	if len(r.c.Args) > 2 {
		d := dcm.Details(strings.ToLower(strings.TrimSpace(r.c.Arg(2))))
		if !slices.Contains([]dcm.Details{dcm.DetailsNone, dcm.DetailsBasic, dcm.DetailsExtended}, d) {
			return usagef(r.c.Tool, "detail level %q: expected none, basic or extended", r.c.Arg(2))
		}
		req.Details = d
	}
	return r.getAndPrint(req, false, false)
}

// dcmHead is dcm-head: the count the server gives for the path.
func dcmHead(r *run) error {
	n, err := r.env.Client.Count(r.ctx, r.c.Arg(0), nil)
	if err != nil {
		return err
	}
	return r.println(strconv.Itoa(n))
}

// mixcoatlCommand is the old `mixcoatl` command: --version printed the
// installed version and every version PyPI listed, tab-separated. No
// package index is asked here: the versions this program knows of are its
// own. Without a flag it printed its help and exited 1. (--reset_config
// runs `mixcoatl configure`, see Special.)
func mixcoatlCommand(r *run) error {
	if !r.c.Bool("version") {
		return r.help()
	}
	return r.println("Mixcoatl version installed: " + dcm.Version + "\nAll available versions:\n" + dcm.Version)
}

// inlineQuery is dcm-get's PATH?k=v&k2=v2: each part split at "=" (the
// text after a second "=" was dropped), a value of ASCII digits read as an
// int (so "007" is sent as 7), the last of a repeated name kept; values
// are taken as typed, not percent-decoded. A part without "=" made the
// old tool fail (IndexError).
func (r *run) inlineQuery(query string) (url.Values, error) {
	q := url.Values{}
	for part := range strings.SplitSeq(query, "&") {
		kv := strings.Split(part, "=")
		if len(kv) < 2 {
			return nil, usagef(r.c.Tool, "query parameter %q has no '=' (the old tool failed on it)", part)
		}
		v := kv[1]
		if v != "" && strings.Trim(v, "0123456789") == "" {
			n, _ := new(big.Int).SetString(v, 10)
			v = n.String()
		}
		q.Set(kv[0], v)
	}
	return q, nil
}

// dictQuery is the Python dict literal the old tools eval-ed, parsed;
// None is no parameters, as requests read params=None.
func (r *run) dictQuery(text string) (url.Values, error) {
	if strings.TrimSpace(text) == "None" {
		return nil, nil
	}
	q, err := pydict.Query(strings.TrimSpace(text))
	if err != nil {
		return nil, usagef(r.c.Tool, "query parameters %q: %v", text, err)
	}
	return q, nil
}

// getAndPrint sends the GET and prints its answer as dcm-get and
// es-dump.py did.
func (r *run) getAndPrint(req *dcm.Request, statusCode, statusOnly bool) error {
	resp, err := r.env.Client.Do(r.ctx, req)
	var api *dcm.APIError
	isStatus := errors.As(err, &api) && api.Problem == "" && api.StatusCode >= 400
	if err != nil && !isStatus {
		return err
	}
	status := 0
	if isStatus {
		status = api.StatusCode
	} else {
		status = resp.StatusCode
	}
	if statusCode || statusOnly {
		if perr := r.println(strconv.Itoa(status)); perr != nil || statusOnly {
			return perr
		}
	}
	if isStatus {
		return r.printThenFail(err, errorDocument(api, req.Format))
	}
	if req.Format == dcm.FormatXML {
		text, xerr := py2.MinidomXML(resp.Body, wire.IsSecret)
		if xerr != nil { // print(result): the Response; no success without a document
			if perr := r.println(fmt.Sprintf("<Response [%d]>", status)); perr != nil {
				return perr
			}
			return dcm.UnusableAnswer(req, resp, "an XML document")
		}
		return r.println(text)
	}
	v, err := decodeAnswer(resp.Body)
	if err != nil {
		return dcm.UnusableAnswer(req, resp, "a JSON document")
	}
	return r.println(py2.DumpJSON(v, 2))
}

// errorDocument is what dcm-get printed for an error status: the error
// envelope with the message (see above) in the format asked for; with no
// message (an empty body), print(result): the Response for XML, the
// empty last_error for a status of oldFailures and False for another.
func errorDocument(api *dcm.APIError, format dcm.Format) string {
	if format == dcm.FormatXML {
		if api.Message == "" {
			return fmt.Sprintf("<Response [%d]>", api.StatusCode)
		}
		var b strings.Builder
		b.WriteString("<error><message>")
		_ = xml.EscapeText(&b, []byte(api.Message))
		b.WriteString("</message></error>")
		text, _ := py2.MinidomXML([]byte(b.String()), nil)
		return text
	}
	if api.Message == "" {
		if oldFailure(api.StatusCode) {
			return ""
		}
		return "False"
	}
	return py2.DumpJSON(py2.DictOf("error", py2.DictOf("message", api.Message)), 2)
}
