package compat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/cli/compat/py2"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/sdk"
	"github.com/mixcoatl/mixcoatl/wire"
)

// The list and describe tools print what mixcoatl 1.5.1's tools printed
// for the same answer, so they are run here rather than translated: their
// --json, --xml and --csv follow print_format (oldformat.go) and their
// default table is the tool's own PrettyTable, with its columns, in the
// tool's order of requests and client-side filters.
//
// Where the old tool crashed with a Python traceback on a member the
// answer lacks (an AttributeError or KeyError), the cell shows None, as
// the tool's own hasattr() fallbacks did elsewhere. Where it printed its
// help and exited 1, the usage goes to standard output and the exit status
// is 1. Errors of the API keep mixcoatl's exit codes (see 'mixcoatl help
// exit-codes'); the old tools died with a traceback and status 1 there.

// Env is what an old tool needs to run: a client, the catalogue that
// names each path's collection, where to print, and the clock (for
// dcm-list-server-terminate's hours left).
type Env struct {
	Client  *dcm.Client
	Catalog *catalog.Catalog
	Out     io.Writer
	Now     func() time.Time
}

// ExitError ends an old tool with its own exit status after it printed its
// message; the cli package exits with Code.
type ExitError struct {
	Code int
	Msg  string
}

func (e *ExitError) Error() string { return e.Msg }

// ExitCode is the process exit status.
func (e *ExitError) ExitCode() int { return e.Code }

// errNoCSV is --csv of an empty list: to_csv read the first object's keys
// and failed with IndexError, exit status 1.
func errNoCSV() error {
	return &ExitError{Code: 1, Msg: "nothing to print as CSV: the answer has no objects"}
}

// HasOutput reports whether the tool prints the old formats itself
// (RunOutput) instead of running a translated command line.
func (t *Tool) HasOutput() bool { return t.output != nil }

// RunOutput runs a tool that prints the old formats.
func (t *Tool) RunOutput(ctx context.Context, c *Call, env Env) error {
	if t.output == nil {
		return fmt.Errorf("compat: %s has no output of its own", t.Name)
	}
	if env.Now == nil {
		env.Now = time.Now
	}
	if env.Catalog == nil {
		env.Catalog = catalog.Load()
	}
	format, err := c.format()
	if err != nil {
		return err
	}
	return t.output(&run{ctx: ctx, c: c, env: env, format: format})
}

// format is the chosen --json, --xml or --csv ("" for the table); the old
// tools declared them mutually exclusive.
func (c *Call) format() (string, error) {
	chosen := ""
	for _, f := range []string{"json", "xml", "csv"} {
		if c.Bool(f) {
			if chosen != "" {
				return "", usagef(c.Tool, "argument --%s: not allowed with argument --%s", f, chosen)
			}
			chosen = f
		}
	}
	return chosen, nil
}

// run is one run of an old tool.
type run struct {
	ctx    context.Context
	c      *Call
	env    Env
	format string
}

// println prints s and a newline, as print did.
func (r *run) println(s string) error {
	_, err := io.WriteString(r.env.Out, s+"\n")
	return err
}

// help is parser.print_help(); sys.exit(1).
func (r *run) help() error {
	if _, err := io.WriteString(r.env.Out, r.c.Tool.Usage()); err != nil {
		return err
	}
	return &ExitError{Code: 1, Msg: r.c.Tool.Name + ": a required flag is missing (see the usage above)"}
}

// list is Resource.all(): a GET of path with query at basic details,
// every page, each object after step 1 (oldformat.go). Secret members are
// left out, as everywhere in mixcoatl's output.
func (r *run) list(path string, query url.Values) ([]*py2.Dict, error) {
	res, ok := r.env.Catalog.ByPath(path)
	if !ok {
		// path/id: the resource's objects are in the same envelope.
		base, _, _ := strings.Cut(path, "/")
		rest := strings.TrimPrefix(path, base+"/")
		name, _, _ := strings.Cut(rest, "/")
		if res, ok = r.env.Catalog.ByPath(base + "/" + name); !ok {
			return nil, fmt.Errorf("compat: the catalogue has no resource at %s", path)
		}
	}
	req := &dcm.Request{Method: http.MethodGet, Path: path, Query: query, Format: dcm.FormatJSON, Details: dcm.DetailsBasic}
	var out []*py2.Dict
	for resp, err := range r.env.Client.Pages(r.ctx, req) {
		if err != nil {
			return nil, err
		}
		raw, err := sdk.DecodeItems(res, resp)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", path, err)
		}
		for _, item := range raw {
			d, err := decodeObject(item)
			if err != nil {
				return nil, fmt.Errorf("GET %s: %w", path, err)
			}
			out = append(out, d)
		}
	}
	return out, nil
}

// one is Resource(id).load(): the first object of a GET of path/id, nil
// when there is none (a 404 or an empty answer).
func (r *run) one(path, id string) (*py2.Dict, error) {
	items, err := r.list(path+"/"+url.PathEscape(id), nil)
	if dcm.IsNotFound(err) || (err == nil && len(items) == 0) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return items[0], nil
}

func decodeObject(raw json.RawMessage) (*py2.Dict, error) {
	v, err := py2.DecodeSkipping(raw, wire.IsSecret)
	if err != nil {
		return nil, err
	}
	d, ok := uncamelKeys(v).(*py2.Dict)
	if !ok {
		return nil, errors.New("an item of the answer is not a JSON object")
	}
	return d, nil
}

// show prints the objects in the chosen format, or calls table.
func (r *run) show(items []*py2.Dict, table func() error) error {
	if r.format == "" {
		return table()
	}
	s, err := printFormat(items, r.format)
	if err != nil {
		return err
	}
	return r.println(s)
}

// attr is r.name of an object: its value, None when it lacks it.
func attr(d *py2.Dict, name string) any {
	if d == nil {
		return nil
	}
	v, _ := d.Get(name)
	return v
}

// has is hasattr(r, name).
func has(d *py2.Dict, name string) bool {
	if d == nil {
		return false
	}
	_, ok := d.Get(name)
	return ok
}

// sub is r.name[key]: None when r lacks name or it is no dict with key.
func sub(d *py2.Dict, name, key string) any {
	inner, _ := attr(d, name).(*py2.Dict)
	return attr(inner, key)
}

// idQuery is the query of one id parameter, as requests wrote a Python
// value: nothing for None.
func idQuery(name string, v any) url.Values {
	if v == nil {
		return nil
	}
	return url.Values{name: {py2.Str(v)}}
}
