package cli

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/spf13/cobra"
)

// rawOptions are the flags and arguments of one raw REST verb.
type rawOptions struct {
	method     string
	path       string
	params     []string
	details    string // --details; "" = the verb's default
	extended   bool   // --extended, dcm-get's shorthand
	xml        bool   // --xml: Accept (and send) XML
	json       bool   // --json: dcm-get's explicit default, accepted for scripts
	data       string // --data for post and put
	statusCode bool   // --statuscode
}

// rawVerb describes what differs between the five verbs.
type rawVerb struct {
	short, long, example string
	// details is the x-es-details level the old dcm-* tool sent.
	details  dcm.Details
	withBody bool
}

// rawVerbOf returns the description of a verb (a function, not a package
// variable, so no state is shared).
func rawVerbOf(method string) rawVerb {
	return map[string]rawVerb{
		http.MethodGet: {
			short: "GET a resource path and print the answer (dcm-get, es-dump.py)",
			long: `Send a signed GET to PATH, relative to the endpoint, and print the JSON answer
indented with the server's key order (or the XML answer with --xml).

Query parameters can be given inline (PATH?k=v&k2=v2, URL-encoded), as
key=value arguments, or as the old tools' Python dict literal
"{'regionId':19344}", which is parsed, never evaluated. A list value becomes a
repeated parameter and None is left out. A trailing none, basic or extended
sets the detail level as es-dump.py's third argument did.`,
			example: `  mixcoatl get geography/Region
  mixcoatl get geography/DataCenter regionId=19344
  mixcoatl get geography/DataCenter "{'regionId':19344}"
  mixcoatl get 'geography/DataCenter?regionId=19344' --extended
  mixcoatl get infrastructure/Server/12345 --details extended --statuscode
  mixcoatl get admin/Job --xml`,
			details: dcm.DetailsBasic,
		},
		http.MethodPost: {
			short: "POST a payload to a collection path (dcm-post)",
			long: `Send a signed POST of the --data payload to PATH and print the answer: the
created object(s) for 201, the jobs envelope for 202.

The payload is validated before anything is sent (JSON, or XML with --xml) and
goes out compacted with its key order kept.`,
			example: `  mixcoatl post infrastructure/Volume --data @create_volume.json
  mixcoatl post admin/Group --data '{"addGroup":{"group":{"name":"ops","description":"Ops"}}}'
  cat launch.json | mixcoatl post infrastructure/Server --data -`,
			details:  dcm.DetailsExtended,
			withBody: true,
		},
		http.MethodPut: {
			short: "PUT a payload to an item path (dcm-put)",
			long: `Send a signed PUT of the --data payload to PATH and print the answer: nothing
for 204, the jobs envelope for 202.`,
			example: `  mixcoatl put infrastructure/Server/5090 --data '{"describeServer":[{"name":"web-1","label":"orange"}]}'
  mixcoatl put infrastructure/Server/5090 --data '{"stop":[{}]}'
  mixcoatl put infrastructure/Server/5090 --data @describe.xml --xml`,
			details:  dcm.DetailsBasic,
			withBody: true,
		},
		http.MethodDelete: {
			short: "DELETE an item path (dcm-delete)",
			long: `Send a signed DELETE to PATH and print the answer: nothing for 204, the jobs
envelope for 202. Parameters such as reason go in the query string, which
(unlike with dcm-delete) is not signed.`,
			example: `  mixcoatl delete infrastructure/Volume/4411 reason="no longer needed"
  mixcoatl delete infrastructure/Server/5090 terminateAfter=3600000
  mixcoatl delete admin/Group/77`,
			details: dcm.DetailsExtended,
		},
		http.MethodHead: {
			short: "Count the resources at a collection path (dcm-head)",
			long: `Send a signed HEAD to PATH and print the x-es-count header: the number of
resources the same GET would list.`,
			example: `  mixcoatl head infrastructure/Server
  mixcoatl head geography/DataCenter regionId=19344`,
			details: dcm.DetailsBasic,
		},
	}[method]
}

