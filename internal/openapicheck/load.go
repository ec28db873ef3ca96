package openapicheck

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// document is a loaded OpenAPI document: what the checker needs of it.
// Loading is strict: a key the checker does not understand, anywhere, is
// an error naming it and where it is, never something passed over; keys
// that only document (descriptions, summaries, tags, examples, x-
// extensions of operations) are read past.
type document struct {
	bases    []string // the servers' URL paths
	paths    []*pathItem
	security []requirement // the document's default
}

type pathItem struct {
	template string
	segs     []string // a segment "{name}" is a parameter
	params   int      // how many segments are parameters
	ops      map[string]*operation
}

type operation struct {
	loc       string // JSON pointer of the operation
	params    []*parameter
	body      *requestBody
	responses map[string]*response // by status code, "2XX" range or "default"
	security  []requirement
}

type parameter struct {
	name, in string
	required bool
	schema   *schema
}

type requestBody struct {
	required bool
	content  map[string]*schema // by media type; nil schema: any body
}

type response struct {
	content map[string]*schema
	headers map[string]*header // by lower-case name
}

type header struct {
	name     string
	required bool
	schema   *schema
}

// requirement is one security requirement: every header it names must be
// sent (apiKey schemes in headers, the only ones the documents use).
type requirement []string

// fields is one object of the document, whose keys are checked.
type fields struct {
	m   map[string]any
	loc string
}

func object(v any, loc string) (fields, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return fields{}, fmt.Errorf("%s: want an object, found %s", loc, kind(v))
	}
	return fields{m: m, loc: loc}, nil
}

// only fails on a key outside known (and outside x- extensions when
// extensions is set).
func (f fields) only(extensions bool, known ...string) error {
	for _, k := range sortedKeys(f.m) {
		if slices.Contains(known, k) || extensions && strings.HasPrefix(k, "x-") {
			continue
		}
		return fmt.Errorf("%s/%s: %q is not a key the checker understands", f.loc, pointerEscape(k), k)
	}
	return nil
}

func (f fields) at(k string) string { return f.loc + "/" + pointerEscape(k) }

func (f fields) str(k string) (string, error) {
	v, ok := f.m[k]
	if !ok {
		return "", nil
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("%s: want a string, found %s", f.at(k), kind(v))
	}
	return s, nil
}

func (f fields) flag(k string) (bool, error) {
	v, ok := f.m[k]
	if !ok {
		return false, nil
	}
	b, ok := v.(bool)
	if !ok {
		return false, fmt.Errorf("%s: want a boolean, found %s", f.at(k), kind(v))
	}
	return b, nil
}

// loader reads one document.
type loader struct {
	c          *compiler
	components fields
	// The components already read, by location: operations share them
	// (every one refers to the error response), so each is read once.
	responses map[string]*response
	headers   map[string]*header
	params    map[string]*parameter
}

