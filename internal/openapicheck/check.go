package openapicheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/mixcoatl/mixcoatl/catalog"
	"github.com/mixcoatl/mixcoatl/internal/openapigen"
	"github.com/mixcoatl/mixcoatl/wire"
)

type Checker struct {
	doc      *document
	isSecret func(name string) bool
}

func New(doc []byte) (*Checker, error) {
	return newChecker(doc, map[string]*regexp.Regexp{}, wire.IsSecret)
}

func newChecker(doc []byte, regexps map[string]*regexp.Regexp, isSecret func(string) bool) (*Checker, error) {
	d, err := load(doc, regexps)
	if err != nil {
		return nil, fmt.Errorf("openapi document: %w", err)
	}
	return &Checker{doc: d, isSecret: isSecret}, nil
}

func (c *Checker) Request(r *http.Request) []string {
	body, err := readBack(&r.Body)
	if err != nil {
		return []string{"reading the request body: " + err.Error()}
	}
	op, params, problem := c.doc.operation(r)
	if problem != "" {
		return []string{problem}
	}
	out := c.parameters(r, op, params)
	out = append(out, c.security(r, op)...)
	if op.body == nil {
		return out
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		if op.body.required {
			out = append(out, "the request has no Content-Type; the operation requires a body ("+mediaTypes(op.body.content)+")")
		}
		return out
	}
	s, ok := findMedia(op.body.content, ct)
	switch {
	case !ok:
		return append(out, fmt.Sprintf("the request's Content-Type %q is not one the operation takes (%s)", ct, mediaTypes(op.body.content)))
	case s == nil:
		return out
	case len(body) == 0:
		if op.body.required {
			out = append(out, "the request has no body; the operation requires one")
		}
		return out
	}
	return append(out, c.body("request body", ct, s, body)...)
}

func (c *Checker) Response(r *http.Request, resp *http.Response) []string {
	body, err := readBack(&resp.Body)
	if err != nil {
		return []string{"reading the answer: " + err.Error()}
	}
	op, _, problem := c.doc.operation(r)
	if problem != "" {
		return []string{problem}
	}
	code, rs := op.answer(resp.StatusCode)
	if rs == nil {
		return []string{fmt.Sprintf("status %d is not one the operation answers", resp.StatusCode)}
	}
	var out []string
	if len(rs.content) > 0 {
		ct := resp.Header.Get("Content-Type")
		s, ok := findMedia(rs.content, ct)
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("Content-Type %q is not one the document gives for status %s (%s)", ct, code, mediaTypes(rs.content)))
		case s == nil || len(body) == 0:
			// An empty body is not checked, as a HEAD answer has none.
		case r.Method == http.MethodHead:
			out = append(out, "an answer to HEAD has a body; it must have none")
		default:
			out = append(out, c.body("answer body", ct, s, body)...)
		}
	}
	return append(out, c.headers(resp, rs)...)
}

func (c *Checker) Decode(r *http.Request, resp *http.Response) (any, error) {
	body, err := readBack(&resp.Body)
	if err != nil || len(body) == 0 {
		return nil, err
	}
	op, _, problem := c.doc.operation(r)
	if problem != "" {
		return nil, errors.New(problem)
	}
	_, rs := op.answer(resp.StatusCode)
	if rs == nil {
		return nil, nil
	}
	ct := resp.Header.Get("Content-Type")
	s, ok := findMedia(rs.content, ct)
	if !ok || s == nil {
		return nil, nil
	}
	v, _, err := decode(ct, s, body)
	return v, err
}

func (c *Checker) body(what, ct string, s *schema, body []byte) []string {
	v, xml, err := decode(ct, s, body)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", what, err)}
	}
	if xml == nil && !isJSON(ct) {
		return nil // a media type the checker has no reader for, as the reference
	}
	val := &validation{isSecret: c.isSecret}
	if val.check(s, v, false) {
		return nil
	}
	var paths map[string]string
	if xml != nil {
		paths = xml.paths(s, body)
	}
	out := make([]string, 0, len(val.problems))
	for _, p := range val.problems {
		at := p.at
		if x := paths[at]; x != "" {
			at = x
		} else if at == "" {
			at = "(the whole body)"
		}
		out = append(out, fmt.Sprintf("%s at %s: %s", what, at, p.what))
	}
	return out
}

func decode(ct string, s *schema, body []byte) (v any, xml *xmlBody, err error) {
	switch {
	case isJSON(ct):
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			return nil, nil, fmt.Errorf("not JSON: %w", err)
		}
		if _, err := d.Token(); !errors.Is(err, io.EOF) {
			return nil, nil, errors.New("not JSON: more than one value")
		}
		return v, nil, nil
	case isXML(ct):
		xml = &xmlBody{}
		v, err = xml.decode(s, body)
		return v, xml, err
	}
	return nil, nil, nil
}

func isJSON(ct string) bool { return strings.Contains(strings.ToLower(ct), "json") }

func isXML(ct string) bool {
	mt, _, _ := mime.ParseMediaType(ct)
	return mt == "application/xml" || mt == "text/xml" || strings.HasSuffix(mt, "+xml")
}

func findMedia(content map[string]*schema, ct string) (s *schema, ok bool) {
	mt, _, _ := mime.ParseMediaType(ct)
	s, ok = content[mt]
	return s, ok
}

func mediaTypes(content map[string]*schema) string {
	return strings.Join(sortedKeys(content), ", ")
}

func (op *operation) answer(status int) (string, *response) {
	for _, k := range []string{strconv.Itoa(status), fmt.Sprintf("%dXX", status/100), "default"} {
		if r := op.responses[k]; r != nil {
			return k, r
		}
	}
	return "", nil
}

func readBack(body *io.ReadCloser) ([]byte, error) {
	if *body == nil || *body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(*body)
	_ = (*body).Close()
	*body = io.NopCloser(bytes.NewReader(b))
	return b, err
}

type Contract struct {
	cat      *catalog.Catalog
	mu       sync.Mutex
	checkers map[string]*Checker
	regexps  map[string]*regexp.Regexp // shared by the versions' documents
	secrets  func(string) bool
}

func NewContract(cat *catalog.Catalog) *Contract {
	return &Contract{cat: cat, checkers: map[string]*Checker{}, regexps: map[string]*regexp.Regexp{}}
}

func (c *Contract) Version(v string) (*Checker, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.checkers[v]; ok {
		return ch, nil
	}
	doc, err := openapigen.Document(c.cat, v)
	if err != nil {
		return nil, err
	}
	if c.secrets == nil {
		c.secrets = wire.SecretsOf(c.cat).IsSecret
	}
	ch, err := newChecker(doc, c.regexps, c.secrets)
	if err != nil {
		return nil, err
	}
	c.checkers[v] = ch
	return ch, nil
}

func (c *Contract) VersionOf(path string) string {
	rest, ok := strings.CutPrefix(path, wire.BasePath+"/")
	if !ok {
		return ""
	}
	v, tail, _ := strings.Cut(rest, "/")
	if !c.cat.KnownVersion(v) || tail == "" || tail == openapigen.DocumentName {
		return ""
	}
	return v
}
