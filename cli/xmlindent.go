package cli

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// indentXML copies an XML document from r to w re-indented by two spaces
// per level. It works on raw tokens, so prefixes and attribute order are
// printed as received; an element holding only text stays on one line, an
// empty one becomes <a/>. Whitespace-only text between elements is dropped
// and text is trimmed. It streams: at most three tokens and the decoder's
// read-ahead are held, whatever the size of the document.
//
// On malformed or truncated input it prints what it has indented so far,
// then the rest of r from the end of the last good token as it came, and
// returns the error: the output then holds every byte received.
func indentXML(w io.Writer, r io.Reader) error {
	out := newLineOutput(w)
	src := &retainReader{r: r}
	x := &xmlIndenter{w: out.Writer, dec: xml.NewDecoder(src), src: src}
	if err := x.run(); err != nil {
		x.flushQueue()
		_, _ = out.Write(src.kept)
		_, cerr := io.Copy(out, r)
		return out.finish(&xmlSyntaxError{Offset: src.base, Err: err}, cerr)
	}
	return out.finish()
}

// xmlSyntaxError is the first fault in an XML document, after the last good
// token ending at Offset.
type xmlSyntaxError struct {
	Offset int64
	Err    error
}

func (e *xmlSyntaxError) Error() string {
	return fmt.Sprintf("invalid XML after byte %d: %v", e.Offset, e.Err)
}

func (e *xmlSyntaxError) Unwrap() error { return e.Err }

// retainReader keeps what it has read past a mark (the end of the last good
// token), so that the rest of a faulty document can be printed as it came.
type retainReader struct {
	r    io.Reader
	kept []byte // bytes read from offset base on
	base int64  // offset of kept[0] in the input
}

func (t *retainReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.kept = append(t.kept, p[:n]...)
	return n, err
}

// mark forgets the bytes before offset.
func (t *retainReader) mark(offset int64) {
	drop := int(offset - t.base)
	t.kept = append(t.kept[:0], t.kept[drop:]...)
	t.base = offset
}

type xmlIndenter struct {
	w     *bufio.Writer
	dec   *xml.Decoder
	src   *retainReader
	queue []xml.Token // read, not yet printed (the lookahead)
	depth int         // indentation of the next line
	open  int         // elements open in the input
	seen  bool        // a token was read
}

func (x *xmlIndenter) run() error {
	eof := false
	for {
		for !eof && len(x.queue) < 3 {
			tok, err := x.next()
			if errors.Is(err, io.EOF) {
				eof = true
				break
			}
			if err != nil {
				return err
			}
			x.queue = append(x.queue, tok)
		}
		if len(x.queue) == 0 {
			break
		}
		x.queue = x.queue[x.print(x.queue):]
	}
	if x.open != 0 || !x.seen {
		return errors.New("incomplete document")
	}
	return nil
}

// next reads the next token worth printing: whitespace-only text is
// dropped and text trimmed; tags must balance.
func (x *xmlIndenter) next() (xml.Token, error) {
	for {
		tok, err := x.dec.RawToken()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			s := strings.TrimSpace(string(t))
			if s == "" {
				x.src.mark(x.dec.InputOffset())
				continue
			}
			tok = xml.CharData(s)
		case xml.StartElement:
			x.open++
		case xml.EndElement:
			if x.open == 0 {
				return nil, errors.New("unbalanced end tag")
			}
			x.open--
		}
		x.src.mark(x.dec.InputOffset())
		x.seen = true
		return xml.CopyToken(tok), nil
	}
}

// print prints the front of q and says how many tokens it used: an element
// with no content or only text takes one line.
func (x *xmlIndenter) print(q []xml.Token) int {
	switch t := q[0].(type) {
	case xml.StartElement:
		if len(q) > 1 {
			if _, ok := q[1].(xml.EndElement); ok {
				x.line(startTag(t, true))
				return 2
			}
		}
		if len(q) > 2 {
			text, isText := q[1].(xml.CharData)
			_, isEnd := q[2].(xml.EndElement)
			if isText && isEnd {
				x.line(startTag(t, false) + escapeXML(string(text)) + "</" + xmlName(t.Name) + ">")
				return 3
			}
		}
		x.line(startTag(t, false))
		x.depth++
	case xml.EndElement:
		x.depth = max(x.depth-1, 0)
		x.line("</" + xmlName(t.Name) + ">")
	case xml.CharData:
		x.line(escapeXML(string(t)))
	case xml.Comment:
		x.line("<!--" + string(t) + "-->")
	case xml.ProcInst:
		x.line("<?" + t.Target + " " + string(t.Inst) + "?>")
	case xml.Directive:
		x.line("<!" + string(t) + ">")
	}
	return 1
}

// flushQueue prints the tokens read before a fault.
func (x *xmlIndenter) flushQueue() {
	for len(x.queue) > 0 {
		x.queue = x.queue[x.print(x.queue):]
	}
}

func (x *xmlIndenter) line(s string) {
	_, _ = x.w.WriteString(strings.Repeat("  ", x.depth))
	_, _ = x.w.WriteString(s)
	_ = x.w.WriteByte('\n')
}

func startTag(t xml.StartElement, selfClose bool) string {
	var b strings.Builder
	b.WriteString("<" + xmlName(t.Name))
	for _, a := range t.Attr {
		b.WriteString(" " + xmlName(a.Name) + `="` + escapeXML(a.Value) + `"`)
	}
	if selfClose {
		b.WriteString("/>")
	} else {
		b.WriteString(">")
	}
	return b.String()
}

func xmlName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

func escapeXML(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}
