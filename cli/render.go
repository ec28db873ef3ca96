package cli

import (
	"bytes"
	"io"
)

// output is what a built-in command prints on stdout besides API results
// (which go through cli/output, or are streamed by the raw verbs): render
// is the one function that turns it into bytes, so commands never Printf
// results themselves.
type output struct {
	statusLine string   // --statuscode: "200 OK", printed first
	lines      []string // plain result lines (counts, versions)
}

// render writes o to w: the status line, then the lines.
func render(w io.Writer, o output) error {
	var buf bytes.Buffer
	if o.statusLine != "" {
		buf.WriteString(o.statusLine)
		buf.WriteByte('\n')
	}
	for _, l := range o.lines {
		buf.WriteString(l)
		buf.WriteByte('\n')
	}
	_, err := w.Write(buf.Bytes())
	return err
}
