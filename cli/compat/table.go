// Package compat is the table of the old mixcoatl 1.5.1 command-line tools
// (dcm-get, dcm-list-servers, es-dump.py, …): each tool's flags as its
// argparse parser declared them, and the old tool's own output: for the
// list and describe tools the same requests and client-side filters,
// printed in the old --json, --xml, --csv and table formats (oldrun.go,
// oldformat.go, package py2); for the write and action tools the same
// request, sent through the SDK's executor, and what the old tool printed
// about its answer (oldwrite.go); for the REST tools the answer as their
// scripts printed it (oldraw.go, oldget.go). The cli package runs the few
// calls no output of this package covers (Special): dcm-check-job and
// `mixcoatl --reset_config`.
package compat

import (
	"fmt"
	"slices"
	"strings"
)

// Special names the tools the cli package runs itself, because their
// output or exit status cannot be had from a new command line.
const (
	SpecialNone        = ""
	SpecialCheckJob    = "check-job"    // prints the status or NONE, exit 1
	SpecialResetConfig = "reset-config" // mixcoatl --reset_config: mixcoatl configure
)

// Tool is one old command.
type Tool struct {
	Name  string
	Args  []string // positional argument names; a trailing "?" marks an optional one
	Flags []Flag
	OneOf []string // at least one of these value flags is required
	// New is the new command line in words, for `compat list` and help.
	New string
	// Note says how the translation differs from the old tool (client-side
	// filters, changed output).
	Note string
	// Example is an old command line, for help and tests.
	Example string
	// Unsupported, when set, says why the tool cannot be run.
	Unsupported string
	translate   func(*Call) ([]string, error)
	// output prints the old tool's own formats (HasOutput, RunOutput).
	output func(*run) error
}

// Translate is the new command line for a parsed call: the pass-through
// global flags, then the translated command. Special calls (see Special)
// return nil.
func (t *Tool) Translate(c *Call) ([]string, error) {
	if t.Unsupported != "" {
		return nil, &UnsupportedError{Tool: t.Name, Reason: t.Unsupported}
	}
	if t.translate == nil {
		return nil, fmt.Errorf("compat: %s prints its own output (RunOutput)", t.Name)
	}
	argv, err := t.translate(c)
	if err != nil || argv == nil {
		return nil, err
	}
	return append(slices.Clone(c.Globals), argv...), nil
}

// Special reports whether the call is one the cli package runs itself.
func (t *Tool) Special(c *Call) string {
	switch {
	case t.Name == "dcm-check-job":
		return SpecialCheckJob
	case t.Name == "mixcoatl" && c.Bool("reset_config") && !c.Bool("version"):
		return SpecialResetConfig
	}
	return SpecialNone
}

// Offline reports whether the tool runs without a client: the old
// `mixcoatl` command, which reads no API.
func (t *Tool) Offline() bool { return t.Name == "mixcoatl" }

// UnsupportedError is a tool (or flag) that has no faithful translation.
type UnsupportedError struct{ Tool, Reason string }

func (e *UnsupportedError) Error() string {
	return e.Tool + " is not supported by this mixcoatl: " + e.Reason
}

// Tools is every old command, sorted by name. It returns a fresh table on
// every call, so callers cannot change each other's copy.
func Tools() []*Tool {
	all := slices.Concat(rawTools(), listTools(), describeTools(), writeTools(), adminTools())
	slices.SortFunc(all, func(a, b *Tool) int { return strings.Compare(a.Name, b.Name) })
	ex := examples()
	outs := outputs()
	for _, t := range all {
		t.Example = ex[t.Name]
		t.output = outs[t.Name]
	}
	return all
}

// reads reports whether the tool only reads (a list or describe tool).
func (t *Tool) reads() bool {
	return strings.HasPrefix(t.Name, "dcm-list-") || strings.HasPrefix(t.Name, "dcm-describe-")
}

// Lookup finds a tool by its exact name ("dcm-list-servers", "es-dump.py").
func Lookup(name string) (*Tool, bool) {
	for _, t := range Tools() {
		if t.Name == name {
			return t, true
		}
	}
	return nil, false
}

// Usage is the old tool's help, with the new command it runs.
func (t *Tool) Usage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: %s", t.Name)
	for _, f := range t.Flags {
		form := f.display()
		if !f.Bool {
			form += " " + strings.ToUpper(f.key())
		}
		if !f.Required {
			form = "[" + form + "]"
		}
		b.WriteString(" " + form)
	}
	if len(t.Args) > 0 {
		b.WriteString(" " + t.argsText())
	}
	b.WriteString("\n\n")
	switch {
	case t.Unsupported != "":
		fmt.Fprintf(&b, "Not supported: %s\n", t.Unsupported)
	case t.output != nil && t.reads():
		fmt.Fprintf(&b, "Prints what mixcoatl 1.5.1 printed; the same data as: mixcoatl %s\n", t.New)
	case t.output != nil:
		fmt.Fprintf(&b, "Prints what mixcoatl 1.5.1 printed; the same work as: mixcoatl %s\n", t.New)
	default:
		fmt.Fprintf(&b, "Runs: mixcoatl %s\n", t.New)
	}
	if t.Note != "" {
		fmt.Fprintf(&b, "%s\n", t.Note)
	}
	if t.Example != "" {
		fmt.Fprintf(&b, "\nexample: %s\n", t.Example)
	}
	if len(t.Flags) > 0 {
		b.WriteString("\nflags:\n")
		for _, f := range t.Flags {
			req := ""
			if f.Required {
				req = " (required)"
			}
			fmt.Fprintf(&b, "  %-28s %s%s\n", f.display(), f.Help, req)
		}
	}
	b.WriteString("\nmixcoatl's global flags (--profile, --endpoint, --local, …) are accepted too.\n")
	return b.String()
}

// Flag constructors, so the table reads like the old tools' declarations.

func boolFlag(long, short, help string) Flag {
	return Flag{Long: long, Short: short, Bool: true, Help: help}
}
func valueFlag(long, short, help string) Flag {
	return Flag{Long: long, Short: short, Help: help}
}
func required(f Flag) Flag { f.Required = true; return f }

// formatFlags are --json, --xml and (when csv) --csv of the list tools.
func formatFlags(csv bool) []Flag {
	fs := []Flag{boolFlag("json", "", "print JSON"), boolFlag("xml", "", "print XML")}
	if csv {
		fs = append(fs, boolFlag("csv", "", "print CSV"))
	}
	return fs
}
