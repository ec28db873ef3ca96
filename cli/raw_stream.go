package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/mixcoatl/mixcoatl/dcm"
)

// wholeLimit is the largest body checked whole before any of it is
// printed; a larger one is printed as it streams in.
const wholeLimit = 1 << 20

// printAnswer prints the body of a raw verb's answer to w, pretty-printed
// in the format asked for (indentJSON, indentXML), and checks it: the raw
// verbs print what they got, but exit 4 when it is not what was asked.
// The rules:
//
//   - An empty body is the answer of a 204 (or a HEAD, handled before);
//     with any other status it is refused.
//   - A Content-Type other than the format asked for (text/html from a
//     proxy, XML when JSON was asked) is refused after the body is printed
//     as received.
//   - A body that is not valid in its format (truncated, garbage) is
//     refused too. Up to wholeLimit it is checked before anything is
//     printed, and then printed as received; a larger body streams through
//     the indenter in bounded memory, so it is printed indented up to the
//     fault and as received from there.
//
// A refusal is an *dcm.APIError of Problem dcm.ProblemAnswer (the body is
// on stdout already, so the message does not quote it).
func printAnswer(w io.Writer, req *dcm.Request, resp *dcm.Response, body io.Reader, asked dcm.Format) error {
	refuse := func(msg string) error { return dcm.NewAnswerError(req, resp, dcm.ProblemAnswer, msg) }
	head, err := io.ReadAll(io.LimitReader(body, wholeLimit+1))
	if err != nil {
		return err
	}
	whole := len(head) <= wholeLimit
	if whole && len(bytes.TrimSpace(head)) == 0 {
		if resp.StatusCode == http.StatusNoContent {
			return nil
		}
		return refuse("the answer is empty")
	}
	rest := io.MultiReader(bytes.NewReader(head), body)
	got, ferr := dcm.AnswerFormat(resp.Header, head)
	if ferr != nil || got != asked {
		if err := copyAsReceived(w, rest); err != nil {
			return err
		}
		if ferr == nil {
			ferr = fmt.Errorf("the answer is %s", formatName(got))
		}
		return refuse(fmt.Sprintf("asked for %s, but %v; it is printed above as received", formatName(asked), ferr))
	}
	indent := indentJSON
	if asked == dcm.FormatXML {
		indent = indentXML
	}
	if whole {
		if err := indent(io.Discard, bytes.NewReader(head)); err != nil {
			if werr := copyAsReceived(w, rest); werr != nil {
				return werr
			}
			return refuse(err.Error() + "; the answer is printed above as received")
		}
	}
	err = indent(w, rest)
	if errors.As(err, new(*jsonSyntaxError)) || errors.As(err, new(*xmlSyntaxError)) {
		return refuse(err.Error() + "; the answer is printed above, indented up to there and as received from there")
	}
	return err
}

// copyAsReceived prints r unchanged, ending the line.
func copyAsReceived(w io.Writer, r io.Reader) error {
	out := newLineOutput(w)
	_, err := io.Copy(out, r)
	return out.finish(err)
}

func formatName(f dcm.Format) string {
	if f == dcm.FormatXML {
		return "XML"
	}
	return "JSON"
}
