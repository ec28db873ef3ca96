package cli

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/wire"
	"github.com/spf13/pflag"
)

// queryFlags are flags generated from catalogue query parameters: list
// filters, get parameters (analytics periods) and delete parameters. Only
// flags the user set are sent; the API applies its own defaults.
type queryFlags struct {
	cmdName string
	params  []catalog.Param
	byName  map[string]string   // id parameter → the resource whose names it takes
	allowed map[string][]string // parameter → its allowed values (paramValues), checked when not open
	open    map[string]bool
	strs    map[string]*string
	bools   map[string]*bool
	durs    map[string]*time.Duration
}

// scheduleParam reports whether a parameter is a delay in milliseconds
// (terminateAfter, pauseAfter), which the CLI takes as a duration.
func scheduleParam(p catalog.Param) bool {
	return p.Type == catalog.TypeInt && strings.HasSuffix(p.Name, "After")
}

// filterResource is the catalogue resource an id filter designates
// ("regionId" → "Region"), when its values may be names.
func filterResource(cat *catalog.Catalog, name string) string {
	base, ok := strings.CutSuffix(name, "Id")
	if !ok || base == "" {
		return ""
	}
	res := wire.UpperFirst(base)
	if nameResolvable(cat, res) {
		return res
	}
	return ""
}

// newQueryFlags makes the flags of params, parameters of res's op cmdName.
func newQueryFlags(cat *catalog.Catalog, res *catalog.Resource, cmdName string, params []catalog.Param, fs *pflag.FlagSet) *queryFlags {
	q := &queryFlags{cmdName: cmdName, params: params, byName: map[string]string{},
		allowed: map[string][]string{}, open: map[string]bool{},
		strs: map[string]*string{}, bools: map[string]*bool{}, durs: map[string]*time.Duration{}}
	for _, p := range params {
		if target := filterResource(cat, p.Name); target != "" {
			q.byName[p.Name] = target
		}
		q.allowed[p.Name], q.open[p.Name] = paramValues(p, res)
		flag := wire.Kebab(p.Name)
		doc := enumFlagDoc(paramDoc(p, q.byName[p.Name] != ""), q.allowed[p.Name], q.open[p.Name])
		switch {
		case p.Type == catalog.TypeBool:
			q.bools[p.Name] = fs.Bool(flag, p.Default == "true", doc)
		case scheduleParam(p):
			q.durs[p.Name] = fs.Duration(flag, 0, doc+" (a duration from now, e.g. 2h; sent in milliseconds)")
		default:
			q.strs[p.Name] = fs.String(flag, "", doc)
		}
		if target := q.byName[p.Name]; target != "" {
			annotate(fs.Lookup(flag), annotRef, target)
		}
		annotate(fs.Lookup(flag), annotValues, q.allowed[p.Name]...)
	}
	return q
}

func paramDoc(p catalog.Param, byName bool) string {
	doc := p.Doc
	if doc == "" {
		doc = fmt.Sprintf("%s (%s)", p.Name, p.Type)
	}
	if byName {
		doc += "; an id or a name"
	}
	switch {
	case p.Required:
		doc += " (required)"
	case len(p.RequiredUnless) > 0:
		doc += " (required unless --" + kebabAll(p.RequiredUnless, " or --") + " is given)"
	}
	return doc
}

func kebabAll(names []string, sep string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = wire.Kebab(n)
	}
	return strings.Join(out, sep)
}

// check enforces required parameters (the executor's own rule, see
// missingParams) before any client is made, naming every flag to set.
func (q *queryFlags) check(fs *pflag.FlagSet) error {
	given := url.Values{}
	for _, p := range q.params {
		if flagChanged(fs, wire.Kebab(p.Name)) {
			given.Set(p.Name, "")
		}
	}
	missing := missingParams(q.params, given)
	if len(missing) == 0 {
		return nil
	}
	flags := make([]string, len(missing))
	var examples []string
	for i, mf := range missing {
		flags[i] = paramFlag(mf)
		if i := slices.IndexFunc(q.params, func(p catalog.Param) bool { return p.Name == mf.Filter }); i >= 0 && q.params[i].Example != "" {
			examples = append(examples, fmt.Sprintf("--%s %s", wire.Kebab(mf.Filter), q.params[i].Example))
		}
	}
	hint := ""
	if len(examples) > 0 {
		hint = ", e.g. " + strings.Join(examples, " ")
	}
	return missingFlags(q.cmdName, flags, hint)
}

// values builds the query from the flags the user set, resolving names of
// id filters and checking integers. Call check first.
func (q *queryFlags) values(ctx context.Context, fs *pflag.FlagSet, resolve refResolver) (url.Values, error) {
	out := url.Values{}
	for _, p := range q.params {
		flag := wire.Kebab(p.Name)
		if !flagChanged(fs, flag) {
			continue
		}
		switch {
		case q.bools[p.Name] != nil:
			out.Set(p.Name, strconv.FormatBool(*q.bools[p.Name]))
		case q.durs[p.Name] != nil:
			d := *q.durs[p.Name]
			if d < 0 {
				return nil, usagef("%s: --%s must not be negative, got %s", q.cmdName, flag, d)
			}
			out.Set(p.Name, strconv.FormatInt(d.Milliseconds(), 10))
		default:
			v := strings.TrimSpace(*q.strs[p.Name])
			if v == "" {
				return nil, usagef("%s: --%s is empty", q.cmdName, flag)
			}
			if len(q.allowed[p.Name]) > 0 && !q.open[p.Name] {
				var err error
				if v, err = checkValue(flag, v, q.allowed[p.Name]); err != nil {
					return nil, err
				}
			}
			if p.Type == catalog.TypeInt {
				if _, err := strconv.ParseInt(v, 10, 64); err != nil {
					res := q.byName[p.Name]
					if res == "" {
						return nil, usagef("%s: --%s wants an integer, got %q", q.cmdName, flag, v)
					}
					id, err := resolve(ctx, res, v, out)
					if err != nil {
						return nil, err
					}
					v = id
				}
			}
			out.Set(p.Name, v)
		}
	}
	return out, nil
}

// refResolver turns a reference text (an id or a name) into an id of the
// resource; scope holds the filters already known (a data centre's region).
type refResolver func(ctx context.Context, resource, text string, scope url.Values) (string, error)

// idsOnly is the resolver of commands that make no request to look names
// up: digits pass, anything else is a usage error.
func idsOnly(_ context.Context, resource, text string, _ url.Values) (string, error) {
	if _, err := strconv.ParseInt(text, 10, 64); err == nil {
		return text, nil
	}
	return "", usagef("%q is not a %s id", text, strings.ReplaceAll(wire.Kebab(resource), "-", " "))
}
