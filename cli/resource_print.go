package cli

import (
	"context"
	"encoding/json"
	"io"
	"os"

	"github.com/mattn/go-isatty"
	outfmt "github.com/mixcoatl/mixcoatl/cli/output"
	"github.com/mixcoatl/mixcoatl/cli/resolve"
	"github.com/mixcoatl/mixcoatl/dcm"
	"github.com/mixcoatl/mixcoatl/internal/safetext"
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
// flags are usage errors, found before any request. Table output is for
// people: cut to the terminal's taste, coloured, and naming references
// (through the command's client, once it is made: see client); across
// several profiles it leads with a PROFILE column instead, since an id
// names something else on each endpoint.
func (rc *resourceCommand) newItemPrinter(ctx context.Context) (itemPrinter, error) {
	format, err := outfmt.ParseFormat(rc.out.format)
	if err != nil {
		return nil, usagef("-o: %v", err)
	}
	color, err := rc.g.colorOutput(rc.env)
	if err != nil {
		return nil, err
	}
	opts := outfmt.Options{
		Format:    format,
		Columns:   rc.out.columns,
		NoHeaders: rc.out.noHeaders,
		Query:     rc.out.query,
		Resource:  rc.res,
		Notes:     rc.env.Stderr,
		Terminal:  stdoutIsTerminal(rc.env),
		Color:     color,
		// The version the request goes out at decides which default
		// columns its answers can fill.
		APIVersion: rc.g.helpVersion(rc.env),
	}
	if len(splitProfiles(rc.g.profile)) > 1 {
		opts.LeadColumns = []string{"profile"}
	} else {
		// One resolver names every referenced resource of the table, so
		// its names file is read and decoded once (resolve.Resolver).
		var names *resolve.Resolver
		opts.RefNames = func(resource string, ids []string) map[string]string {
			if rc.named == nil {
				return nil
			}
			if names == nil {
				names = rc.newResolver(rc.named, nil)
			}
			return names.Names(ctx, resource, ids)
		}
	}
	p, err := outfmt.New(rc.env.Stdout, opts)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return p, nil
}

// client makes the command's client from the global flags and keeps it for
// naming references in tables.
func (rc *resourceCommand) client(opts ...dcm.Option) (*dcm.Client, error) {
	c, err := rc.g.newClient(rc.env, opts...)
	if err == nil && rc.named == nil {
		rc.named = c
	}
	return c, err
}

// stdoutIsTerminal reports whether results go to an interactive terminal
// (tests pass a writer with an IsTerminal method).
// documentOut is where a command that prints a server's document as it
// came (raw verbs, the old tools' formats) writes it: stdout itself for a
// pipe or a file, which get the exact bytes; on a terminal, a writer that
// escapes each line (safetext.LineWriter). done writes what is left.
func documentOut(env *Env) (w io.Writer, done func() error) {
	if !stdoutIsTerminal(env) {
		return env.Stdout, func() error { return nil }
	}
	lw := safetext.NewLineWriter(env.Stdout)
	return lw, lw.Close
}

func stdoutIsTerminal(env *Env) bool {
	if t, ok := env.Stdout.(terminal); ok {
		return t.IsTerminal()
	}
	f, ok := env.Stdout.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
