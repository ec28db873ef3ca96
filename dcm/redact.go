package dcm

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"sync"

	"github.com/mixcoatl/mixcoatl/wire"
)

// RedactBody returns body with the values of password- and secret-like
// fields replaced by [REDACTED], at any depth, in JSON (object keys) and XML
// (element and attribute names). A body that does not parse is redacted by
// pattern instead, so malformed input cannot leak either.
func RedactBody(body []byte) []byte {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return body
	}
	var out []byte
	var err error
	switch trimmed[0] {
	case '{', '[':
		out, err = redactJSON(trimmed)
	case '<':
		out, err = redactXML(trimmed)
	default:
		return redactByPattern(body)
	}
	if err != nil {
		return redactByPattern(body)
	}
	// Text inside a well-formed document can still hold "password=…".
	return redactKV(out)
}

// redactJSON re-emits the JSON token stream compactly, keeping key order and
// number text, and replaces the whole value (scalar, object or array) of any
// sensitive key.
func redactJSON(body []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var out bytes.Buffer
	type frame struct {
		object    bool
		expectKey bool
		n         int
	}
	var stack []frame
	writeSep := func() {
		if len(stack) == 0 {
			return
		}
		top := &stack[len(stack)-1]
		if top.object && !top.expectKey {
			out.WriteByte(':')
			return
		}
		if top.n > 0 {
			out.WriteByte(',')
		}
	}
	afterValue := func() {
		if len(stack) == 0 {
			return
		}
		top := &stack[len(stack)-1]
		top.n++
		if top.object {
			top.expectKey = true
		}
	}
	skipValue := func() error {
		depth := 0
		for {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			switch tok {
			case json.Delim('{'), json.Delim('['):
				depth++
			case json.Delim('}'), json.Delim(']'):
				depth--
			}
			if depth == 0 {
				return nil
			}
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				writeSep()
				out.WriteByte(byte(t))
				stack = append(stack, frame{object: t == '{', expectKey: t == '{'})
			case '}', ']':
				stack = stack[:len(stack)-1]
				out.WriteByte(byte(t))
				afterValue()
			}
		default:
			if len(stack) > 0 && stack[len(stack)-1].object && stack[len(stack)-1].expectKey {
				key, _ := t.(string)
				top := &stack[len(stack)-1]
				if top.n > 0 {
					out.WriteByte(',')
				}
				kb, _ := json.Marshal(key)
				out.Write(kb)
				top.expectKey = false
				if wire.IsSecret(key) {
					out.WriteString(`:"` + redacted + `"`)
					if err := skipValue(); err != nil {
						return nil, err
					}
					afterValue()
				}
				continue
			}
			writeSep()
			vb, err := json.Marshal(t)
			if err != nil {
				return nil, err
			}
			out.Write(vb)
			afterValue()
		}
	}
	if len(stack) != 0 {
		return nil, errors.New("unbalanced JSON")
	}
	return out.Bytes(), nil
}

// redactXML re-emits the XML token stream; a sensitive element keeps its
// tags but its whole content becomes [REDACTED], and a sensitive attribute's
// value is replaced.
func redactXML(body []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	var out bytes.Buffer
	enc := xml.NewEncoder(&out)
	hidden := 0 // depth inside a sensitive element
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if hidden > 0 {
				hidden++
				continue
			}
			t = t.Copy()
			for i, a := range t.Attr {
				if wire.IsSecret(a.Name.Local) {
					t.Attr[i].Value = redacted
				}
			}
			if wire.IsSecret(t.Name.Local) {
				hidden = 1
			}
			tok = t
		case xml.EndElement:
			if hidden > 0 {
				hidden--
				if hidden > 0 {
					continue
				}
				if err := enc.EncodeToken(xml.CharData(redacted)); err != nil {
					return nil, err
				}
			}
		default:
			if hidden > 0 {
				continue
			}
		}
		if err := enc.EncodeToken(tok); err != nil {
			return nil, err
		}
	}
	if hidden > 0 {
		return nil, errors.New("unclosed XML element")
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Bodies that do not parse are redacted by pattern: each syntax below finds
// a name and where its value starts, and wire.IsSecret, the one secret rule,
// decides. The patterns match names only, never values, so a secret's name
// cannot hide inside the value of the match before it. They are compiled
// on first use, not at package init: most runs never redact a body that
// does not parse, and every command would pay for compiling them.
type redactPatterns struct {
	jsonName, jsonVal, xmlOpen, attrName, attrVal, kvName, kvVal *regexp.Regexp
}

var patterns = sync.OnceValue(func() *redactPatterns {
	return &redactPatterns{
		jsonName: regexp.MustCompile(`"([^"]*)"\s*:\s*`),
		jsonVal:  regexp.MustCompile(`^(?:"(?:[^"\\]|\\.)*"|[^,}\]\s]+)`),
		xmlOpen:  regexp.MustCompile(`(?i)<([a-z_:][\w.:-]*)\b[^>]*>`),
		attrName: regexp.MustCompile(`([\w.:-]+)\s*=\s*`),
		attrVal:  regexp.MustCompile(`^(?:"[^"]*"|'[^']*')`),
		kvName:   regexp.MustCompile(`([\w.-]+)\s*=\s*`),
		kvVal:    regexp.MustCompile(`^[^&\s<>"',;]+`),
	}
})

// redactByPattern is the fallback for bodies that do not parse: JSON
// members, XML elements (up to the next closing tag, or the end of the
// body when there is none), XML attributes and name=value text.
func redactByPattern(body []byte) []byte {
	p := patterns()
	out := redactNamed(body, p.jsonName, regexpExtent(p.jsonVal), `"`+redacted+`"`)
	out = redactNamed(out, p.xmlOpen, elementExtent, redacted)
	out = redactNamed(out, p.attrName, regexpExtent(p.attrVal), `"`+redacted+`"`)
	return redactKV(out)
}

// redactKV hides the values of secret name=value pairs, as in a form body
// or a message text.
func redactKV(body []byte) []byte {
	p := patterns()
	return redactNamed(body, p.kvName, regexpExtent(p.kvVal), redacted)
}

// redactNamed replaces with repl the value after every match of name (group
// 1 is the name) that wire.IsSecret calls a secret; extent says how many
// bytes of the rest of the text the value takes.
func redactNamed(body []byte, name *regexp.Regexp, extent func(rest []byte, match []byte) int, repl string) []byte {
	var out []byte
	last := 0
	for _, m := range name.FindAllSubmatchIndex(body, -1) {
		if m[0] < last || !wire.IsSecret(string(body[m[2]:m[3]])) {
			continue
		}
		n := extent(body[m[1]:], body[m[0]:m[1]])
		if n == 0 {
			continue
		}
		out = append(out, body[last:m[1]]...)
		out = append(out, repl...)
		last = m[1] + n
	}
	if out == nil {
		return body
	}
	return append(out, body[last:]...)
}

func regexpExtent(re *regexp.Regexp) func(rest, _ []byte) int {
	return func(rest, _ []byte) int { return len(re.Find(rest)) }
}

// elementExtent is the content of an element up to the next closing tag;
// an empty element (<password/>) has none.
func elementExtent(rest, open []byte) int {
	if bytes.HasSuffix(open, []byte("/>")) {
		return 0
	}
	if i := bytes.Index(rest, []byte("</")); i >= 0 {
		return i
	}
	return len(rest)
}
