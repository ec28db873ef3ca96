// Package wirexml reads the API's XML into a plain element tree. XML has no
// arrays, numbers or booleans, so the tree is read as is and each side then
// shapes it with the catalogue: the emulator into the engine's request
// values, the SDK into the JSON its models decode.
package wirexml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Node is one element: its local name, attributes as written, child
// elements in order and the character data directly inside it, untrimmed.
type Node struct {
	Name     string
	Attrs    []xml.Attr
	Children []*Node
	Text     string
}

// Walk calls fn on n and every element below it, parents first.
func (n *Node) Walk(fn func(*Node)) {
	fn(n)
	for _, c := range n.Children {
		c.Walk(fn)
	}
}

// SameNames reports whether the nodes, at least one, all have one name.
func SameNames(nodes []*Node) bool {
	for _, n := range nodes[1:] {
		if n.Name != nodes[0].Name {
			return false
		}
	}
	return true
}

// ErrNoRoot is Parse's error for a document without an element.
var ErrNoRoot = errors.New("no root element")

// Rules are what Parse refuses beyond malformed XML.
type Rules struct {
	MaxDepth int  // elements nested deeper are an error; 0 = no bound
	OneRoot  bool // a second root element or text outside the root is an error (else ignored)
}

// Parse reads a document's root element; a leading <?xml?> declaration and
// comments are tolerated. Errors are the decoder's, ErrNoRoot or one
// breaking the rules, for the caller to prefix.
func Parse(body []byte, r Rules) (*Node, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = true
	var root *Node
	var t tree
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			if len(t.stack) == 0 && root != nil && r.OneRoot {
				return nil, errors.New("more than one root element")
			}
			if r.MaxDepth > 0 && len(t.stack) >= r.MaxDepth {
				return nil, fmt.Errorf("nested deeper than %d elements", r.MaxDepth)
			}
			n := t.open(tk)
			if root == nil {
				root = n
			}
		case xml.EndElement:
			t.close()
		case xml.CharData:
			if len(t.stack) == 0 {
				if r.OneRoot && len(bytes.TrimSpace(tk)) > 0 {
					return nil, errors.New("text outside the root element")
				}
				continue
			}
			t.chars(tk)
		}
	}
	if root == nil {
		return nil, ErrNoRoot
	}
	return root, nil
}

// Read reads the element whose start tag d has just returned, to its end
// tag (for xml.Unmarshaler implementations).
func Read(d *xml.Decoder, start xml.StartElement) (*Node, error) {
	var t tree
	root := t.open(start)
	for len(t.stack) > 0 {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			t.open(tk)
		case xml.EndElement:
			t.close()
		case xml.CharData:
			t.chars(tk)
		}
	}
	return root, nil
}

// tree builds nodes from tokens: the open elements and their text so far.
type tree struct {
	stack []*Node
	text  [][]byte
}

func (t *tree) open(start xml.StartElement) *Node {
	n := &Node{Name: start.Name.Local, Attrs: start.Attr}
	if len(t.stack) > 0 {
		parent := t.stack[len(t.stack)-1]
		parent.Children = append(parent.Children, n)
	}
	t.stack = append(t.stack, n)
	t.text = append(t.text, nil)
	return n
}

func (t *tree) close() {
	last := len(t.stack) - 1
	t.stack[last].Text = string(t.text[last])
	t.stack, t.text = t.stack[:last], t.text[:last]
}

func (t *tree) chars(b []byte) {
	last := len(t.text) - 1
	t.text[last] = append(t.text[last], b...)
}
