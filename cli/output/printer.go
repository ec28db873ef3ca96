package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

	"github.com/itchyny/gojq"
	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/internal/jsontree"
	"github.com/mixcoatl/mixcoatl/wire"
)

// Options say how a Printer prints.
type Options struct {
	Format Format // "" is Table
	// Columns are --columns: field paths such as "serverId",
	// "region.regionId"; an entry may hold several, comma-separated. With a
	// Resource and no Query, every path must start with one of its fields.
	// They apply to table, wide, csv and tsv.
	Columns   []string
	NoHeaders bool // table, wide, csv, tsv: no header row
	// Query is a jq expression (gojq). It runs once on the whole document:
	// the array of a list's items, or the object of One, or the value of
	// Value; lists are therefore buffered under Query. See the package doc
	// for how its results are printed.
	Query    string
	Resource *catalog.Resource // nil for raw or unknown documents
	// Notes receives remarks for a human that are not results: today the
	// "No servers found." line of an empty table. Normally stderr; nil
	// drops them.
	Notes io.Writer
	// Terminal says the output is an interactive terminal: table cells are
	// cut at 40 characters and csv and tsv cells are escaped like table
	// cells (server text may hold escape sequences). Otherwise (a pipe, a
	// file) nothing is cut and csv and tsv keep their exact bytes.
	Terminal bool
	// Color colours state values (status, …State) in table, wide and
	// detail output; the caller decides (a terminal, NO_COLOR, --color).
	Color bool
	// LeadColumns come first in table, wide, csv and tsv output and are
	// not checked against the resource: "profile" when several profiles
	// are read at once.
	LeadColumns []string
	// RefNames, when set, makes table, wide and detail output show the
	// names of referenced objects instead of their ids (csv and tsv keep
	// ids).
	RefNames RefNamer
	// APIVersion, when set, leaves out of the default columns the fields
	// the catalogue says that version's answers do not carry (a 2012-06-15
	// firewall rule has no permission); "" keeps them all.
	APIVersion string
}

// Printer prints API results in one format. A list is Begin, Item… and
// End (or Items); a single object is One. A Printer is not safe for
// concurrent use.
type Printer struct {
	w       *bufio.Writer
	opts    Options
	cols    []column   // from --columns; nil means the default columns
	query   *gojq.Code // nil without --query
	em      emitter    // the open list, between Begin and End
	pending []any      // the open list's items, kept for the query
	open    bool
}

// New checks the options and returns a Printer writing to w. Errors name
// the bad format, column or query.
func New(w io.Writer, opts Options) (*Printer, error) {
	f, err := ParseFormat(string(opts.Format))
	if err != nil {
		return nil, err
	}
	opts.Format = f
	p := &Printer{w: bufio.NewWriter(w), opts: opts}
	res := opts.Resource
	if opts.Query != "" {
		res = nil // the query's results need not be items of the resource
		if p.query, err = compileQuery(opts.Query); err != nil {
			return nil, err
		}
	}
	if p.cols, err = parseColumns(opts.Columns, res); err != nil {
		return nil, err
	}
	return p, nil
}

// DetailView reports whether One prints a detail view ("key: value",
// nested members indented) rather than a one-row table: table and wide
// output of a whole object, without --columns or --query.
func (p *Printer) DetailView() bool {
	return (p.opts.Format == Table || p.opts.Format == Wide) && p.cols == nil && p.query == nil
}

func compileQuery(src string) (*gojq.Code, error) {
	q, err := gojq.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("bad --query %q: %w", src, err)
	}
	// No environment loader: $ENV and env stay empty, so a query cannot
	// print credentials from the environment.
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, fmt.Errorf("bad --query %q: %w", src, err)
	}
	return code, nil
}

// Begin starts a list.
func (p *Printer) Begin() error {
	if p.open {
		return errors.New("output: Begin called twice without End")
	}
	p.open = true
	if p.query != nil {
		p.pending = []any{}
		return nil
	}
	p.em = newEmitter(p.w, p.opts.Format, p.listLayout(p.opts.Resource))
	return nil
}

// Item prints one item of the open list: the wire JSON object, bytes as
// the server sent them. Except for table and --query, it is written
// before Item returns (buffered; see Flush).
func (p *Printer) Item(raw json.RawMessage) error {
	if !p.open {
		return errors.New("output: Item called outside Begin and End")
	}
	if p.query != nil {
		v, err := decodeAny(raw)
		if err != nil {
			return err
		}
		p.pending = append(p.pending, v)
		return nil
	}
	return p.em.item(raw)
}

// End finishes the list: closes the JSON array or XML collection, prints
// the table, runs the query, and flushes.
func (p *Printer) End() error {
	if !p.open {
		return errors.New("output: End called without Begin")
	}
	p.open = false
	if p.query != nil {
		items := p.pending
		p.pending = nil
		return p.queryAndRender(items, p.opts.Resource)
	}
	err := p.em.end()
	p.em = nil
	return errors.Join(err, p.w.Flush())
}

