package openapicheck

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// operation finds the operation a request is for: its path matches a
// template once the servers' base path is cut (a literal segment wins
// over a parameter), and the template has the method. params are the
// path parameters' values; problem says why there is no operation.
func (d *document) operation(r *http.Request) (op *operation, params map[string]string, problem string) {
	path := r.URL.EscapedPath()
	for _, b := range d.bases {
		if rest, ok := strings.CutPrefix(path, b); ok && (rest == "" || rest[0] == '/') {
			path = rest
			break
		}
	}
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	var best, bestAny *pathItem
	for _, item := range d.paths {
		if !item.matches(segs) {
			continue
		}
		if bestAny == nil || item.params < bestAny.params {
			bestAny = item
		}
		if item.ops[r.Method] != nil && (best == nil || item.params < best.params) {
			best = item
		}
	}
	switch {
	case bestAny == nil:
		return nil, nil, fmt.Sprintf("no path of the document matches %s", r.URL.Path)
	case best == nil:
		return nil, nil, fmt.Sprintf("the document has no %s operation on %s", r.Method, bestAny.template)
	}
	params = map[string]string{}
	for i, s := range best.segs {
		if name, ok := paramName(s); ok {
			v, err := url.PathUnescape(segs[i])
			if err != nil {
				v = segs[i]
			}
			params[name] = v
		}
	}
	return best.ops[r.Method], params, ""
}

func (p *pathItem) matches(segs []string) bool {
	if len(segs) != len(p.segs) {
		return false
	}
	for i, s := range p.segs {
		if _, param := paramName(s); param {
			if segs[i] == "" {
				return false
			}
		} else if s != segs[i] {
			return false
		}
	}
	return true
}

func paramName(seg string) (string, bool) {
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}

// parameters checks the request's path, query and header parameters.
// Query and header parameters the document does not name are not
// violations (servers ignore them).
func (c *Checker) parameters(r *http.Request, op *operation, path map[string]string) []string {
	var out []string
	var query, raw map[string][]string
	for _, p := range op.params {
		var values []string
		switch p.in {
		case "path":
			values = []string{path[p.name]}
		case "header":
			if v := r.Header.Get(p.name); v != "" {
				values = []string{v}
			}
		case "query":
			if query == nil {
				query, raw = r.URL.Query(), rawQuery(r.URL.RawQuery)
			}
			values = query[p.name]
			for _, rv := range raw[p.name] {
				// allowReserved is false: a reserved character must
				// come percent-encoded ('+' is a space).
				if strings.ContainsAny(strings.ReplaceAll(rv, "+", " "), ":/?#[]@!$&'()*+,;=") {
					out = append(out, fmt.Sprintf("query parameter %s: a reserved character is not percent-encoded", p.name))
				}
			}
		}
		if len(values) == 0 {
			if p.required {
				out = append(out, fmt.Sprintf("%s parameter %s is required and missing", p.in, p.name))
			}
			continue
		}
		for _, v := range values {
			if what := c.parameter(p, v); what != "" {
				out = append(out, fmt.Sprintf("%s parameter %s: %s", p.in, p.name, what))
			}
		}
	}
	return out
}

// parameter checks one parameter value: text, read as each type its
// schema allows, is valid when one reading keeps the schema.
func (c *Checker) parameter(p *parameter, text string) string {
	return c.textValue(p.schema, text, c.isSecret(p.name))
}

// textValue checks a value sent as text (a parameter, a header) against
// a schema: read as each type the schema allows, it is valid when one
// reading keeps the schema; else the first reading's problem is told.
func (c *Checker) textValue(s *schema, text string, secret bool) string {
	types := s.typeSet()
	var first string
	try := func(v any) bool {
		val := &validation{isSecret: c.isSecret}
		if val.check(s, v, secret) {
			return true
		}
		if first == "" {
			first = val.problems[0].what
		}
		return false
	}
	if types == 0 || types.has(tString) {
		if try(text) {
			return ""
		}
	}
	if types.has(tInteger) || types.has(tNumber) {
		if f, ok := parseNumber(text); ok {
			var v any = f
			if types.has(tInteger) && f == math.Trunc(f) && math.Abs(f) < math.MaxInt64 {
				v = int64(f)
			}
			if try(v) {
				return ""
			}
		}
	}
	if types.has(tBoolean) {
		if b, err := strconv.ParseBool(text); err == nil && try(b) {
			return ""
		}
	}
	if first == "" {
		first = fmt.Sprintf("want %s, found %s", types, describe(text, secret))
	}
	return first
}

// parseNumber reads a decimal number (no hex, no NaN or infinities).
func parseNumber(text string) (float64, bool) {
	if text == "" || strings.ContainsFunc(text, func(r rune) bool { return (r < '0' || r > '9') && !strings.ContainsRune("+-.eE", r) }) {
		return 0, false
	}
	f, err := strconv.ParseFloat(text, 64)
	return f, err == nil
}

// rawQuery is the query's values as sent (not unescaped), by name.
func rawQuery(q string) map[string][]string {
	out := map[string][]string{}
	for q != "" {
		var seg string
		seg, q, _ = strings.Cut(q, "&")
		if seg == "" || strings.Contains(seg, ";") {
			continue
		}
		k, v, _ := strings.Cut(seg, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			continue
		}
		out[key] = append(out[key], v)
	}
	return out
}

// security checks that the request carries every header of one of the
// operation's security requirements (their values are the server's
// concern, and never shown).
func (c *Checker) security(r *http.Request, op *operation) []string {
	if len(op.security) == 0 {
		return nil
	}
	var missing []string
	for _, req := range op.security {
		missing = missing[:0]
		for _, h := range req {
			if r.Header.Get(h) == "" {
				missing = append(missing, h)
			}
		}
		if len(missing) == 0 {
			return nil
		}
	}
	return []string{"the request lacks the security header(s) " + strings.Join(missing, ", ")}
}

// headers checks the answer's headers the response declares: each
// present one against its schema, and that the required ones are there.
func (c *Checker) headers(resp *http.Response, rs *response) []string {
	var out []string
	for _, name := range sortedKeys(rs.headers) {
		h := rs.headers[name]
		if name == "content-type" { // OpenAPI: described by the content map
			continue
		}
		values := resp.Header.Values(h.name)
		if len(values) == 0 && h.required {
			out = append(out, fmt.Sprintf("the required header %s is missing", h.name))
		}
		if h.schema == nil {
			continue
		}
		for _, v := range values {
			if what := c.textValue(h.schema, v, c.isSecret(h.name)); what != "" {
				out = append(out, fmt.Sprintf("header %s: %s", h.name, what))
			}
		}
	}
	return out
}