// load reads a document.
func load(raw []byte, regexps map[string]*regexp.Regexp) (*document, error) {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("openapi document: %w", err)
	}
	root, err := object(v, "#")
	if err != nil {
		return nil, err
	}
	if err := root.only(false, "openapi", "info", "jsonSchemaDialect", "servers", "security", "tags", "paths", "components"); err != nil {
		return nil, err
	}
	if version, _ := root.str("openapi"); !strings.HasPrefix(version, "3.1.") {
		return nil, fmt.Errorf("#/openapi: the checker reads OpenAPI 3.1, found %q", version)
	}
	if d, _ := root.str("jsonSchemaDialect"); d != "" && d != "https://spec.openapis.org/oas/3.1/dialect/base" {
		return nil, fmt.Errorf("#/jsonSchemaDialect: the checker reads the OpenAPI 3.1 base dialect, found %q", d)
	}
	l := &loader{responses: map[string]*response{}, headers: map[string]*header{}, params: map[string]*parameter{}}
	if l.components, err = object(orEmpty(root.m["components"]), "#/components"); err != nil {
		return nil, err
	}
	if err := l.components.only(false, "schemas", "parameters", "responses", "headers", "securitySchemes"); err != nil {
		return nil, err
	}
	schemas, err := object(orEmpty(l.components.m["schemas"]), "#/components/schemas")
	if err != nil {
		return nil, err
	}
	if l.c, err = newCompiler(schemas.m, regexps); err != nil {
		return nil, err
	}
	d := &document{}
	if d.bases, err = servers(root.m["servers"]); err != nil {
		return nil, err
	}
	if d.security, err = l.security(root.m["security"], "#/security"); err != nil {
		return nil, err
	}
	paths, err := object(orEmpty(root.m["paths"]), "#/paths")
	if err != nil {
		return nil, err
	}
	for _, p := range sortedKeys(paths.m) {
		item, err := l.pathItem(p, paths.m[p], paths.at(p), d.security)
		if err != nil {
			return nil, err
		}
		d.paths = append(d.paths, item)
	}
	l.c.finish()
	return d, nil
}

func orEmpty(v any) any {
	if v == nil {
		return map[string]any{}
	}
	return v
}

// servers reads the servers' URL paths: a request path starts with one.
func servers(v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("#/servers: want a list, found %s", kind(v))
	}
	var bases []string
	for i, s := range list {
		f, err := object(s, "#/servers/"+strconv.Itoa(i))
		if err != nil {
			return nil, err
		}
		if err := f.only(false, "url", "description"); err != nil {
			return nil, err
		}
		raw, err := f.str("url")
		if err != nil {
			return nil, err
		}
		u, err := url.Parse(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.at("url"), err)
		}
		if base := strings.TrimSuffix(u.EscapedPath(), "/"); base != "" {
			bases = append(bases, base)
		}
	}
	return bases, nil
}

func (l *loader) pathItem(template string, v any, loc string, security []requirement) (*pathItem, error) {
	f, err := object(v, loc)
	if err != nil {
		return nil, err
	}
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	if err := f.only(false, append([]string{"parameters", "summary", "description"}, methods...)...); err != nil {
		return nil, err
	}
	item := &pathItem{template: template, segs: strings.Split(strings.TrimPrefix(template, "/"), "/"), ops: map[string]*operation{}}
	for _, s := range item.segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			item.params++
		} else if strings.ContainsAny(s, "{}") {
			return nil, fmt.Errorf("%s: the checker reads only whole-segment path parameters", loc)
		}
	}
	shared, err := l.parameters(f.m["parameters"], f.at("parameters"))
	if err != nil {
		return nil, err
	}
	for _, m := range methods {
		if op, ok := f.m[m]; ok {
			if item.ops[strings.ToUpper(m)], err = l.operation(op, f.at(m), shared, security); err != nil {
				return nil, err
			}
		}
	}
	return item, nil
}

func (l *loader) operation(v any, loc string, shared []*parameter, security []requirement) (*operation, error) {
	f, err := object(v, loc)
	if err != nil {
		return nil, err
	}
	if err := f.only(true, "operationId", "summary", "description", "tags", "parameters", "requestBody", "responses", "security"); err != nil {
		return nil, err
	}
	op := &operation{loc: loc, security: security}
	own, err := l.parameters(f.m["parameters"], f.at("parameters"))
	if err != nil {
		return nil, err
	}
	// An operation's parameter replaces the path's of the same name and place.
	for _, p := range shared {
		if !slices.ContainsFunc(own, func(o *parameter) bool { return o.name == p.name && o.in == p.in }) {
			op.params = append(op.params, p)
		}
	}
	op.params = append(op.params, own...)
	if s, ok := f.m["security"]; ok {
		if op.security, err = l.security(s, f.at("security")); err != nil {
			return nil, err
		}
	}
	if b, ok := f.m["requestBody"]; ok {
		if op.body, err = l.requestBody(b, f.at("requestBody")); err != nil {
			return nil, err
		}
	}
	rs, err := object(orEmpty(f.m["responses"]), f.at("responses"))
	if err != nil {
		return nil, err
	}
	op.responses = map[string]*response{}
	for _, code := range sortedKeys(rs.m) {
		if !validStatusKey(code) {
			return nil, fmt.Errorf("%s: %q is not a status code, a range or default", rs.at(code), code)
		}
		if op.responses[code], err = l.response(rs.m[code], rs.at(code)); err != nil {
			return nil, err
		}
	}
	return op, nil
}

