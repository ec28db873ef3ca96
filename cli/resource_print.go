package cli

import (
	"encoding/json"

	outfmt "github.com/mixcoatl/mixcoatl/cli/output"
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
	fs.StringVar(&o.query, "query", "", "jq expression run on the whole result (the array of items for a list: .[] | .name), printed in the -o format")
}

// itemPrinter is what the resource commands need from a renderer
// (*output.Printer): a stream of items between Begin and End, one object,
// jobs, or a plain value.
type itemPrinter interface {
	Begin() error
	Item(json.RawMessage) error
	End() error
	Flush() error
	One(json.RawMessage) error
	Jobs([]dcm.Job) error
	Value(any) error
}

// newItemPrinter builds the renderer of a resource command's output; bad
// flags are usage errors, found before any request.
func (rc *resourceCommand) newItemPrinter() (itemPrinter, error) {
	format, err := outfmt.ParseFormat(rc.out.format)
	if err != nil {
		return nil, usagef("-o: %v", err)
	}
	p, err := outfmt.New(rc.env.Stdout, outfmt.Options{
		Format:    format,
		Columns:   rc.out.columns,
		NoHeaders: rc.out.noHeaders,
		Query:     rc.out.query,
		Resource:  rc.res,
		Notes:     rc.env.Stderr,
	})
	if err != nil {
		return nil, usagef("%v", err)
	}
	return p, nil
}
