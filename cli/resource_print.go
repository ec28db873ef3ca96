package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/spf13/pflag"
)

// outputOptions are the persistent output flags of every resource command.
type outputOptions struct {
	format    string
	columns   []string
	noHeaders bool
	query     string
}

func (o *outputOptions) register(fs *pflag.FlagSet) {
	fs.StringVarP(&o.format, "output", "o", "table", "output format: table, wide, json, yaml, csv, tsv, xml or jsonl")
	fs.StringSliceVar(&o.columns, "columns", nil, "columns of table/csv/tsv output, comma-separated field paths (e.g. serverId,name,region.regionId)")
	fs.BoolVar(&o.noHeaders, "no-headers", false, "leave out the header row of table/csv/tsv output")
	fs.StringVar(&o.query, "query", "", "jq expression applied to each printed item")
}

// itemPrinter is what the resource commands need from a renderer: a stream
// of items between Begin and End, or jobs, or one plain value. It is the
// seam to cli/output, so commands never format results themselves.
type itemPrinter interface {
	Begin() error
	Item(json.RawMessage) error
	End() error
	Jobs([]dcm.Job) error
	Value(any) error
}

// newItemPrinter builds the renderer for a resource command's output.
// TODO(cli/output): replace jsonLinesPrinter with output.New once the
// renderers land; the flags above already follow its Options.
func newItemPrinter(w io.Writer, o *outputOptions, res *catalog.Resource) (itemPrinter, error) {
	switch strings.ToLower(o.format) {
	case "", "table", "wide", "json", "yaml", "yml", "csv", "tsv", "xml", "jsonl":
	default:
		return nil, usagef("-o %q: unknown output format (want table, wide, json, yaml, csv, tsv, xml or jsonl)", o.format)
	}
	return &jsonLinesPrinter{w: w}, nil
}

// jsonLinesPrinter prints each item as indented JSON; a stand-in until
// cli/output is wired in.
type jsonLinesPrinter struct{ w io.Writer }

func (p *jsonLinesPrinter) Begin() error { return nil }
func (p *jsonLinesPrinter) End() error   { return nil }

func (p *jsonLinesPrinter) Item(raw json.RawMessage) error {
	var buf bytes.Buffer
	if err := json.Indent(&buf, raw, "", "  "); err != nil {
		buf.Reset()
		buf.Write(raw)
	}
	buf.WriteByte('\n')
	_, err := p.w.Write(buf.Bytes())
	return err
}

func (p *jsonLinesPrinter) Jobs(jobs []dcm.Job) error {
	for _, j := range jobs {
		b, err := json.Marshal(j)
		if err != nil {
			return err
		}
		if err := p.Item(b); err != nil {
			return err
		}
	}
	return nil
}

func (p *jsonLinesPrinter) Value(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return p.Item(b)
}