func validStatusKey(k string) bool {
	if k == "default" {
		return true
	}
	if len(k) != 3 || k[0] < '1' || k[0] > '5' {
		return false
	}
	if k[1:] == "XX" {
		return true
	}
	_, err := strconv.Atoi(k)
	return err == nil
}

// resolve follows a $ref to a component of kind (parameters, responses,
// headers); an object with $ref may only add a description or summary.
func (l *loader) resolve(v any, loc, kind string) (fields, error) {
	f, err := object(v, loc)
	if err != nil {
		return f, err
	}
	ref, ok := f.m["$ref"]
	if !ok {
		return f, nil
	}
	if err := f.only(false, "$ref", "description", "summary"); err != nil {
		return f, err
	}
	s, _ := ref.(string)
	name, ok := strings.CutPrefix(s, "#/components/"+kind+"/")
	if !ok {
		return f, fmt.Errorf("%s: $ref %v does not name one of the document's %s", f.at("$ref"), ref, kind)
	}
	group, err := object(orEmpty(l.components.m[kind]), "#/components/"+kind)
	if err != nil {
		return f, err
	}
	target, ok := group.m[name]
	if !ok {
		return f, fmt.Errorf("%s: $ref %v names nothing", f.at("$ref"), ref)
	}
	return object(target, group.at(name))
}

