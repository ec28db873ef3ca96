package cli

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// indentXML re-indents an XML document by two spaces per level. It works on
// raw tokens, so prefixes and attribute order are printed as received; an
// element holding only text stays on one line, an empty one becomes <a/>.
// Whitespace-only text between elements is dropped and text is trimmed.
func indentXML(body []byte) ([]byte, error) {
	toks, err := xmlTokens(body)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	depth := 0
	line := func(s string) {
		out.WriteString(strings.Repeat("  ", depth))
		out.WriteString(s)
		out.WriteByte('\n')
	}
	for i := 0; i < len(toks); i++ {
		switch t := toks[i].(type) {
		case xml.StartElement:
			if i+1 < len(toks) {
				if _, ok := toks[i+1].(xml.EndElement); ok {
					line(startTag(t, true))
					i++
					continue
				}
			}
			if i+2 < len(toks) {
				text, isText := toks[i+1].(xml.CharData)
				_, isEnd := toks[i+2].(xml.EndElement)
				if isText && isEnd {
					line(startTag(t, false) + escapeXML(string(text)) + "</" + xmlName(t.Name) + ">")
					i += 2
					continue
				}
			}
			line(startTag(t, false))
			depth++
		case xml.EndElement:
			depth = max(depth-1, 0)
			line("</" + xmlName(t.Name) + ">")
		case xml.CharData:
			line(escapeXML(string(t)))
		case xml.Comment:
			line("<!--" + string(t) + "-->")
		case xml.ProcInst:
			line("<?" + t.Target + " " + string(t.Inst) + "?>")
		case xml.Directive:
			line("<!" + string(t) + ">")
		}
	}
	return out.Bytes(), nil
}

// xmlTokens reads every raw token, dropping whitespace-only text and
// trimming the rest; tags must balance.
func xmlTokens(body []byte) ([]xml.Token, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var toks []xml.Token
	depth := 0
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			s := strings.TrimSpace(string(t))
			if s == "" {
				continue
			}
			tok = xml.CharData(s)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
			if depth < 0 {
				return nil, errors.New("unbalanced end tag")
			}
		}
		toks = append(toks, xml.CopyToken(tok))
	}
	if depth != 0 || len(toks) == 0 {
		return nil, errors.New("incomplete document")
	}
	return toks, nil
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
