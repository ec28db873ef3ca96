package dcm

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
)

// sensitiveFields are body keys whose values never appear in traces or
// error messages. Matching is case-insensitive, and any key containing
// "password" or "secret" is treated the same way, so new variants of these
// fields (e.g. newPassword) are covered too.
var sensitiveFields = []string{
	"secretkey", "apikeysecret", "password", "adminpassword", "servicepassword", "cloudconsolepassword",
}

func isSensitiveKey(k string) bool {
	k = strings.ToLower(k)
	for _, s := range sensitiveFields {
		if k == s {
			return true
		}
	}
	return strings.Contains(k, "password") || strings.Contains(k, "secret")
}

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
	return kvSecretRE.ReplaceAll(out, []byte(`${1}`+redacted))
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
				if isSensitiveKey(key) {
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
				if isSensitiveKey(a.Name.Local) {
					t.Attr[i].Value = redacted
				}
			}
			if isSensitiveKey(t.Name.Local) {
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

var (
	jsonSecretRE = regexp.MustCompile(`(?i)("[^"]*(?:password|secret)[^"]*"\s*:\s*)("(?:[^"\\]|\\.)*"|[^,}\]\s]+)`)
	xmlSecretRE  = regexp.MustCompile(`(?is)(<([a-z_:][\w.:-]*(?:password|secret)[\w.:-]*)\b[^>]*>).*?(</\s*[^>]*>)`)
	attrSecretRE = regexp.MustCompile(`(?i)([\w.:-]*(?:password|secret)[\w.:-]*\s*=\s*)("[^"]*"|'[^']*')`)
	kvSecretRE   = regexp.MustCompile(`(?i)([\w.-]*(?:password|secret)[\w.-]*\s*=\s*)([^&\s<>"',;]+)`)
)

// redactByPattern is the fallback for bodies that do not parse.
func redactByPattern(body []byte) []byte {
	out := jsonSecretRE.ReplaceAll(body, []byte(`${1}"`+redacted+`"`))
	out = xmlSecretRE.ReplaceAll(out, []byte(`${1}`+redacted+`${3}`))
	out = attrSecretRE.ReplaceAll(out, []byte(`${1}"`+redacted+`"`))
	out = kvSecretRE.ReplaceAll(out, []byte(`${1}`+redacted))
	return out
}
