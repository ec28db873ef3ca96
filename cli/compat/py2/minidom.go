package py2

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// MinidomXML is xml.dom.minidom.parseString(data).toxml() of Python 2.7:
// the declaration `<?xml version="1.0" ?>` (whatever the document's own),
// then the document's comments, processing instructions and root element
// on one line, as parsed: element and attribute names as written
// (prefixes kept), attributes sorted by name, an element without children
// as `<name/>`, text and attribute values with &, <, " and > escaped
// (entities and character references decoded, CR LF read as LF), CDATA
// sections kept as such, whitespace between elements kept, whitespace
// outside the root element dropped.
//
// skip, when not nil, leaves out every element (with its content) and
// attribute whose local name it reports, as if the document had not held
// them. An error is returned where expat refused the document (not well
// formed, no root element, an undefined entity); a document type
// declaration is written as it was read, where minidom rebuilt it from
// its parts, and only UTF-8 documents are read.
func MinidomXML(data []byte, skip func(name string) bool) (string, error) {
	doc, err := parseDOM(data, skip)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" ?>`)
	for _, n := range doc {
		n.write(&b)
	}
	return b.String(), nil
}

type domKind uint8

const (
	domElement domKind = iota
	domText
	domCDATA
	domComment
	domPI
	domDirective
)

// domNode is one node of the parsed document: an element (name, attrs,
// children) or a character node (data).
type domNode struct {
	kind     domKind
	name     string // element name or PI target
	attrs    [][2]string
	data     string
	children []*domNode
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// parseDOM reads the document's top-level nodes. Go's decoder does not
// check that end tags match (RawToken keeps the prefixes as written), so
// the stack does.
func parseDOM(data []byte, skip func(string) bool) ([]*domNode, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var top []*domNode
	var stack []*domNode
	skipping := 0 // depth inside a skipped element
	roots := 0
	appendNode := func(n *domNode) {
		if len(stack) == 0 {
			top = append(top, n)
			return
		}
		parent := stack[len(stack)-1]
		parent.children = append(parent.children, n)
	}
	for {
		start := dec.InputOffset()
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		raw := data[start:dec.InputOffset()]
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 && skipping == 0 {
				if roots++; roots > 1 {
					return nil, errors.New("junk after document element")
				}
			}
			if skipping > 0 || (skip != nil && skip(t.Name.Local)) {
				skipping++
				continue
			}
			n := &domNode{kind: domElement, name: qname(t.Name)}
			for _, a := range t.Attr {
				if skip == nil || !skip(a.Name.Local) {
					n.attrs = append(n.attrs, [2]string{qname(a.Name), a.Value})
				}
			}
			slices.SortStableFunc(n.attrs, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
			appendNode(n)
			stack = append(stack, n)
		case xml.EndElement:
			if skipping > 0 {
				skipping--
				continue
			}
			if len(stack) == 0 || stack[len(stack)-1].name != qname(t.Name) {
				return nil, fmt.Errorf("mismatched tag </%s>", qname(t.Name))
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			switch {
			case skipping > 0:
			case len(stack) == 0:
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, errors.New("text outside the document element")
				}
			case bytes.HasPrefix(raw, []byte("<![CDATA[")):
				appendNode(&domNode{kind: domCDATA, data: string(t)})
			default:
				parent := stack[len(stack)-1]
				if k := len(parent.children); k > 0 && parent.children[k-1].kind == domText {
					parent.children[k-1].data += string(t) // expat's pieces make one Text node
				} else if len(t) > 0 {
					appendNode(&domNode{kind: domText, data: string(t)})
				}
			}
		case xml.Comment:
			if skipping == 0 {
				appendNode(&domNode{kind: domComment, data: string(t)})
			}
		case xml.ProcInst:
			if t.Target != "xml" && skipping == 0 {
				appendNode(&domNode{kind: domPI, name: t.Target, data: strings.TrimLeft(string(t.Inst), " \t\r\n")})
			}
		case xml.Directive:
			if len(stack) == 0 {
				top = append(top, &domNode{kind: domDirective, data: string(t)})
			}
		}
	}
	if len(stack) > 0 || skipping > 0 {
		return nil, errors.New("unclosed token")
	}
	if roots == 0 {
		return nil, errors.New("no element found")
	}
	return top, nil
}

func (n *domNode) write(b *strings.Builder) {
	switch n.kind {
	case domElement:
		b.WriteString("<" + n.name)
		for _, a := range n.attrs {
			b.WriteString(" " + a[0] + `="` + minidomEscape(a[1]) + `"`)
		}
		if len(n.children) == 0 {
			b.WriteString("/>")
			return
		}
		b.WriteString(">")
		for _, c := range n.children {
			c.write(b)
		}
		b.WriteString("</" + n.name + ">")
	case domText:
		b.WriteString(minidomEscape(n.data))
	case domCDATA:
		b.WriteString("<![CDATA[" + n.data + "]]>")
	case domComment:
		b.WriteString("<!--" + n.data + "-->")
	case domPI:
		b.WriteString("<?" + n.name + " " + n.data + "?>")
	case domDirective:
		b.WriteString("<!" + n.data + ">")
	}
}

// minidomEscape is minidom's _write_data: &, <, " and > (not ').
func minidomEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", `"`, "&quot;", ">", "&gt;").Replace(s)
}