func (l *loader) parameters(v any, loc string) ([]*parameter, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: want a list, found %s", loc, kind(v))
	}
	var out []*parameter
	for i, pv := range list {
		f, err := l.resolve(pv, loc+"/"+strconv.Itoa(i), "parameters")
		if err != nil {
			return nil, err
		}
		if p, ok := l.params[f.loc]; ok {
			out = append(out, p)
			continue
		}
		if err := f.only(false, "name", "in", "required", "schema", "description", "example"); err != nil {
			return nil, err
		}
		p := &parameter{}
		l.params[f.loc] = p
		if p.name, err = f.str("name"); err != nil {
			return nil, err
		}
		if p.in, err = f.str("in"); err != nil {
			return nil, err
		}
		if p.required, err = f.flag("required"); err != nil {
			return nil, err
		}
		switch p.in {
		case "path", "query", "header":
		default:
			return nil, fmt.Errorf("%s: parameters in %q are not ones the checker reads", f.at("in"), p.in)
		}
		if p.name == "" {
			return nil, fmt.Errorf("%s: a parameter has a name", f.loc)
		}
		sv, ok := f.m["schema"]
		if !ok {
			return nil, fmt.Errorf("%s: the checker reads parameters with a schema", f.loc)
		}
		if p.schema, err = l.c.compile(sv, f.at("schema")); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (l *loader) requestBody(v any, loc string) (*requestBody, error) {
	f, err := object(v, loc)
	if err != nil {
		return nil, err
	}
	if err := f.only(false, "content", "description", "required"); err != nil {
		return nil, err
	}
	b := &requestBody{}
	if b.required, err = f.flag("required"); err != nil {
		return nil, err
	}
	b.content, err = l.content(f.m["content"], f.at("content"))
	return b, err
}

func (l *loader) response(v any, loc string) (*response, error) {
	f, err := l.resolve(v, loc, "responses")
	if err != nil {
		return nil, err
	}
	if r, ok := l.responses[f.loc]; ok {
		return r, nil
	}
	if err := f.only(false, "content", "description", "headers"); err != nil {
		return nil, err
	}
	r := &response{}
	l.responses[f.loc] = r
	if c, ok := f.m["content"]; ok {
		if r.content, err = l.content(c, f.at("content")); err != nil {
			return nil, err
		}
	}
	hs, err := object(orEmpty(f.m["headers"]), f.at("headers"))
	if err != nil {
		return nil, err
	}
	for _, name := range sortedKeys(hs.m) {
		h, err := l.header(name, hs.m[name], hs.at(name))
		if err != nil {
			return nil, err
		}
		if r.headers == nil {
			r.headers = map[string]*header{}
		}
		r.headers[strings.ToLower(name)] = h
	}
	return r, nil
}

func (l *loader) header(name string, v any, loc string) (*header, error) {
	f, err := l.resolve(v, loc, "headers")
	if err != nil {
		return nil, err
	}
	if h, ok := l.headers[f.loc]; ok && h.name == name {
		return h, nil
	}
	if err := f.only(false, "schema", "description", "required"); err != nil {
		return nil, err
	}
	h := &header{name: name}
	l.headers[f.loc] = h
	if h.required, err = f.flag("required"); err != nil {
		return nil, err
	}
	if sv, ok := f.m["schema"]; ok {
		if h.schema, err = l.c.compile(sv, f.at("schema")); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// content reads a content map: a schema per media type.
func (l *loader) content(v any, loc string) (map[string]*schema, error) {
	f, err := object(orEmpty(v), loc)
	if err != nil {
		return nil, err
	}
	out := map[string]*schema{}
	for _, mt := range sortedKeys(f.m) {
		if strings.Contains(mt, "*") {
			return nil, fmt.Errorf("%s: the checker reads exact media types, not ranges", f.at(mt))
		}
		m, err := object(f.m[mt], f.at(mt))
		if err != nil {
			return nil, err
		}
		if err := m.only(false, "schema", "example"); err != nil {
			return nil, err
		}
		var s *schema
		if sv, ok := m.m["schema"]; ok {
			if s, err = l.c.compile(sv, m.at("schema")); err != nil {
				return nil, err
			}
		}
		out[strings.ToLower(mt)] = s
	}
	return out, nil
}

// security reads a list of security requirements into the headers each
// needs.
func (l *loader) security(v any, loc string) ([]requirement, error) {
	if v == nil {
		return nil, nil
	}
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: want a list, found %s", loc, kind(v))
	}
	schemes, err := object(orEmpty(l.components.m["securitySchemes"]), "#/components/securitySchemes")
	if err != nil {
		return nil, err
	}
	out := []requirement{}
	for i, rv := range list {
		f, err := object(rv, loc+"/"+strconv.Itoa(i))
		if err != nil {
			return nil, err
		}
		req := requirement{}
		for _, name := range sortedKeys(f.m) {
			if scopes, ok := f.m[name].([]any); !ok || len(scopes) > 0 {
				return nil, fmt.Errorf("%s: the checker reads apiKey requirements, without scopes", f.at(name))
			}
			sv, ok := schemes.m[name]
			if !ok {
				return nil, fmt.Errorf("%s: no security scheme %q", f.at(name), name)
			}
			s, err := object(sv, schemes.at(name))
			if err != nil {
				return nil, err
			}
			if err := s.only(false, "type", "in", "name", "description"); err != nil {
				return nil, err
			}
			typ, _ := s.str("type")
			in, _ := s.str("in")
			header, _ := s.str("name")
			if typ != "apiKey" || in != "header" || header == "" {
				return nil, fmt.Errorf("%s: the checker reads apiKey schemes in a header, found %q in %q", s.loc, typ, in)
			}
			req = append(req, http.CanonicalHeaderKey(header))
		}
		out = append(out, req)
	}
	return out, nil
}