// Flush writes what is buffered, for callers that want items to appear
// page by page. Table and --query output still waits for End.
func (p *Printer) Flush() error { return p.w.Flush() }

// Items prints a whole list. It stops at the first error of seq or of
// printing and returns it, after flushing what was written: the output is
// then incomplete (an unclosed JSON array, say), and the caller reports
// the error on stderr with a non-zero exit.
func (p *Printer) Items(seq iter.Seq2[json.RawMessage, error]) error {
	if err := p.Begin(); err != nil {
		return err
	}
	for raw, err := range seq {
		if err == nil {
			err = p.Item(raw)
		}
		if err != nil {
			p.open, p.pending = false, nil
			if p.em != nil && p.opts.Format.tabular() {
				_ = p.em.end() // show the rows that did arrive
			}
			p.em = nil
			return errors.Join(err, p.w.Flush())
		}
	}
	return p.End()
}

// One prints a single object (a get): json prints the object itself, yaml
// a mapping, xml the item element alone, table and wide a detail view
// (see DetailView), and csv and tsv (or table with --columns) the same
// columns as a list, in one row.
func (p *Printer) One(raw json.RawMessage) error {
	if p.query != nil {
		v, err := decodeAny(raw)
		if err != nil {
			return err
		}
		return p.queryAndRender(v, p.opts.Resource)
	}
	if p.DetailView() {
		v, err := jsontree.Parse(raw)
		if err != nil {
			return err
		}
		d := detail{res: p.opts.Resource, color: p.opts.Color, names: p.opts.RefNames}
		return errors.Join(d.write(p.w, v), p.w.Flush())
	}
	l := p.listLayout(p.opts.Resource)
	l.list = false
	return p.emit(l, []json.RawMessage{raw})
}

// Jobs prints the jobs of a 202 answer as a list of admin/Job items, with
// the Job columns (or --columns) and element names.
func (p *Printer) Jobs(jobs []dcm.Job) error {
	jobRes, _ := catalog.Load().Resource("Job")
	child := *p
	child.opts.Resource = jobRes
	return child.Items(func(yield func(json.RawMessage, error) bool) {
		for _, j := range jobs {
			raw, err := json.Marshal(j)
			if !yield(raw, err) {
				return
			}
		}
	})
}

// Value prints any other result (a count, version information): it is
// marshalled to JSON, a slice becomes a list and anything else a single
// value, printed like a query result (see the package doc).
func (p *Printer) Value(v any) error {
	raw, err := marshalJSON(v)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if p.query != nil {
		in, err := decodeAny(raw)
		if err != nil {
			return err
		}
		return p.queryAndRender(in, nil)
	}
	return p.renderResults(splitTopArray(raw), nil)
}

// queryAndRender runs the query on input and prints its results.
func (p *Printer) queryAndRender(input any, res *catalog.Resource) error {
	results, err := p.runQuery(input)
	if err != nil {
		return err
	}
	// One result prints as itself (an array as a list); several, or none,
	// are gathered into a list, as jq --slurp would.
	var doc any = results
	if len(results) == 1 {
		doc = results[0]
	}
	raw, _ := gojq.Marshal(doc) // query results always marshal
	return p.renderResults(splitTopArray(raw), res)
}

func (p *Printer) runQuery(input any) ([]any, error) {
	var out []any
	it := p.query.Run(input)
	for {
		v, ok := it.Next()
		if !ok {
			return out, nil
		}
		if err, isErr := v.(error); isErr {
			if halt, ok := errors.AsType[*gojq.HaltError](err); ok && halt.Value() == nil {
				return out, nil // halt: stop quietly
			}
			return nil, &QueryError{Query: p.opts.Query, Err: err}
		}
		out = append(out, v)
	}
}

// QueryError is a --query that failed on the data it was given (a jq
// runtime error such as indexing a string): the query needs fixing, so
// the CLI treats it as a usage error.
type QueryError struct {
	Query string
	Err   error
}

func (e *QueryError) Error() string { return fmt.Sprintf("--query %q: %v", e.Query, e.Err) }
func (e *QueryError) Unwrap() error { return e.Err }

// topLevel is one value to render and whether it came from an array.
type topLevel struct {
	list bool
	vals []json.RawMessage
}

// splitTopArray returns the elements of a JSON array as a list, or the
// value itself as a single document.
func splitTopArray(raw []byte) topLevel {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		return topLevel{vals: []json.RawMessage{raw}}
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return topLevel{vals: []json.RawMessage{raw}}
	}
	return topLevel{list: true, vals: elems}
}