func newRawCommand(method string, g *globalOptions, env *Env) *cobra.Command {
	verb := rawVerbOf(method)
	o := &rawOptions{method: method}
	cmd := &cobra.Command{
		Use:     strings.ToLower(method) + " PATH [PARAM…]",
		Short:   verb.short,
		Long:    verb.long,
		Example: verb.example,
		Args:    rangeArgs(1, -1, "PATH and optional parameters"),
		RunE: runE(func(cmd *cobra.Command, args []string) error {
			o.path, o.params = args[0], args[1:]
			return runRaw(cmd.Context(), env, g, o)
		}),
	}
	fs := cmd.Flags()
	fs.StringVar(&o.details, "details", "", fmt.Sprintf("detail level: none, basic or extended (default %s)", verb.details))
	fs.BoolVar(&o.extended, "extended", false, "shorthand for --details extended")
	fs.BoolVar(&o.xml, "xml", false, "ask for XML (and send --data as XML) instead of JSON")
	fs.BoolVar(&o.json, "json", false, "ask for JSON (the default)")
	fs.BoolVar(&o.statusCode, "statuscode", false, "print the HTTP status line before the answer")
	markExclusive(cmd, "xml", "json")
	if verb.withBody {
		fs.StringVar(&o.data, "data", "", "payload: @FILE, - for standard input, or the JSON/XML text itself")
	}
	return cmd
}

// runRaw validates everything it can, then sends one request and streams
// the answer to stdout (see printAnswer): a body of any size is printed
// without being held in memory, and one that is not what was asked for
// is printed as received and refused with exit 4.
func runRaw(ctx context.Context, env *Env, g *globalOptions, o *rawOptions) (err error) {
	verb := rawVerbOf(o.method)
	t, err := parseTarget(o.path, o.params)
	if err != nil {
		return err
	}
	details, err := o.detailLevel(t.details, verb.details)
	if err != nil {
		return err
	}
	format := dcm.FormatJSON
	if o.xml {
		format = dcm.FormatXML
	}
	var body []byte
	if o.data != "" {
		if body, err = loadBody(o.data, env.Stdin, format); err != nil {
			return err
		}
	}
	client, err := g.newClient(env)
	if err != nil {
		return err
	}
	stdout, done := documentOut(env)
	defer func() { err = errors.Join(err, done()) }()
	req := &dcm.Request{Method: o.method, Path: t.path, Query: t.query, Body: body, Format: format, Details: details}
	resp, answer, err := client.Stream(ctx, req)
	if err != nil {
		if o.statusCode {
			if code := dcm.StatusCode(err); code != 0 {
				_ = render(stdout, output{statusLine: statusLine(code)})
			}
		}
		return err
	}
	defer answer.Close()
	out := output{}
	if o.statusCode {
		out.statusLine = statusLine(resp.StatusCode)
	}
	if o.method == http.MethodHead {
		count := resp.Header.Get(dcm.HeaderCount)
		if _, err := strconv.Atoi(strings.TrimSpace(count)); err != nil {
			_ = render(stdout, out)
			return dcm.NewAnswerError(req, resp, dcm.ProblemAnswer,
				fmt.Sprintf("the answer has no numeric %s header (got %q)", dcm.HeaderCount, count))
		}
		out.lines = []string{strings.TrimSpace(count)}
		return render(stdout, out)
	}
	if err := render(stdout, out); err != nil {
		return err
	}
	return printAnswer(stdout, req, resp, answer, format)
}

// detailLevel merges --details, --extended and the legacy detail argument.
func (o *rawOptions) detailLevel(fromArgs, verbDefault dcm.Details) (dcm.Details, error) {
	chosen := map[dcm.Details]string{}
	if o.details != "" {
		d := dcm.Details(strings.ToLower(strings.TrimSpace(o.details)))
		if !isDetailWord(string(d)) {
			return "", usagef("--details %q: expected none, basic or extended", o.details)
		}
		chosen[d] = "--details " + o.details
	}
	if o.extended {
		chosen[dcm.DetailsExtended] = "--extended"
	}
	if fromArgs != "" {
		chosen[fromArgs] = "argument " + string(fromArgs)
	}
	switch len(chosen) {
	case 0:
		return verbDefault, nil
	case 1:
		for d := range chosen {
			return d, nil
		}
	}
	names := slices.Sorted(maps.Values(chosen))
	return "", usagef("conflicting detail levels: %s", strings.Join(names, ", "))
}

func statusLine(code int) string {
	if text := http.StatusText(code); text != "" {
		return strconv.Itoa(code) + " " + text
	}
	return strconv.Itoa(code)
}
