package wirexml

import (
	"encoding/xml"
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	root, err := Parse([]byte(`<?xml version="1.0"?><!-- c --><a k="1">x<b>1</b><c>2</c><d>3</d>y</a>`), Rules{OneRoot: true})
	if err != nil {
		t.Fatal(err)
	}
	if root.Name != "a" || root.Text != "xy" || len(root.Children) != 3 || root.Children[2].Text != "3" || root.Attrs[0].Value != "1" {
		t.Errorf("got %+v", root)
	}
	for body, want := range map[string]string{
		"":                   ErrNoRoot.Error(),
		"<a/><b/>":           "more than one root element",
		"<a/>x":              "text outside the root element",
		"<a><a><a/></a></a>": "nested deeper than 2 elements",
	} {
		if _, err := Parse([]byte(body), Rules{MaxDepth: 2, OneRoot: true}); err == nil || err.Error() != want {
			t.Errorf("%q: error %v, want %q", body, err, want)
		}
	}
	if root, err := Parse([]byte("<a/><b/>x"), Rules{}); err != nil || root.Name != "a" {
		t.Errorf("without rules: %v, %v", root, err)
	}
	if _, err := Parse(nil, Rules{}); !errors.Is(err, ErrNoRoot) {
		t.Errorf("empty: %v", err)
	}
}

func TestRead(t *testing.T) {
	t.Parallel()
	d := xml.NewDecoder(strings.NewReader(`<r><s id="1"> t <u/></s><v/></r>`))
	var got *Node
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatal(err)
		}
		if s, ok := tok.(xml.StartElement); ok && s.Name.Local == "s" {
			if got, err = Read(d, s); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	if got.Name != "s" || got.Text != " t " || len(got.Children) != 1 || got.Attrs[0].Value != "1" {
		t.Errorf("got %+v", got)
	}
}