// renderResults prints query results or Value's value. Objects that all
// carry the resource's primary key print as items of the resource;
// other objects get columns from their own members; anything else prints
// one value per line in the tabular formats.
func (p *Printer) renderResults(t topLevel, res *catalog.Resource) error {
	allObjects, allItems := true, res != nil && res.Key != ""
	for _, raw := range t.vals {
		if len(raw) == 0 || raw[0] != '{' {
			allObjects, allItems = false, false
			break
		}
		if allItems {
			v, err := jsontree.Parse(raw)
			if err != nil || v.Member(res.Key) == nil {
				allItems = false
			}
		}
	}
	var l layout
	switch {
	case allItems && p.cols == nil && projection(defaultColumns(res, false, p.opts.APIVersion), t.vals):
		// Items cut down by the query ({serverId, name}): their own
		// members, in the catalogue's field order, named as items.
		l = p.listLayout(nil)
		l.derive = func(first *value) []column { return fieldOrder(res, deriveColumns(first, true, true)) }
		l.refs = res
	case allItems:
		l = p.listLayout(res)
	default:
		// Not items: their own members, with no lead columns.
		l = p.listLayout(nil)
		l.lead = nil
		l.derive = func(first *value) []column { return deriveColumns(first, true, true) }
		l.scalars = !allObjects
		if p.cols != nil {
			l.columns = p.cols
		}
	}
	l.list = t.list
	return p.emit(l, t.vals)
}

func (p *Printer) emit(l layout, vals []json.RawMessage) error {
	em := newEmitter(p.w, p.opts.Format, l)
	for _, raw := range vals {
		if err := em.item(raw); err != nil {
			return errors.Join(err, p.w.Flush())
		}
	}
	return errors.Join(em.end(), p.w.Flush())
}

// listLayout is the layout of a list of res items (res may be nil).
func (p *Printer) listLayout(res *catalog.Resource) layout {
	wide := p.opts.Format != Table
	l := layout{
		list:       true,
		columns:    p.cols,
		collection: "items",
		element:    "item",
		noHeaders:  p.opts.NoHeaders,
		notes:      p.opts.Notes,
		emptyNote:  "No items found.",
		derive:     func(first *value) []column { return deriveColumns(first, false, wide) },
		cut:        p.opts.Terminal,
		escape:     p.opts.Terminal,
		color:      p.opts.Color,
		names:      p.opts.RefNames,
		lead:       columnsOf(p.opts.LeadColumns),
	}
	if res != nil {
		l.resource, l.refs = res, res
		l.element = wire.ResourceElement(res)
		l.collection = res.Collection
		if l.collection == "" { // a flat resource, never a list on the wire
			l.collection = wire.Plural(l.element)
		}
		l.emptyNote = "No " + spaced(l.collection) + " found."
		if l.columns == nil {
			if names := defaultColumns(res, wide, p.opts.APIVersion); len(names) > 0 {
				l.columns = columnsOf(names)
			}
		}
	}
	if l.columns != nil && len(l.lead) > 0 {
		l.columns = append(slices.Clone(l.lead), l.columns...)
	}
	return l
}

// defaultColumns are res's table (or wide) columns at version
// (catalog.Resource.DefaultColumns, which the web console shares).
func defaultColumns(res *catalog.Resource, wide bool, version string) []string {
	return res.DefaultColumns(wide, version)
}

// projection reports whether query results that carry the primary key
// lack some of the default columns: items the query cut down
// (map({serverId, name})), which print with their own members rather
// than the default header over blank cells.
func projection(columns []string, vals []json.RawMessage) bool {
	for _, raw := range vals {
		v, err := jsontree.Parse(raw)
		if err != nil {
			return false
		}
		for _, c := range columns {
			if v.Member(strings.SplitN(c, ".", 2)[0]) == nil {
				return true
			}
		}
	}
	return false
}

// fieldOrder sorts columns by the position of their field in res, members
// that are not fields last, in their own order: gojq sorts the keys of the
// objects it builds, the catalogue knows the order people read them in.
func fieldOrder(res *catalog.Resource, cols []column) []column {
	pos := func(c column) int {
		i := slices.IndexFunc(res.Fields, func(f *catalog.Field) bool { return f.Name == c.parts[0] })
		if i < 0 {
			return len(res.Fields)
		}
		return i
	}
	slices.SortStableFunc(cols, func(a, b column) int { return pos(a) - pos(b) })
	return cols
}

// spaced turns "billingCodes" into "billing codes" for messages.
func spaced(s string) string {
	return strings.ToLower(headerWords(s))
}

// decodeAny decodes an item for the query, numbers kept as json.Number.
func decodeAny(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("invalid JSON item: %w", err)
	}
	return v, nil
}

// marshalJSON is json.Marshal without HTML escaping.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}
