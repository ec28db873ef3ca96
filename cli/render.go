package cli

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// output is everything a command prints on stdout. render is the one
// function that turns it into bytes, so new formats (-o table|json|yaml)
// plug in there and commands never Printf results themselves.
type output struct {
	statusLine string     // --statuscode: "200 OK", printed first
	body       []byte     // an API response body, pretty-printed in its format
	format     dcm.Format // format of body
	lines      []string   // plain result lines (counts, versions)
}

// render writes o to w: the status line, the pretty body, then the lines.
func render(w io.Writer, o output) error {
	var buf bytes.Buffer
	if o.statusLine != "" {
		buf.WriteString(o.statusLine)
		buf.WriteByte('\n')
	}
	if len(bytes.TrimSpace(o.body)) > 0 {
		buf.Write(prettyBody(o.body, o.format))
		if !bytes.HasSuffix(buf.Bytes(), []byte("\n")) {
			buf.WriteByte('\n')
		}
	}
	for _, l := range o.lines {
		buf.WriteString(l)
		buf.WriteByte('\n')
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// prettyBody indents a body without decoding it into maps, so the server's
// key order survives. A body that is not valid in its format is returned as
// received rather than hidden.
func prettyBody(body []byte, format dcm.Format) []byte {
	if format == dcm.FormatXML {
		if out, err := indentXML(body); err == nil {
			return out
		}
		return body
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, bytes.TrimSpace(body), "", "  "); err != nil {
		return body
	}
	return buf.Bytes()
}
